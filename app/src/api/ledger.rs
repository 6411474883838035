//! The balance page and the public currency rules.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::ledger::{BalanceView, CurrencyRules};

/// My balance, generosity and latest movements.
#[server(endpoint = "my_balance", input = Json)]
pub async fn my_balance() -> Result<BalanceView, AppError> {
    use crate::backend::{exchanges, internal, ledger, now, request};
    request::respond(
        async {
            let state = request::state()?;
            let user = request::require_user().await?;
            let account = ledger::account_of_user(&state.db, user)
                .await
                .map_err(internal)?;
            let balance = ledger::balance_of(&state.db, account)
                .await
                .map_err(internal)?;
            let generosity = exchanges::generosity(&state.db, user, now())
                .await
                .map_err(internal)?;
            Ok(BalanceView {
                balance,
                generosity,
                share_percent: generosity.share_percent(),
                discount_percent: generosity.discount_percent(),
                movements: ledger::history(&state.db, account)
                    .await
                    .map_err(internal)?,
                rules: state.currency_rules(),
            })
        }
        .await,
    )
}

/// The deployment's currency settings (public).
#[server(endpoint = "get_currency_rules", input = Json)]
pub async fn get_currency_rules() -> Result<CurrencyRules, AppError> {
    use crate::backend::request;
    request::respond(request::state().map(|s| s.currency_rules()))
}
