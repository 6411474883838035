//! What the balance page shows: the balance, the generosity and the discount it gives, the
//! latest movements, and the deployment's currency rules.

use sea_orm::ConnectionTrait;

use super::Error;
use super::{exchanges, ledger};
use crate::domain::ledger::{BalanceView, CurrencyRules};

/// The balance page of `user` at `now`.
pub async fn view(
    conn: &impl ConnectionTrait,
    rules: CurrencyRules,
    user: i64,
    now: i64,
) -> Result<BalanceView, Error> {
    let account = ledger::account_of_user(conn, user).await?;
    let balance = ledger::balance_of(conn, account).await?;
    let generosity = exchanges::generosity(conn, user, now).await?;
    Ok(BalanceView {
        balance,
        generosity,
        share_percent: generosity.share_percent(),
        discount_percent: generosity.discount_percent(),
        movements: ledger::history(conn, account).await?,
        rules,
    })
}
