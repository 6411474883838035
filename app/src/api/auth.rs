//! Sign-up, login, logout and "who am I".

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::user::{Me, SignupForm};

/// Creates an account and signs it in.
#[server(endpoint = "signup", input = Json, output = JsonText)]
pub async fn signup(form: SignupForm) -> Result<Me, AppError> {
    use crate::backend::{auth, request};
    request::public(|state| async move {
        let account = form.parse()?;
        let ip = request::client_ip().await;
        let me = auth::register(&state, ip, account, request::locale()).await?;
        auth::log_in(&request::session().await?, me.id).await?;
        Ok(me)
    })
    .await
    // A new session: nothing kept for an earlier one stays readable offline.
    .inspect(|_| request::clear_site_data())
}

/// Signs in with email and password.
#[server(endpoint = "login", input = Json, output = JsonText)]
pub async fn login(email: String, password: String) -> Result<Me, AppError> {
    use crate::backend::{auth, now, request};
    request::public(|state| async move {
        let ip = request::client_ip().await;
        let me = auth::attempt_login(&state, ip, &email, &password, now()).await?;
        auth::log_in(&request::session().await?, me.id).await?;
        Ok(me)
    })
    .await
    // A new session: nothing kept for an earlier one stays readable offline.
    .inspect(|_| request::clear_site_data())
}

/// Sends a link to choose a new password to `email`'s account, if there is one, in `lang` (the
/// page's language). The answer is the same either way (`backend::password_reset`).
#[server(endpoint = "forgot_password", input = Json, output = JsonText)]
pub async fn forgot_password(email: String, lang: String) -> Result<(), AppError> {
    use crate::backend::{now, password_reset, request};
    use crate::i18n::Locale;
    request::public(|state| async move {
        let locale = lang.parse::<Locale>().unwrap_or_default();
        let ip = request::client_ip().await;
        password_reset::request(&state, ip, &email, locale, now()).await
    })
    .await
}

/// Chooses a new password with a link's token, ends every other session of the account, and
/// signs this one in.
#[server(endpoint = "reset_password", input = Json, output = JsonText)]
pub async fn reset_password(token: String, password: String) -> Result<Me, AppError> {
    use crate::backend::{auth, now, password_reset, request};
    request::public(|state| async move {
        let me = password_reset::reset(&state, &token, &password, now()).await?;
        auth::log_in(&request::session().await?, me.id).await?;
        Ok(me)
    })
    .await
    .inspect(|_| request::clear_site_data())
}

/// Ends the session, and clears what the browser keeps for reading offline.
#[server(endpoint = "logout", input = Json, output = JsonText)]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::{auth, request};
    let ended = request::respond(async { auth::log_out(&request::session().await?).await }.await);
    if ended.is_ok() {
        request::clear_site_data();
    }
    ended
}

/// The signed-in user, if any.
#[server(endpoint = "me", input = Json, output = JsonText)]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    use crate::backend::{request, users};
    request::as_visitor(|state, user| async move {
        match user {
            // A session whose account is gone counts as signed out.
            Some(id) => match users::me(&state.db, id).await {
                Ok(me) => {
                    // The language chosen in the menu is the one the person's e-mails speak.
                    if let Some(chosen) = request::chosen_locale() {
                        users::remember_locale(&state.db, id, chosen).await?;
                    }
                    Ok(Some(me))
                }
                Err(crate::backend::Error::App(AppError::NotFound)) => Ok(None),
                Err(e) => Err(e),
            },
            None => Ok(None),
        }
    })
    .await
}
