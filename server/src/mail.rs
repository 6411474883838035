//! Sending the outbox's e-mail (`app::backend::mail`), and `/dev/mail`, the page that lists the
//! messages written to a folder when no SMTP server is configured.

use std::path::{Path, PathBuf};
use std::time::Duration;

use app::backend::AppState;
use app::backend::mail::Transport;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::Config;

/// How often the outbox is looked at: a few seconds between a form and its e-mail, one indexed
/// query each time.
const POLL: Duration = Duration::from_secs(2);
/// Messages sent per look.
const BATCH: u64 = 50;
/// The newest messages `/dev/mail` shows.
const DEV_PAGE_MESSAGES: usize = 50;

/// The folder of messages when no SMTP server is configured.
pub fn folder(config: &Config) -> PathBuf {
    config.data_dir.join("mail")
}

/// Where the configuration sends e-mail.
pub fn transport(config: &Config) -> Result<Transport, String> {
    match &config.smtp {
        Some(smtp) => Transport::smtp(smtp, &config.mail_from),
        None => Transport::folder(folder(config), &config.mail_from),
    }
}

/// Sends what is due, at start and then every [`POLL`].
pub fn spawn(state: AppState, transport: Transport) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(POLL);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let now = app::backend::now();
            match app::backend::mail::deliver_due(&state.db, &transport, now, BATCH).await {
                Ok(done) if done.sent + done.failed > 0 => {
                    tracing::info!(sent = done.sent, failed = done.failed, "e-mail outbox");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reading the e-mail outbox failed"),
            }
        }
    });
}

/// `GET /dev/mail`: the newest messages of the folder, for a developer (only routed when no
/// SMTP server is configured: the messages are then nowhere else; otherwise 404).
pub async fn dev_page(State(dir): State<Option<PathBuf>>) -> Response {
    let Some(dir) = dir else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let mut files = list(&dir).await;
    files.sort_by(|a, b| b.cmp(a));
    let mut body = String::from(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>E-mail written to a folder</title>\
         <h1>E-mail written to a folder</h1><p>No SMTP server is configured \
         (<code>ENTRAIDE_SMTP_HOST</code>): messages are written to ",
    );
    body.push_str(&html_escape::encode_text(&dir.display().to_string()));
    body.push_str(", newest first.</p>");
    for path in files.into_iter().take(DEV_PAGE_MESSAGES) {
        let raw = tokio::fs::read(&path).await.unwrap_or_default();
        let (to, subject, text) = summary(&raw);
        body.push_str("<article><h2>");
        body.push_str(&html_escape::encode_text(&subject));
        body.push_str("</h2><p>To: ");
        body.push_str(&html_escape::encode_text(&to));
        body.push_str("</p><pre>");
        body.push_str(&html_escape::encode_text(&text));
        body.push_str("</pre></article>");
    }
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn list(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(mut entries) = tokio::fs::read_dir(dir).await {
        while let Ok(Some(entry)) = entries.next_entry().await {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "eml") {
                out.push(path);
            }
        }
    }
    out
}

/// The recipient, the subject and the plain text of a message as lettre formats it.
fn summary(raw: &[u8]) -> (String, String, String) {
    match mail_parser::MessageParser::default().parse(raw) {
        Some(message) => (
            message
                .to()
                .and_then(|to| to.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_owned(),
            message.subject().unwrap_or_default().to_owned(),
            message
                .body_text(0)
                .map(|t| t.into_owned())
                .unwrap_or_default(),
        ),
        None => (String::new(), String::new(), String::new()),
    }
}
