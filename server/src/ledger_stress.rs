//! `server ledger-stress`: many clients at once make thousands of transfers over a few hot
//! accounts, each through `backend::ledger::transfer` with its own idempotency key, and every
//! answer is counted. The concurrency test and the crash test run it; its report gives the
//! figures quoted in the README.

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::backend::ledger::{self, TransferError};
use app::domain::ledger::{
    AccountKind, LedgerError, LedgerRules, Receipt, TransferReason, TransferRequest,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use tokio::sync::Mutex;

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Tasks sending transfers at the same time.
    pub clients: usize,
    /// Transfers each client sends.
    pub per_client: usize,
    /// People whose accounts all the transfers go between.
    pub hot_accounts: usize,
    /// What each hot account is given first (by the issuer).
    pub funding: i64,
}

/// What happened.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub clients: usize,
    pub sent: usize,
    /// Transfers answered with a receipt (funding included).
    pub succeeded: usize,
    /// Transfers refused because the payer would go below the floor.
    pub below_floor: usize,
    /// Any other error a client saw (must stay empty: busy and serialization errors are
    /// retried inside).
    pub errors: Vec<String>,
    pub duration: Duration,
    /// The keys of every acknowledged transfer of this run, funding included.
    pub acknowledged: Vec<String>,
}

/// Creates the hot accounts, funds them, then lets the clients loose. `on_ack` is called for
/// every receipt as soon as it is received (the crash test prints them).
pub async fn run(
    db: &DatabaseConnection,
    rules: &LedgerRules,
    plan: Plan,
    on_ack: impl Fn(&Receipt) + Send + Sync + 'static,
) -> Result<Report, String> {
    let run_id: u32 = rand::random();
    let issuer = ledger::system_account(db, AccountKind::Issuer)
        .await
        .map_err(|e| e.to_string())?;
    let mut accounts = Vec::with_capacity(plan.hot_accounts);
    for i in 0..plan.hot_accounts {
        let user = app::backend::entities::user::ActiveModel {
            email: Set(format!("stress-{run_id}-{i}@example.org")),
            display_name: Set(format!("Stress {i}")),
            // Not a valid hash: nobody can log in as these people.
            password_hash: Set("!".into()),
            bio: Set(String::new()),
            languages: Set(String::new()),
            created_at: Set(app::backend::now()),
            email_verified_at: Set(Some(app::backend::now())),
            notify: Set("none".into()),
            ..Default::default()
        }
        .insert(db)
        .await
        .map_err(|e| e.to_string())?;
        accounts.push(
            ledger::account_of_user(db, user.id)
                .await
                .map_err(|e| e.to_string())?,
        );
    }
    let report = Arc::new(Mutex::new(Report {
        clients: plan.clients,
        ..Report::default()
    }));
    let on_ack = Arc::new(on_ack);
    let started = Instant::now();
    for (i, &account) in accounts.iter().enumerate() {
        let request = TransferRequest {
            key: format!("stress:{run_id}:fund:{i}"),
            from: issuer,
            to: account,
            amount: plan.funding,
            reason: TransferReason::Correction,
            cause: None,
        };
        record(
            &report,
            &on_ack,
            ledger::transfer(db, rules, &request).await,
        )
        .await;
    }
    let mut tasks = tokio::task::JoinSet::new();
    for client in 0..plan.clients {
        let db = db.clone();
        let rules = *rules;
        let accounts = accounts.clone();
        let report = report.clone();
        let on_ack = on_ack.clone();
        tasks.spawn(async move {
            let mut rng = StdRng::seed_from_u64(u64::from(run_id) ^ client as u64);
            for n in 0..plan.per_client {
                let from = accounts[rng.random_range(0..accounts.len())];
                let mut to = accounts[rng.random_range(0..accounts.len())];
                if to == from {
                    to = accounts[(accounts.iter().position(|a| *a == from).unwrap_or(0) + 1)
                        % accounts.len()];
                }
                let request = TransferRequest {
                    key: format!("stress:{run_id}:{client}:{n}"),
                    from,
                    to,
                    amount: rng.random_range(1..=plan.funding.max(1) / 2 + 1),
                    reason: TransferReason::Correction,
                    cause: None,
                };
                record(
                    &report,
                    &on_ack,
                    ledger::transfer(&db, &rules, &request).await,
                )
                .await;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.map_err(|e| e.to_string())?;
    }
    let mut report = report.lock().await.clone();
    report.duration = started.elapsed();
    Ok(report)
}

async fn record(
    report: &Mutex<Report>,
    on_ack: &Arc<impl Fn(&Receipt)>,
    result: Result<Receipt, TransferError>,
) {
    let mut report = report.lock().await;
    report.sent += 1;
    match result {
        Ok(receipt) => {
            on_ack(&receipt);
            report.succeeded += 1;
            report.acknowledged.push(receipt.key);
        }
        Err(TransferError::Refused(LedgerError::BelowFloor { .. })) => report.below_floor += 1,
        Err(e) => report.errors.push(e.to_string()),
    }
}
