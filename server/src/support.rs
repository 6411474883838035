//! The forms of a support site's page (`/help/sites/:id`), sent without any script so they work
//! on any phone: a report "this information is wrong" from anyone, and for the site's managers
//! and moderators a temporary notice, "information checked", removing a notice, and dealing
//! with a report.
//!
//! Done: 303 back to the page, which says so (`?done=…`). Refused: the page itself is rendered
//! again with the refusal's status (422 for a field, 403, 404, 429), the message in the
//! reader's language next to the field, and what they typed in the form, so nothing is lost.

use std::net::{IpAddr, SocketAddr};

use app::backend::rate_limit::{AuthAction, forwarded_client};
use app::backend::{auth, now, support, tx};
use app::domain::AppError;
use app::domain::support::{ServiceForm, SiteForm, StopForm};
use app::shell;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;
use tower_sessions::Session;

use crate::state::ServerState;

/// 303 to the site's page, saying what was done.
fn done(site: i64, what: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/help/sites/{site}?done={what}"))],
    )
        .into_response()
}

/// The site's page rendered again for a refused form: `params` (the refusal and what was
/// typed) in its address, with the refusal's status.
async fn refused(
    state: &ServerState,
    parts: axum::http::request::Parts,
    site: i64,
    error: &AppError,
    params: &[(&str, String)],
) -> Response {
    refused_at(state, parts, &format!("/help/sites/{site}"), error, params).await
}

/// The page at `page` rendered again for a refused form, as [`refused`] does.
pub(crate) async fn refused_at(
    state: &ServerState,
    parts: axum::http::request::Parts,
    page: &str,
    error: &AppError,
    params: &[(&str, String)],
) -> Response {
    let query = {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in params {
            query.append_pair(k, v);
        }
        query.finish()
    };
    let path = format!("{page}?{query}");
    let mut parts = parts;
    parts.method = Method::GET;
    parts.uri = path
        .parse::<Uri>()
        .unwrap_or_else(|_| Uri::from_static("/help"));
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let req = Request::from_parts(parts, Body::empty());
    let app = state.app.clone();
    let map = app.map.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(app.clone());
            provide_context(map.clone());
        },
        {
            let map = state.app.map.clone();
            move || shell(options.clone(), map.clone())
        },
    );
    let mut response = render(req).await;
    *response.status_mut() =
        StatusCode::from_u16(error.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    response
}

pub(crate) fn json(error: &AppError) -> String {
    serde_json::to_string(error).unwrap_or_default()
}

/// The form's fields, by name (the last of a repeated one).
pub(crate) fn fields(body: &Bytes) -> std::collections::HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// Every value of a field that repeats (checkboxes).
fn all(body: &Bytes, name: &str) -> Vec<String> {
    form_urlencoded::parse(body)
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .collect()
}

/// A site's form as sent.
fn site_form(body: &Bytes) -> SiteForm {
    let mut f = fields(body);
    let mut take = |k: &str| f.remove(k).unwrap_or_default();
    SiteForm {
        name: take("name"),
        description: take("description"),
        address: take("address"),
        lat: take("lat"),
        lng: take("lng"),
        phone: take("phone"),
        website: take("website"),
        languages: Vec::new(),
        days: std::array::from_fn(|i| take(&format!("day{i}"))),
        holidays: take("holidays"),
        venue: take("venue"),
    }
}

pub(crate) fn client(
    state: &ServerState,
    peer: SocketAddr,
    headers: &axum::http::HeaderMap,
) -> IpAddr {
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    forwarded_client(peer.ip(), &forwarded, &state.app.trusted_proxies)
}

/// `POST /help/sites/{id}/report`: anyone, without an account, rate-limited per client.
pub async fn report(
    State(state): State<ServerState>,
    Path(site): Path<i64>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let note = fields(&body).remove("note").unwrap_or_default();
    let ip = client(&state, peer, &parts.headers);
    let result = if state.app.limiter.allow(AuthAction::SupportReport, ip) {
        let db = state.app.db.clone();
        tx::write(&db, |txn| {
            let note = note.clone();
            Box::pin(async move { support::report(txn, site, &note, now()).await })
        })
        .await
        .map_err(AppError::from)
    } else {
        Err(AppError::RateLimited)
    };
    match result {
        Ok(_) => done(site, "reported"),
        Err(e) => {
            let params = [("report_error", json(&e)), ("note", note)];
            refused(&state, parts, site, &e, &params).await
        }
    }
}

/// Who is signed in, or the refusal to show.
async fn signed_in(session: &Session) -> Result<i64, AppError> {
    auth::session_user(session)
        .await
        .ok_or(AppError::Unauthorized)
}

/// `POST /help/sites/{id}/notices`: a closure or a message with its dates (managers and
/// moderators).
pub async fn add_notice(
    State(state): State<ServerState>,
    Path(site): Path<i64>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let mut f = fields(&body);
    let mut take = |k: &str| f.remove(k).unwrap_or_default();
    let form = support::NoticeForm {
        kind: take("kind"),
        from: take("from"),
        to: take("to"),
        text: take("text"),
        service: take("service"),
    };
    let result = match signed_in(&session).await {
        Ok(user) => {
            let (db, zone) = (state.app.db.clone(), state.app.time_zone.clone());
            tx::write(&db, |txn| {
                let (form, zone) = (form.clone(), zone.clone());
                Box::pin(
                    async move { support::add_notice(txn, &zone, user, site, &form, now()).await },
                )
            })
            .await
            .map_err(AppError::from)
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => done(site, "notice_added"),
        Err(e) => {
            let params = [
                ("notice_error", json(&e)),
                ("n_kind", form.kind),
                ("n_from", form.from),
                ("n_to", form.to),
                ("n_text", form.text),
                ("n_service", form.service),
            ];
            refused(&state, parts, site, &e, &params).await
        }
    }
}

/// `POST /help/sites/{id}/notices/{notice}/remove`.
pub async fn remove_notice(
    State(state): State<ServerState>,
    Path((site, notice)): Path<(i64, i64)>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let result = match signed_in(&session).await {
        Ok(user) => support::remove_notice(&state.app.db, user, site, notice)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => done(site, "notice_removed"),
        Err(e) => refused(&state, parts, site, &e, &[("notice_error", json(&e))]).await,
    }
}

/// `POST /help/sites/{id}/checked`: "the information is right".
pub async fn mark_checked(
    State(state): State<ServerState>,
    Path(site): Path<i64>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let result = match signed_in(&session).await {
        Ok(user) => support::mark_checked(&state.app.db, user, site, now())
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => done(site, "checked"),
        Err(e) => refused(&state, parts, site, &e, &[("notice_error", json(&e))]).await,
    }
}

/// `POST /help/reports/{id}/resolve`: a report dealt with.
pub async fn resolve_report(
    State(state): State<ServerState>,
    Path(report): Path<i64>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let site = support::report_site(&state.app.db, report)
        .await
        .unwrap_or(0);
    let result = match signed_in(&session).await {
        Ok(user) => support::resolve_report(&state.app.db, user, report, now())
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => done(site, "report_resolved"),
        Err(e) => refused(&state, parts, site, &e, &[("notice_error", json(&e))]).await,
    }
}

/// The answer to a form of a site's page: 303 back to it saying `what` was done, or the page
/// again with the refusal under `error_key` and, when given, the form as typed (JSON) under
/// its key.
async fn answer<T>(
    state: &ServerState,
    parts: axum::http::request::Parts,
    site: i64,
    result: Result<T, AppError>,
    what: &str,
    error_key: &str,
    typed: Option<(&str, String)>,
) -> Response {
    match result {
        Ok(_) => done(site, what),
        Err(e) => {
            let mut params = vec![(error_key, json(&e))];
            params.extend(typed);
            refused(state, parts, site, &e, &params).await
        }
    }
}

/// Runs `work` for the person signed in, with the form as checked, in one write transaction
/// (retried while the database is busy); the first refusal otherwise (not signed in, then the
/// form's fields).
async fn as_signed_in<D: Clone, T>(
    state: &ServerState,
    session: &Session,
    parsed: Result<D, AppError>,
    mut work: impl for<'c> FnMut(
        &'c sea_orm::DatabaseTransaction,
        i64,
        D,
    )
        -> futures_util::future::BoxFuture<'c, Result<T, app::backend::Error>>,
) -> Result<T, AppError> {
    let (user, form) = match (signed_in(session).await, parsed) {
        (Err(e), _) | (_, Err(e)) => return Err(e),
        (Ok(user), Ok(form)) => (user, form),
    };
    tx::write(&state.app.db, |txn| work(txn, user, form.clone()))
        .await
        .map_err(AppError::from)
}

/// Reads a form's body, or the answer to give when it is too large.
async fn body_of(body: Body) -> Result<Bytes, Response> {
    axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES)
        .await
        .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())
}

/// `POST /help/sites/{id}/save` (the form of `/help/sites/{id}/edit`): a site's information and week (managers and moderators).
pub async fn edit(
    State(state): State<ServerState>,
    Path(site): Path<i64>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let body = match body_of(body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut form = site_form(&body);
    form.languages = all(&body, "language");
    let result = as_signed_in(&state, &session, form.parse(), |txn, user, info| {
        Box::pin(support::update_info(txn, user, site, info, now()))
    })
    .await;
    match result {
        Ok(()) => done(site, "edited"),
        Err(e) => {
            let params = [
                ("error", json(&e)),
                ("form", serde_json::to_string(&form).unwrap_or_default()),
            ];
            refused_at(
                &state,
                parts,
                &format!("/help/sites/{site}/edit"),
                &e,
                &params,
            )
            .await
        }
    }
}

/// `POST /help/new/save` (the form of `/help/new`): a new site run by an association (its managers).
pub async fn create(State(state): State<ServerState>, session: Session, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = match body_of(body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut form = site_form(&body);
    form.languages = all(&body, "language");
    let association = fields(&body)
        .get("association")
        .and_then(|a| a.parse::<i64>().ok())
        .unwrap_or(0);
    let result = as_signed_in(&state, &session, form.parse(), |txn, user, info| {
        Box::pin(support::create_for(txn, user, association, info, now()))
    })
    .await;
    match result {
        Ok(site) => done(site, "created"),
        Err(e) => {
            let params = [
                ("error", json(&e)),
                ("form", serde_json::to_string(&form).unwrap_or_default()),
                ("association", association.to_string()),
            ];
            refused_at(&state, parts, "/help/new", &e, &params).await
        }
    }
}

/// `POST /help/sites/{id}/services`: a service added (managers and moderators).
pub async fn add_service(
    State(state): State<ServerState>,
    Path(site): Path<i64>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let body = match body_of(body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut f = fields(&body);
    let mut take = |k: &str| f.remove(k).unwrap_or_default();
    let form = ServiceForm {
        category: take("category"),
        conditions: all(&body, "condition"),
        publics: all(&body, "public"),
        pets: !take("pets").is_empty(),
        price: take("price"),
        fullness: take("fullness"),
        note: take("note"),
        days: std::array::from_fn(|i| take(&format!("day{i}"))),
    };
    let result = as_signed_in(&state, &session, form.parse(), |txn, user, draft| {
        Box::pin(support::add_service(txn, user, site, draft, now()))
    })
    .await;
    let typed = ("s_form", serde_json::to_string(&form).unwrap_or_default());
    answer(
        &state,
        parts,
        site,
        result,
        "service_added",
        "service_error",
        Some(typed),
    )
    .await
}

/// `POST /help/sites/{id}/services/{service}/remove`.
pub async fn remove_service(
    State(state): State<ServerState>,
    Path((site, service)): Path<(i64, i64)>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let result = as_signed_in(&state, &session, Ok(()), |txn, user, ()| {
        Box::pin(support::remove_service(txn, user, site, service))
    })
    .await;
    answer(
        &state,
        parts,
        site,
        result,
        "service_removed",
        "service_error",
        None,
    )
    .await
}

/// `POST /help/sites/{id}/stops`: a stop of a mobile site added (managers and moderators).
pub async fn add_stop(
    State(state): State<ServerState>,
    Path(site): Path<i64>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let body = match body_of(body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut f = fields(&body);
    let mut take = |k: &str| f.remove(k).unwrap_or_default();
    let form = StopForm {
        place: take("place"),
        lat: take("lat"),
        lng: take("lng"),
        weekday: take("weekday"),
        start: take("start"),
        end: take("end"),
    };
    let result = as_signed_in(&state, &session, form.parse(), |txn, user, draft| {
        Box::pin(support::add_stop(txn, user, site, draft, now()))
    })
    .await;
    let typed = ("t_form", serde_json::to_string(&form).unwrap_or_default());
    answer(
        &state,
        parts,
        site,
        result,
        "stop_added",
        "stop_error",
        Some(typed),
    )
    .await
}

/// `POST /help/sites/{id}/stops/{stop}/remove`.
pub async fn remove_stop(
    State(state): State<ServerState>,
    Path((site, stop)): Path<(i64, i64)>,
    session: Session,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let result = as_signed_in(&state, &session, Ok(()), |txn, user, ()| {
        Box::pin(support::remove_stop(txn, user, site, stop))
    })
    .await;
    answer(
        &state,
        parts,
        site,
        result,
        "stop_removed",
        "stop_error",
        None,
    )
    .await
}
