//! The ledger under load, retries, crashes and random sequences, on SQLite and PostgreSQL.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use app::backend::entities::{ledger_account, ledger_transfer, user};
use app::backend::grants;
use app::backend::ledger::{self, TransferError};
use app::domain::ledger::{
    AccountKind, LedgerError, LedgerRules, Receipt, TransferReason, TransferRequest,
};
use rstest::rstest;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use server::ledger_stress::{self, Plan};

use crate::support::{Db, database_url, spawn};

const RULES: LedgerRules = LedgerRules {
    floor: 0,
    welcome_grant: 20,
    weekly_grant: 5,
};

/// A person created straight in the database, with no ledger account yet.
pub(crate) async fn raw_user(db: &DatabaseConnection, name: &str) -> i64 {
    user::ActiveModel {
        email: Set(format!("{name}-{}@example.org", rand::random::<u32>())),
        display_name: Set(name.into()),
        password_hash: Set("!".into()),
        bio: Set(String::new()),
        languages: Set(String::new()),
        created_at: Set(0),
        email_verified_at: Set(Some(0)),
        notify: Set("none".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("user")
    .id
}

/// A person with an account, created straight in the database.
async fn person(db: &DatabaseConnection, name: &str) -> (i64, i64) {
    let id = raw_user(db, name).await;
    let account = ledger::account_of_user(db, id).await.expect("account");
    (id, account)
}

fn request(key: &str, from: i64, to: i64, amount: i64) -> TransferRequest {
    TransferRequest {
        key: key.into(),
        from,
        to,
        amount,
        reason: TransferReason::Correction,
        cause: None,
    }
}

async fn assert_sound(db: &DatabaseConnection) {
    let report = ledger::check(db, &RULES).await.expect("check");
    assert!(report.ok(), "ledger problems: {:?}", report.problems);
    assert_eq!(report.total, 0);
    assert_eq!(report.entries, report.transfers * 2);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_clients_over_hot_accounts_keep_every_invariant(#[case] db: Db) {
    let app = spawn(db).await;
    let plan = Plan {
        clients: 32,
        per_client: 100,
        hot_accounts: 5,
        funding: 50,
    };
    let report = ledger_stress::run(&app.db, &RULES, plan, |_| {})
        .await
        .expect("run");
    eprintln!(
        "ledger stress on {db:?}: {} clients, {} transfers sent, {} succeeded, {} refused below \
         the floor, {:.2} s",
        report.clients,
        report.sent,
        report.succeeded,
        report.below_floor,
        report.duration.as_secs_f64()
    );
    assert!(
        report.errors.is_empty(),
        "clients saw errors: {:?}",
        &report.errors[..report.errors.len().min(5)]
    );
    assert_eq!(
        report.sent,
        plan.clients * plan.per_client + plan.hot_accounts
    );
    assert_eq!(report.succeeded + report.below_floor, report.sent);
    assert!(
        report.succeeded > plan.clients * plan.per_client / 2,
        "too few succeeded: {report:?}"
    );
    assert!(
        report.below_floor > 0,
        "the floor was never reached: the test is too gentle"
    );
    let in_journal = ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::IdemKey.starts_with("stress:"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(in_journal as usize, report.succeeded);
    assert_sound(&app.db).await;
    let lowest = ledger_account::Entity::find()
        .filter(ledger_account::Column::Kind.eq("user"))
        .all(&app.db)
        .await
        .expect("accounts")
        .into_iter()
        .map(|a| a.balance)
        .min()
        .expect("some accounts");
    assert!(lowest >= RULES.floor);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_key_three_times_at_once_moves_once(#[case] db: Db) {
    let app = spawn(db).await;
    let issuer = ledger::system_account(&app.db, AccountKind::Issuer)
        .await
        .expect("issuer");
    let (_, alice) = person(&app.db, "alice").await;
    let (_, bob) = person(&app.db, "bob").await;
    ledger::transfer(&app.db, &RULES, &request("fund", issuer, alice, 1_000))
        .await
        .expect("fund");
    let mut all = Vec::new();
    for n in 0..40 {
        let req = request(&format!("op-{n}"), alice, bob, 1 + n % 7);
        let answers = futures_util::future::join_all((0..3).map(|_| {
            let db = app.db.clone();
            let req = req.clone();
            tokio::spawn(async move { ledger::transfer(&db, &RULES, &req).await })
        }))
        .await;
        let answers: Vec<Receipt> = answers
            .into_iter()
            .map(|a| a.expect("task").expect("accepted"))
            .collect();
        assert_eq!(answers[0], answers[1]);
        assert_eq!(answers[0], answers[2]);
        all.push(answers[0].clone());
    }
    let moved: i64 = (0..40).map(|n| 1 + n % 7).sum();
    assert_eq!(ledger::balance_of(&app.db, bob).await.expect("bob"), moved);
    assert_eq!(
        ledger::balance_of(&app.db, alice).await.expect("alice"),
        1_000 - moved
    );
    let transfers = ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::IdemKey.starts_with("op-"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(transfers, 40);
    // A later retry still answers the first receipt…
    let again = ledger::transfer(&app.db, &RULES, &request("op-3", alice, bob, 4))
        .await
        .expect("replay");
    assert_eq!(again, all[3]);
    // …and the same key with other content is refused, moving nothing.
    for changed in [
        request("op-3", alice, bob, 5),
        request("op-3", bob, alice, 4),
        TransferRequest {
            reason: TransferReason::Refund,
            ..request("op-3", alice, bob, 4)
        },
    ] {
        let refused = ledger::transfer(&app.db, &RULES, &changed).await;
        assert!(
            matches!(refused, Err(TransferError::Refused(LedgerError::KeyReused))),
            "{refused:?}"
        );
    }
    assert_eq!(ledger::balance_of(&app.db, bob).await.expect("bob"), moved);
    assert_sound(&app.db).await;
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn bad_transfers_are_refused_and_move_nothing(#[case] db: Db) {
    let app = spawn(db).await;
    let issuer = ledger::system_account(&app.db, AccountKind::Issuer)
        .await
        .expect("issuer");
    let escrow = ledger::system_account(&app.db, AccountKind::Escrow)
        .await
        .expect("escrow");
    let (_, alice) = person(&app.db, "alice").await;
    let (_, bob) = person(&app.db, "bob").await;
    ledger::transfer(&app.db, &RULES, &request("fund", issuer, alice, 10))
        .await
        .expect("fund");
    let cases = [
        (request("zero", alice, bob, 0), LedgerError::NotPositive),
        (
            request("negative", alice, bob, -5),
            LedgerError::NotPositive,
        ),
        (request("self", alice, alice, 3), LedgerError::SameAccount),
        (
            request("nobody", alice, 987_654, 3),
            LedgerError::UnknownAccount,
        ),
        (
            request("from-nobody", 987_654, alice, 3),
            LedgerError::UnknownAccount,
        ),
        (
            request("too-much", alice, bob, 11),
            LedgerError::BelowFloor {
                balance: 10,
                floor: 0,
            },
        ),
        (
            request("empty-escrow", escrow, bob, 1),
            LedgerError::BelowFloor {
                balance: 0,
                floor: 0,
            },
        ),
        (
            request("huge", alice, bob, i64::MAX),
            LedgerError::BelowFloor {
                balance: 10,
                floor: 0,
            },
        ),
    ];
    for (req, expected) in cases {
        match ledger::transfer(&app.db, &RULES, &req).await {
            Err(TransferError::Refused(e)) => assert_eq!(e, expected, "{}", req.key),
            other => panic!("{}: expected a refusal, got {other:?}", req.key),
        }
    }
    // Exactly down to the floor is allowed.
    let last = ledger::transfer(&app.db, &RULES, &request("all", alice, bob, 10))
        .await
        .expect("down to the floor");
    assert_eq!((last.from_balance_after, last.to_balance_after), (0, 10));
    assert_eq!(
        ledger_transfer::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        2
    );
    assert_sound(&app.db).await;
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn the_journal_is_append_only(#[case] db: Db) {
    let app = spawn(db).await;
    let issuer = ledger::system_account(&app.db, AccountKind::Issuer)
        .await
        .expect("issuer");
    let (_, alice) = person(&app.db, "alice").await;
    ledger::transfer(&app.db, &RULES, &request("fund", issuer, alice, 10))
        .await
        .expect("fund");
    for sql in [
        "UPDATE ledger_entries SET delta = 1000",
        "DELETE FROM ledger_entries",
        "UPDATE ledger_transfers SET amount = 1000",
        "DELETE FROM ledger_transfers",
    ] {
        let refused = app.db.execute_unprepared(sql).await;
        assert!(refused.is_err(), "{sql} was allowed");
        assert!(
            refused
                .expect_err("refused")
                .to_string()
                .contains("append-only"),
            "{sql}"
        );
    }
    assert_sound(&app.db).await;
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn grants_are_paid_once_per_person_and_period(#[case] db: Db) {
    let app = spawn(db).await;
    // Sign-up over HTTP pays nothing until the address is proven; its link pays the welcome
    // grant at once; the job pays nobody unproven.
    let b = app.browser();
    let id = b
        .signup("welcome@example.org", "Welcome", crate::support::STRONG)
        .await
        .ok()["id"]
        .as_i64()
        .expect("id");
    let account = ledger::account_of_user(&app.db, id).await.expect("account");
    let balance = || async { ledger::balance_of(&app.db, account).await.expect("balance") };
    assert_eq!(balance().await, 0);
    let unproven = grants::pay_due(&app.db, &RULES, app::backend::now())
        .await
        .expect("run");
    assert_eq!((unproven.welcome, unproven.weekly), (0, 0));
    assert_eq!(balance().await, 0);
    app.verify(&b, "welcome@example.org").await;
    assert_eq!(balance().await, 20);
    // People created before this period (as seeded demo data is) get both grants, once, even
    // with four runs of the job at the same moment.
    let mut others = Vec::new();
    for n in 0..6 {
        others.push(person(&app.db, &format!("p{n}")).await.1);
    }
    let at = app::backend::now();
    let runs = futures_util::future::join_all((0..4).map(|_| {
        let db = app.db.clone();
        tokio::spawn(async move { grants::pay_due(&db, &RULES, at).await })
    }))
    .await;
    for run in runs {
        run.expect("task").expect("grants");
    }
    for account in &others {
        assert_eq!(
            ledger::balance_of(&app.db, *account)
                .await
                .expect("balance"),
            25
        );
    }
    // The new member signed up this period: no weekly grant yet.
    assert_eq!(
        ledger::balance_of(&app.db, account).await.expect("balance"),
        20
    );
    // Next week, one more grant each.
    let next = at + app::domain::ledger::GRANT_PERIOD_DAYS * 86_400;
    let run = grants::pay_due(&app.db, &RULES, next)
        .await
        .expect("grants");
    assert_eq!(run.weekly, 7);
    assert_eq!(run.welcome, 0);
    let again = grants::pay_due(&app.db, &RULES, next)
        .await
        .expect("grants");
    assert_eq!((again.welcome, again.weekly), (0, 0));
    assert_eq!(
        ledger::balance_of(&app.db, account).await.expect("balance"),
        25
    );
    assert_sound(&app.db).await;
}

/// Kills `server ledger-stress` with SIGKILL once it has acknowledged some transfers, restarts
/// the server's checks on the same database, and finds every acknowledged transfer there.
#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_killed_server_keeps_every_acknowledged_transfer(#[case] db: Db) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(db, &dir).await;
    let exe = env!("CARGO_BIN_EXE_server");
    let mut child = Command::new(exe)
        .arg("ledger-stress")
        .env("DATABASE_URL", &url)
        .env("ENTRAIDE_DATA_DIR", dir.path())
        .env("STRESS_CLIENTS", "16")
        .env("STRESS_TRANSFERS", "100000")
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ledger-stress");
    let stdout = child.stdout.take().expect("stdout");
    let acked = tokio::task::spawn_blocking(move || {
        let mut acked = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("line");
            if let Some(key) = line.strip_prefix("ack ") {
                acked.push(key.to_owned());
                if acked.len() == 400 {
                    break;
                }
            }
        }
        acked
    })
    .await
    .expect("read acks");
    child.kill().expect("kill");
    let status = child.wait().expect("wait");
    assert!(
        !status.success(),
        "the run ended by itself instead of being killed"
    );
    assert_eq!(
        acked.len(),
        400,
        "the run acknowledged too little before dying"
    );

    let check = Command::new(exe)
        .arg("ledger-check")
        .env("DATABASE_URL", &url)
        .env("ENTRAIDE_DATA_DIR", dir.path())
        .output()
        .expect("ledger-check");
    let printed = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "ledger-check after the crash: {printed}"
    );
    assert!(printed.contains("ledger ok"), "{printed}");

    let conn = app::backend::db::connect(&url).await.expect("reopen");
    let stored: std::collections::HashSet<String> = ledger_transfer::Entity::find()
        .all(&conn)
        .await
        .expect("transfers")
        .into_iter()
        .map(|t| t.idem_key)
        .collect();
    let missing: Vec<_> = acked.iter().filter(|k| !stored.contains(*k)).collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    assert_sound(&conn).await;
}

mod model {
    //! The ledger against a plain in-memory model over random sequences of operations.

    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        /// From account index, to account index, amount, key number (small, so keys repeat).
        Transfer(usize, usize, i64, u8),
        /// The weekly grant of a period to one person.
        Grant(usize, u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0..4usize, 0..4usize, -2..40i64, 0..12u8).prop_map(|(f, t, a, k)| Op::Transfer(f, t, a, k)),
            1 => (0..4usize, 0..3u8).prop_map(|(p, period)| Op::Grant(p, period)),
        ]
    }

    /// The model: balances, and what each key was first used for.
    #[derive(Default)]
    struct Model {
        balances: HashMap<i64, i64>,
        keys: HashMap<String, (TransferRequest, (i64, i64))>,
    }

    impl Model {
        fn apply(
            &mut self,
            req: &TransferRequest,
            floor_of: impl Fn(i64) -> Option<i64>,
        ) -> Result<(i64, i64), LedgerError> {
            req.check()?;
            if let Some((first, after)) = self.keys.get(&req.key) {
                return if first.fingerprint() == req.fingerprint() {
                    Ok(*after)
                } else {
                    Err(LedgerError::KeyReused)
                };
            }
            let balance = self.balances.get(&req.from).copied().unwrap_or(0);
            let after = app::domain::ledger::debit(balance, req.amount, floor_of(req.from))?;
            self.balances.insert(req.from, after);
            let to = self.balances.entry(req.to).or_default();
            *to += req.amount;
            let result = (after, *to);
            self.keys.insert(req.key.clone(), (req.clone(), result));
            Ok(result)
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        #[test]
        fn the_ledger_agrees_with_the_model(ops in proptest::collection::vec(op(), 1..40)) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async {
                let app = spawn(Db::Sqlite).await;
                let issuer = ledger::system_account(&app.db, AccountKind::Issuer).await.expect("issuer");
                let mut people = Vec::new();
                for n in 0..4 {
                    people.push(person(&app.db, &format!("m{n}")).await.1);
                }
                let mut model = Model::default();
                for op in &ops {
                    let req = match *op {
                        Op::Transfer(f, t, amount, key) => request(&format!("k{key}"), people[f], people[t], amount),
                        Op::Grant(p, period) => TransferRequest {
                            key: grants::weekly_key(i64::from(period), people[p]),
                            from: issuer,
                            to: people[p],
                            amount: RULES.weekly_grant,
                            reason: TransferReason::WeeklyGrant,
                            cause: None,
                        },
                    };
                    let expected = model.apply(&req, |a| if a == issuer { None } else { Some(RULES.floor) });
                    let actual = ledger::transfer(&app.db, &RULES, &req).await;
                    match (&expected, &actual) {
                        (Ok(after), Ok(receipt)) => {
                            assert_eq!(*after, (receipt.from_balance_after, receipt.to_balance_after), "{op:?}");
                        }
                        (Err(e), Err(TransferError::Refused(a))) => assert_eq!(e, a, "{op:?}"),
                        _ => panic!("{op:?}: model {expected:?}, ledger {actual:?}"),
                    }
                }
                for account in &people {
                    let stored = ledger::balance_of(&app.db, *account).await.expect("balance");
                    assert_eq!(stored, model.balances.get(account).copied().unwrap_or(0));
                }
                assert_sound(&app.db).await;
            });
        }
    }
}
