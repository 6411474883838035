//! Welcome and weekly grants, paid by the issuer. Each grant's idempotency key names the person
//! and the period (`welcome:<user>`, `weekly:<period>:<user>`), so running the job twice, on two
//! servers at once, or again after a crash midway never pays anyone twice.

use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect};

use super::entities::{ledger_transfer, user};
use super::ledger::{self, TransferError};
use crate::domain::ledger::{
    AccountKind, GRANT_PERIOD_DAYS, LedgerRules, Receipt, TransferReason, TransferRequest,
    grant_period,
};
use crate::domain::vocab::DAY;

/// The welcome grant's key for a person.
pub fn welcome_key(user_id: i64) -> String {
    format!("welcome:{user_id}")
}

/// The weekly grant's key for a person and a period.
pub fn weekly_key(period: i64, user_id: i64) -> String {
    format!("weekly:{period}:{user_id}")
}

/// Pays a person's welcome grant (once; later calls answer the first receipt). `None` when the
/// deployment's welcome grant is zero.
pub async fn welcome(
    db: &DatabaseConnection,
    rules: &LedgerRules,
    user_id: i64,
) -> Result<Option<Receipt>, TransferError> {
    pay(
        db,
        rules,
        user_id,
        welcome_key(user_id),
        rules.welcome_grant,
        TransferReason::WelcomeGrant,
    )
    .await
}

async fn pay(
    db: &DatabaseConnection,
    rules: &LedgerRules,
    user_id: i64,
    key: String,
    amount: i64,
    reason: TransferReason,
) -> Result<Option<Receipt>, TransferError> {
    if amount <= 0 {
        return Ok(None);
    }
    let issuer = ledger::system_account(db, AccountKind::Issuer).await?;
    let account = ledger::account_of_user(db, user_id).await?;
    let request = TransferRequest {
        key,
        from: issuer,
        to: account,
        amount,
        reason,
        cause: Some(("user".into(), user_id)),
    };
    ledger::transfer(db, rules, &request).await.map(Some)
}

/// What one run of the grants job paid.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct GrantRun {
    pub welcome: u64,
    pub weekly: u64,
}

/// Pays every grant due at `at` to people whose address is proven: the welcome grant of anyone
/// who lacks it (a verification whose grant failed), and this period's weekly grant of everyone
/// who signed up before the period began. Each grant is its own transaction, so a crash midway keeps what was paid and the
/// next run pays the rest.
pub async fn pay_due(
    db: &DatabaseConnection,
    rules: &LedgerRules,
    at: i64,
) -> Result<GrantRun, TransferError> {
    let period = grant_period(at);
    let period_start = period * GRANT_PERIOD_DAYS * DAY;
    let users: Vec<(i64, i64)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::CreatedAt)
        // Only proven addresses receive currency (`verification`).
        .filter(user::Column::EmailVerifiedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let paid = paid_keys(db, "welcome:").await?;
    let paid_weekly = paid_keys(db, &format!("weekly:{period}:")).await?;
    let mut run = GrantRun::default();
    for (user_id, created_at) in users {
        if rules.welcome_grant > 0 && !paid.contains(&welcome_key(user_id)) {
            welcome(db, rules, user_id).await?;
            run.welcome += 1;
        }
        let key = weekly_key(period, user_id);
        if rules.weekly_grant > 0 && created_at < period_start && !paid_weekly.contains(&key) {
            pay(
                db,
                rules,
                user_id,
                key,
                rules.weekly_grant,
                TransferReason::WeeklyGrant,
            )
            .await?;
            run.weekly += 1;
        }
    }
    Ok(run)
}

async fn paid_keys(
    db: &DatabaseConnection,
    prefix: &str,
) -> Result<std::collections::HashSet<String>, DbErr> {
    let keys: Vec<String> = ledger_transfer::Entity::find()
        .select_only()
        .column(ledger_transfer::Column::IdemKey)
        .filter(ledger_transfer::Column::IdemKey.starts_with(prefix))
        .into_tuple()
        .all(db)
        .await?;
    Ok(keys.into_iter().collect())
}
