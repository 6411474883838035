//! The HTTP application: Leptos pages and server functions, health, static files, and the
//! layers every response goes through (sessions, CSRF, compression, security headers, logs).

use std::sync::Arc;

use app::backend::notifier::Notifier;
use app::backend::rate_limit::AuthLimiter;
use app::backend::session_store::DbSessionStore;
use app::backend::{AppState, db};
use app::domain::view::MapSettings;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{
    LeptosRoutes, generate_route_list_with_exclusions_and_ssg_and_context,
    handle_server_fns_with_context,
};
use sea_orm_migration::MigratorTrait;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::config::Config;
use crate::migrations::Migrator;
use crate::serve::session_key;
use crate::state::ServerState;

/// Content Security Policy: everything from our origin, tiles from any HTTPS server. Leptos'
/// hydration bootstrap is an inline module script.
const CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; \
    frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// Connects to the database, applies migrations and builds the app.
pub async fn build(config: &Config) -> Result<(Router, AppState), String> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| format!("creating {}: {e}", config.data_dir.display()))?;
    }
    let connect = || async {
        db::connect(&config.database_url)
            .await
            .map_err(|e| format!("connecting to the database: {e}"))
    };
    // Migrations run on a pool of their own, closed before serving: a connection that prepared
    // a statement before a table changed keeps the old columns in its statement cache (sqlx on
    // SQLite answered "missing value for column" after a column was added).
    let migrating = connect().await?;
    Migrator::up(&migrating, None)
        .await
        .map_err(|e| format!("applying migrations: {e}"))?;
    migrating
        .close()
        .await
        .map_err(|e| format!("closing the migration pool: {e}"))?;
    let conn = connect().await?;
    let state = AppState {
        db: conn,
        limiter: Arc::new(AuthLimiter::per_minute(config.auth_rate_per_minute)),
        trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        map: config.map.clone(),
        notifier: Notifier::default(),
        notify_best: config.notify_best,
        ledger: config.ledger,
        policy: config.policy,
        currency_name: config.currency_name.clone(),
        confirm_days: config.confirm_days,
        time_zone: app::domain::opening::zone(&config.time_zone)
            .ok_or_else(|| format!("unknown time zone {:?}", config.time_zone))?,
        // Once per server, for the settings' `Copy` (links in e-mails written in transactions).
        public_url: Box::leak(config.public_url.clone().into_boxed_str()),
    };
    let key = session_key(config)?;
    Ok((router(config, state.clone(), key), state))
}

fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("entraide")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(leptos::config::Env::PROD)
        .hash_files(hashed_build())
        .build()
}

/// Whether the front end was built with hashed file names: cargo-leptos then writes `hash.txt`
/// (the hashes of the JS, wasm and CSS) beside the server binary, where Leptos reads it to name
/// the files in each page. Without it (a server built by cargo alone, the integration tests)
/// the plain names are used.
fn hashed_build() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(HASH_FILE)))
        .is_some_and(|path| path.is_file())
}

/// Where cargo-leptos writes the hashes, beside the server binary (Leptos' default name).
const HASH_FILE: &str = "hash.txt";

/// How long a browser keeps the front end's files. Their names change with their content
/// (hashed build), so a copy is never stale: a repeat visit downloads nothing, and a new
/// version's page names new files, so old JS never meets new wasm. Unhashed names (a
/// development build) are checked again at every use.
fn pkg_cache_control(hashed: bool) -> HeaderValue {
    HeaderValue::from_static(if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    })
}

/// How long a browser keeps the vendored Leaflet without asking again. Its names carry no hash,
/// but it changes only when the pinned Leaflet version is raised: a day without any request on
/// a poor connection is worth a day of an old stylesheet after an upgrade (Leaflet keeps its
/// class names within a major version).
const VENDOR_CACHE: &str = "public, max-age=86400";

/// The front end's files (`/pkg`: wasm, JS, CSS) and the vendored Leaflet (`/vendor`), served
/// from disk as built, with the brotli or gzip copy made at build time (`cargo leptos build
/// --precompress`) when the browser accepts it, instead of compressing at every request
/// through the pages' fallback handler. Only successful answers carry the long cache header.
fn static_files<S: Clone + Send + Sync + 'static>(
    site_root: &std::path::Path,
    hashed: bool,
) -> Router<S> {
    let serve = |dir: std::path::PathBuf| {
        ServeDir::new(dir)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(false)
    };
    let pkg_cache = pkg_cache_control(hashed);
    let vendor_cache = HeaderValue::from_static(VENDOR_CACHE);
    Router::new()
        .nest_service(
            "/pkg",
            ServiceBuilder::new()
                .map_response(cache_on_success(pkg_cache))
                .service(serve(site_root.join("pkg"))),
        )
        .nest_service(
            "/vendor",
            ServiceBuilder::new()
                .map_response(cache_on_success(vendor_cache.clone()))
                .service(serve(site_root.join("vendor"))),
        )
        .nest_service(
            "/icons",
            ServiceBuilder::new()
                .map_response(cache_on_success(vendor_cache))
                .service(serve(site_root.join("icons"))),
        )
}

/// Sets `Cache-Control` on successful answers only (a 404 must not be kept for a year).
fn cache_on_success<B>(value: HeaderValue) -> impl Fn(Response<B>) -> Response<B> + Clone {
    move |mut response: Response<B>| {
        if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, value.clone());
        }
        response
    }
}

fn router(config: &Config, state: AppState, key: Key) -> Router {
    let leptos_options = leptos_options(config);
    let map = state.map.clone();
    let context = {
        let (state, map) = (state.clone(), map.clone());
        move || {
            provide_context(state.clone());
            provide_context(map.clone());
        }
    };
    // Listing the routes renders the app once, so it needs the same context as a request.
    let (routes, _) =
        generate_route_list_with_exclusions_and_ssg_and_context(App, None, context.clone());
    let page_shell = {
        let (options, map) = (leptos_options.clone(), map.clone());
        move || shell(options.clone(), map.clone())
    };
    let fallback_shell = move |options: LeptosOptions| shell(options, map.clone());

    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("entraide_session")
        .with_secure(config.secure_cookies)
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(
            app::backend::auth::SESSION_IDLE_DAYS,
        )))
        .with_signed(key);

    let server_state = ServerState {
        leptos_options: leptos_options.clone(),
        app: state,
        service_worker: Arc::new(crate::pwa::ServiceWorker::of_site(&config.site_root)),
        open_data_limiter: Arc::new(crate::insights::limiter(config.open_data_per_minute)),
    };
    tracing::info!(
        files = server_state.service_worker.precache.len(),
        kilobytes = server_state.service_worker.bytes / 1024,
        "the service worker keeps the built site on phones"
    );
    Router::new()
        .route("/health", get(health))
        .route("/sw.js", get(crate::pwa::service_worker))
        .route("/manifest.webmanifest", get(crate::pwa::manifest))
        .route("/events/unread", get(crate::events::unread))
        .route(
            "/activities/{id}/calendar.ics",
            get(crate::calendar::activity_ics),
        )
        .route(
            "/associations/{id}/logo",
            get(crate::logo::association_logo),
        )
        .route("/my-needs/save", post(crate::needs::save))
        .route("/forgot/send", post(crate::accounts::forgot))
        .route("/reset/save", post(crate::accounts::reset))
        .route("/verify/confirm", post(crate::accounts::confirm_email))
        .route("/verify/resend", post(crate::accounts::resend_email))
        .route("/profile/mail", post(crate::accounts::mail_prefs))
        .route("/my-data.json", get(crate::accounts::my_data))
        .route("/unsubscribe", post(crate::accounts::unsubscribe))
        .route("/account/email", post(crate::accounts::change_email))
        .route("/account/password", post(crate::accounts::change_password))
        .route("/account/delete", post(crate::accounts::delete_account))
        .route("/help/sites/{id}/report", post(crate::support::report))
        .route("/help/sites/{id}/notices", post(crate::support::add_notice))
        .route(
            "/help/sites/{id}/notices/{notice}/remove",
            post(crate::support::remove_notice),
        )
        .route(
            "/help/sites/{id}/checked",
            post(crate::support::mark_checked),
        )
        .route("/help/sites/{id}/save", post(crate::support::edit))
        .route("/help/new/save", post(crate::support::create))
        .route(
            "/help/sites/{id}/services",
            post(crate::support::add_service),
        )
        .route(
            "/help/sites/{id}/services/{service}/remove",
            post(crate::support::remove_service),
        )
        .route("/help/sites/{id}/stops", post(crate::support::add_stop))
        .route(
            "/help/sites/{id}/stops/{stop}/remove",
            post(crate::support::remove_stop),
        )
        .route(
            "/help/reports/{id}/resolve",
            post(crate::support::resolve_report),
        )
        .route(
            "/open-data/support-sites.geojson",
            get(crate::support_data::support_geojson),
        )
        .route(
            "/open-data/support-sites.csv",
            get(crate::support_data::support_csv),
        )
        .route("/open-data/venues.csv", get(crate::open_data::venues_csv))
        .route(
            "/open-data/venues.geojson",
            get(crate::open_data::venues_geojson),
        )
        .route("/open-data/v1/", get(crate::insights::index))
        .route(
            "/open-data/v1/areas.geojson",
            get(crate::insights::areas_geojson),
        )
        .route("/open-data/v1/areas.csv", get(crate::insights::areas_csv))
        .route(
            "/open-data/v1/territories.geojson",
            get(crate::insights::territories_geojson),
        )
        .route(
            "/open-data/v1/territories.csv",
            get(crate::insights::territories_csv),
        )
        .route("/open-data/v1/openapi.json", get(crate::insights::openapi))
        .route("/api/{*fn_name}", post(server_fns))
        // Without an SMTP server, e-mail is written to a folder and listed here, for developers.
        .route_service(
            "/dev/mail",
            axum::routing::get(crate::mail::dev_page)
                .with_state(config.smtp.is_none().then(|| crate::mail::folder(config))),
        )
        .merge(static_files(&config.site_root, hashed_build()))
        .leptos_routes_with_context(&server_state, routes, context.clone(), page_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            ServerState,
            _,
        >(context, fallback_shell))
        .layer(axum::middleware::from_fn(crate::guards::error_status))
        .layer(axum::middleware::from_fn(crate::pwa::content_language))
        .layer(axum::middleware::from_fn(crate::guards::multipart))
        .layer(RequestBodyLimitLayer::new(crate::guards::MAX_BODY_BYTES))
        .layer(sessions)
        .layer(axum::middleware::from_fn(crate::csrf::guard))
        .layer(CompressionLayer::new())
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(security_header(header::REFERRER_POLICY, "same-origin"))
        .layer(security_header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(security_header(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(self)",
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(server_state)
}

/// A request's span in the logs: its method and path, never its query, which can carry what a
/// person keeps private (the needs ticked on `/venues` travel in the address). tower-http's own
/// span records the whole address.
fn request_span<B>(req: &axum::http::Request<B>) -> tracing::Span {
    tracing::debug_span!("request", method = %req.method(), path = %req.uri().path())
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

async fn server_fns(State(state): State<ServerState>, req: Request<Body>) -> Response {
    let app = state.app.clone();
    let map = app.map.clone();
    handle_server_fns_with_context(
        move || {
            provide_context(app.clone());
            provide_context::<MapSettings>(map.clone());
        },
        req,
    )
    .await
    .into_response()
}

/// `200 ok` when the database answers, `503` otherwise.
async fn health(State(state): State<ServerState>) -> impl IntoResponse {
    match state.app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::{Body, to_bytes};
    use std::sync::{Arc, Mutex};

    /// Logs written to memory.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_logs_name_a_request_by_its_path_never_its_query() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let req = Request::get("/venues?need=wheelchair&need=hearing")
                .body(())
                .expect("request");
            let span = super::request_span(&req);
            let _in = span.enter();
            tracing::info!("answered");
        });
        let logs = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf-8");
        assert!(
            logs.contains("path=/venues") && logs.contains("answered"),
            "{logs}"
        );
        assert!(
            !logs.contains("wheelchair") && !logs.contains("need="),
            "{logs}"
        );
    }
    use axum::http::{Request, StatusCode, header};
    use tower::ServiceExt;

    use super::static_files;

    /// A site folder with a hashed wasm, its brotli copy and Leaflet's CSS.
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let pkg = dir.path().join("pkg");
        let vendor = dir.path().join("vendor");
        std::fs::create_dir_all(&pkg).expect("pkg");
        std::fs::create_dir_all(&vendor).expect("vendor");
        std::fs::write(pkg.join("entraide.0a1b2c.wasm"), b"plain wasm").expect("wasm");
        std::fs::write(pkg.join("entraide.0a1b2c.wasm.br"), b"brotli wasm").expect("br");
        std::fs::write(vendor.join("leaflet.css"), b".leaflet{}").expect("css");
        dir
    }

    async fn get(
        dir: &tempfile::TempDir,
        hashed: bool,
        path: &str,
        encoding: Option<&str>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let mut request = Request::get(path);
        if let Some(encoding) = encoding {
            request = request.header(header::ACCEPT_ENCODING, encoding);
        }
        let response = static_files::<()>(dir.path(), hashed)
            .oneshot(request.body(Body::empty()).expect("request"))
            .await
            .expect("answer");
        let (parts, body) = response.into_parts();
        let bytes = to_bytes(body, usize::MAX).await.expect("body");
        (parts.status, parts.headers, bytes.to_vec())
    }

    #[tokio::test]
    async fn hashed_files_are_kept_a_year_and_sent_as_built_in_brotli() {
        let dir = site();
        let (status, headers, body) = get(
            &dir,
            true,
            "/pkg/entraide.0a1b2c.wasm",
            Some("gzip, deflate, br"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, b"brotli wasm", "the copy compressed at build time");
        assert_eq!(headers[header::CONTENT_ENCODING], "br");
        assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(
            headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );

        let (status, headers, body) = get(&dir, true, "/pkg/entraide.0a1b2c.wasm", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body, b"plain wasm",
            "a client without brotli gets the plain file"
        );
        assert!(headers.get(header::CONTENT_ENCODING).is_none());
    }

    #[tokio::test]
    async fn a_missing_file_is_not_cached_and_unhashed_names_are_not_kept_long() {
        let dir = site();
        let (status, headers, _) = get(&dir, true, "/pkg/entraide.ffffff.wasm", Some("br")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            headers.get(header::CACHE_CONTROL).is_none(),
            "a 404 kept for a year would break the next version"
        );

        let (status, headers, _) = get(&dir, false, "/pkg/entraide.0a1b2c.wasm", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache");

        let (status, headers, body) = get(&dir, true, "/vendor/leaflet.css", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, b".leaflet{}");
        assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=86400");
    }
}
