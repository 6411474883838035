//! `POST /forgot/send` and `POST /reset/save`: the forms of the forgotten-password pages
//! (`app/src/ui/pages/password_reset.rs`); `POST /verify/confirm` and `POST /verify/resend`:
//! proving an e-mail address (`app/src/ui/pages/verify.rs`); `POST /profile/mail` and
//! `POST /unsubscribe`: which e-mails one receives (`app/src/ui/pages/mail_settings.rs`);
//! `POST /account/{email,password,delete}`: the account's settings behind its password
//! (`app/src/ui/pages/account.rs`). All
//! sent without script. A refused form renders its page
//! again with the status and the reason, keeping the typed address (never a password).

use std::net::SocketAddr;

use app::backend::{account, auth, mail_notices, now, password_reset, verification};
use app::domain::AppError;
use app::ui::components::lang_switcher::locale_of;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::state::ServerState;
use crate::support::{client, fields, json, refused_at};

fn see_other(to: &'static str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

/// Sends a link to the address's account, if there is one; the same answer either way.
pub async fn forgot(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let email = fields(&body).remove("email").unwrap_or_default();
    let locale = locale_of(&parts.headers);
    let ip = client(&state, peer, &parts.headers);
    match password_reset::request(&state.app, ip, &email, locale, now())
        .await
        .map_err(AppError::from)
    {
        Ok(()) => see_other("/forgot?sent=1"),
        Err(e) => {
            let params = [("error", json(&e)), ("email", email)];
            refused_at(&state, parts, "/forgot", &e, &params).await
        }
    }
}

/// Sets the new password, ends every session of the account, signs this one in and goes home.
pub async fn reset(State(state): State<ServerState>, session: Session, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let mut form = fields(&body);
    let token = form.remove("token").unwrap_or_default();
    let password = form.remove("password").unwrap_or_default();
    let done = match password_reset::reset(&state.app, &token, &password, now()).await {
        Ok(me) => auth::log_in(&session, me.id).await,
        Err(e) => Err(AppError::from(e)),
    };
    match done {
        Ok(()) => {
            let mut response = see_other("/");
            // A new session: nothing kept for an earlier one stays readable offline.
            response.headers_mut().insert(
                header::HeaderName::from_static("clear-site-data"),
                HeaderValue::from_static("\"cache\", \"storage\""),
            );
            response
        }
        Err(e) => {
            let params = [("token", token), ("error", json(&e))];
            refused_at(&state, parts, "/reset", &e, &params).await
        }
    }
}

/// Proves the address of the link's token (`backend::verification::confirm`); used links of an
/// address already proven answer the same.
pub async fn confirm_email(State(state): State<ServerState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let token = fields(&body).remove("token").unwrap_or_default();
    match verification::confirm(&state.app, &token, now())
        .await
        .map_err(AppError::from)
    {
        Ok(_) => see_other("/verify?done=1"),
        Err(e) => {
            let params = [("token", token), ("error", json(&e))];
            refused_at(&state, parts, "/verify", &e, &params).await
        }
    }
}

/// Sends the signed-in person's link again, back to the profile.
pub async fn resend_email(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let Some(user) = auth::session_user(&session).await else {
        return see_other("/login");
    };
    let ip = client(&state, peer, &parts.headers);
    match verification::resend(&state.app, ip, user, now())
        .await
        .map_err(AppError::from)
    {
        Ok(()) => see_other("/profile?resent=1"),
        Err(e) => {
            let params = [("error", json(&e))];
            refused_at(&state, parts, "/profile", &e, &params).await
        }
    }
}

/// Saves which kinds of e-mail the signed-in person receives (a ticked box per kind).
pub async fn mail_prefs(
    State(state): State<ServerState>,
    session: Session,
    req: Request,
) -> Response {
    let (_, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Some(user) = auth::session_user(&session).await else {
        return see_other("/login");
    };
    use app::domain::notify::MailKind;
    use app::domain::vocab::Code;
    let on = fields(&body);
    let off: Vec<MailKind> = MailKind::CHOICES
        .iter()
        .copied()
        .filter(|k| !on.contains_key(&format!("on_{}", k.code())))
        .collect();
    match mail_notices::set_off(&state.app.db, user, &off).await {
        Ok(()) => see_other("/profile?mail=saved#mail-prefs-title"),
        Err(e) => {
            tracing::error!(error = ?e, "saving e-mail choices");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Stops one kind of e-mail for the holder of the link's key: the page's button, or a mail
/// client's one-click `POST` (RFC 8058: the key and kind in the query, the body
/// `List-Unsubscribe=One-Click`). Answers the same page either way.
pub async fn unsubscribe(State(state): State<ServerState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let mut form = fields(&body);
    let query: std::collections::HashMap<String, String> =
        form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let pick = |name: &str, form: &mut std::collections::HashMap<String, String>| {
        form.remove(name)
            .or_else(|| query.get(name).cloned())
            .unwrap_or_default()
    };
    let key = pick("key", &mut form);
    let kind = pick("kind", &mut form);
    match mail_notices::unsubscribe(&state.app.db, &key, &kind)
        .await
        .map_err(AppError::from)
    {
        Ok(()) => see_other("/unsubscribe?done=1"),
        Err(e) => {
            let params = [("kind", kind), ("error", json(&e))];
            refused_at(&state, parts, "/unsubscribe", &e, &params).await
        }
    }
}

/// `GET /my-data.json`: everything stored about the signed-in person, as a file to keep
/// (`backend::export`). Never cached; signed out: to the login page.
pub async fn my_data(State(state): State<ServerState>, session: Session) -> Response {
    let Some(user) = auth::session_user(&session).await else {
        return see_other("/login");
    };
    let now = now();
    match app::backend::export::of(&state.app.db, user, now).await {
        Ok(data) => {
            let day = jiff::Timestamp::from_second(now)
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default();
            let body = serde_json::to_vec_pretty(&data).unwrap_or_default();
            (
                [
                    (header::CONTENT_TYPE, "application/json".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"entraide-my-data-{day}.json\""),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                body,
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = ?e, "export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The body of a form of `/account`, and the signed-in person; `Err` is the answer to give
/// (too large, or signed out).
async fn account_form(
    session: &Session,
    req: Request,
) -> Result<
    (
        axum::http::request::Parts,
        std::collections::HashMap<String, String>,
        i64,
    ),
    Response,
> {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES).await else {
        return Err(StatusCode::PAYLOAD_TOO_LARGE.into_response());
    };
    let Some(user) = auth::session_user(session).await else {
        return Err(see_other("/login"));
    };
    Ok((parts, fields(&body), user))
}

/// `POST /account/password`: a new password behind the current one; every other session ends.
pub async fn change_password(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, mut form, user) = match account_form(&session, req).await {
        Ok(it) => it,
        Err(answer) => return answer,
    };
    let current = form.remove("current").unwrap_or_default();
    let new = form.remove("password").unwrap_or_default();
    let ip = client(&state, peer, &parts.headers);
    let done = match account::change_password(&state.app, ip, user, &current, &new, now()).await {
        // Its own session ended with the others: this one starts again.
        Ok(()) => auth::log_in(&session, user).await,
        Err(e) => Err(AppError::from(e)),
    };
    match done {
        Ok(()) => see_other("/account?done=password"),
        Err(e) => {
            let params = [("form", "password".to_owned()), ("error", json(&e))];
            refused_at(&state, parts, "/account", &e, &params).await
        }
    }
}

/// `POST /account/email`: a new address behind the password, to be proven again.
pub async fn change_email(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, mut form, user) = match account_form(&session, req).await {
        Ok(it) => it,
        Err(answer) => return answer,
    };
    let current = form.remove("current").unwrap_or_default();
    let email = form.remove("email").unwrap_or_default();
    let ip = client(&state, peer, &parts.headers);
    match account::change_email(&state.app, ip, user, &current, &email, now())
        .await
        .map_err(AppError::from)
    {
        Ok(()) => see_other("/account?done=email"),
        Err(e) => {
            let params = [
                ("form", "email".to_owned()),
                ("email", email),
                ("error", json(&e)),
            ];
            refused_at(&state, parts, "/account", &e, &params).await
        }
    }
}

/// `POST /account/delete`: deletes the account behind the password (`backend::account::delete`)
/// and ends this session; the browser is asked to forget what it kept for the person offline.
pub async fn delete_account(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, mut form, user) = match account_form(&session, req).await {
        Ok(it) => it,
        Err(answer) => return answer,
    };
    let current = form.remove("current").unwrap_or_default();
    let ip = client(&state, peer, &parts.headers);
    let done = match account::delete(&state.app, ip, user, &current, now()).await {
        Ok(()) => auth::log_out(&session).await,
        Err(e) => Err(AppError::from(e)),
    };
    match done {
        Ok(()) => {
            let mut response = see_other("/privacy?deleted=1");
            response.headers_mut().insert(
                header::HeaderName::from_static("clear-site-data"),
                HeaderValue::from_static("\"cache\", \"storage\""),
            );
            response
        }
        Err(e) => {
            let params = [("form", "delete".to_owned()), ("error", json(&e))];
            refused_at(&state, parts, "/account", &e, &params).await
        }
    }
}
