//! The balance page and the public currency rules.

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::ledger::{BalanceView, CurrencyRules};

/// My balance, generosity and latest movements.
#[server(endpoint = "my_balance", input = Json, output = JsonText)]
pub async fn my_balance() -> Result<BalanceView, AppError> {
    use crate::backend::{balance, now, request};
    request::as_user(|state, user| async move {
        balance::view(&state.db, state.currency_rules(), user, now()).await
    })
    .await
}

/// The deployment's currency settings (public).
#[server(endpoint = "get_currency_rules", input = Json, output = JsonText)]
pub async fn get_currency_rules() -> Result<CurrencyRules, AppError> {
    use crate::backend::request;
    request::respond(request::state().map(|s| s.currency_rules()))
}
