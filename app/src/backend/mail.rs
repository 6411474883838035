//! E-mail. A message is written to the `mail_outbox` table in the same transaction as what
//! caused it ([`enqueue`]), and sent later by a job ([`deliver_due`], run by `server::jobs`):
//! a request never waits for an SMTP server, and a message outlives a restart or a failed
//! server.
//!
//! Sending once: a runner first claims a row for [`LEASE_SECS`] with one conditional `UPDATE`
//! (unsent, unclaimed or its claim expired), so two runners, in one server or in two sharing a
//! PostgreSQL database, never send the same row at once; the row is marked sent as soon as the
//! SMTP server accepted it. Only a crash between those two steps can send a row twice, after the
//! lease; its `Message-ID` (`<outbox-ID@host>`) is the same both times, which mail servers use
//! to drop duplicates. A refused or unreachable server: the row is tried again after a delay
//! that doubles up to [`MAX_BACKOFF_SECS`], and never given up.
//!
//! Where messages go: an SMTP server (lettre, rustls), or, when none is configured (the
//! embedded default of `make run`), `.eml` files in a folder, listed at `/dev/mail`.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::entities::mail_outbox;

/// How long a runner's claim on a row lasts (longer than an SMTP exchange's timeout).
pub const LEASE_SECS: i64 = 120;
/// The longest wait between two attempts at one message.
pub const MAX_BACKOFF_SECS: i64 = 6 * 3600;
/// An SMTP exchange taking longer fails (and is tried again later).
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A message to send: both a plain text and an HTML body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// For e-mails one can switch off: the one-click unsubscribe link, sent as the
    /// `List-Unsubscribe` and `List-Unsubscribe-Post` headers (RFC 8058) too.
    pub unsubscribe: Option<String>,
}

/// Puts `mail` in the outbox (inside the caller's transaction, when `db` is one).
pub async fn enqueue(db: &impl ConnectionTrait, mail: Mail, now: i64) -> Result<i64, DbErr> {
    let row = mail_outbox::ActiveModel {
        to_address: Set(mail.to),
        subject: Set(mail.subject),
        body_text: Set(mail.text),
        body_html: Set(mail.html),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        sent_at: Set(None),
        last_error: Set(None),
        list_unsubscribe: Set(mail.unsubscribe),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// The wait before attempt `attempts + 1`: a minute, doubling, at most [`MAX_BACKOFF_SECS`].
pub fn backoff(attempts: i32) -> i64 {
    let doublings = attempts.clamp(0, 20) as u32;
    60i64.saturating_mul(1 << doublings).min(MAX_BACKOFF_SECS)
}

/// How an SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain, then `STARTTLS` (port 587), required.
    StartTls,
    /// None at all: only for a server on the same machine (a test sink, a local relay).
    None,
}

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    Smtp {
        smtp: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// Files in a folder, for development (`/dev/mail` lists them).
    Folder { dir: PathBuf, from: Mailbox },
}

/// The settings of an SMTP server.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub user: Option<String>,
    pub password: Option<String>,
}

impl Transport {
    /// An SMTP server; `from` is the sender (`Entraide <no-reply@example.org>`).
    pub fn smtp(settings: &SmtpSettings, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("the sender address {from:?}: {e}"))?;
        let builder = match settings.tls {
            Tls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host),
            Tls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host),
            Tls::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                &settings.host,
            )),
        }
        .map_err(|e| format!("the SMTP server {}: {e}", settings.host))?;
        let builder = builder.port(settings.port).timeout(Some(SMTP_TIMEOUT));
        let builder = match (&settings.user, &settings.password) {
            (Some(user), Some(password)) => {
                builder.credentials(Credentials::new(user.clone(), password.clone()))
            }
            _ => builder,
        };
        Ok(Self::Smtp {
            smtp: builder.build(),
            from,
        })
    }

    /// A folder, created if missing.
    pub fn folder(dir: PathBuf, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("the sender address {from:?}: {e}"))?;
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Self::Folder { dir, from })
    }

    fn from(&self) -> &Mailbox {
        match self {
            Self::Smtp { from, .. } | Self::Folder { from, .. } => from,
        }
    }

    /// Builds the message of an outbox row.
    fn message(&self, row: &mail_outbox::Model) -> Result<Message, String> {
        let to: Mailbox = row
            .to_address
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let host = self.from().email.domain().to_owned();
        let mut builder = Message::builder();
        if let Some(link) = &row.list_unsubscribe {
            use lettre::message::header::{HeaderName, HeaderValue};
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{link}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        builder
            .from(self.from().clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(format!("<outbox-{}@{host}>", row.id)))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(row.body_text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(row.body_html.clone()),
                    ),
            )
            .map_err(|e| e.to_string())
    }

    /// Sends one row's message.
    async fn send(&self, row: &mail_outbox::Model) -> Result<(), String> {
        let message = self.message(row)?;
        match self {
            Self::Smtp { smtp, .. } => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Self::Folder { dir, .. } => {
                // The row's id, then the time: a row written twice would show as two files.
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos());
                let path = dir.join(format!("{:08}-{nanos}.eml", row.id));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| format!("{}: {e}", path.display()))
            }
        }
    }
}

/// What one run of [`deliver_due`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u32,
    pub failed: u32,
}

/// Sends up to `batch` due messages, oldest first.
pub async fn deliver_due(
    db: &impl ConnectionTrait,
    transport: &Transport,
    now: i64,
    batch: u64,
) -> Result<Delivered, DbErr> {
    let claimable = || {
        Condition::all()
            .add(mail_outbox::Column::SentAt.is_null())
            .add(
                Condition::any()
                    .add(mail_outbox::Column::LockedUntil.is_null())
                    .add(mail_outbox::Column::LockedUntil.lt(now)),
            )
    };
    let due = mail_outbox::Entity::find()
        .filter(claimable())
        .filter(mail_outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(mail_outbox::Column::Id)
        .limit(batch)
        .all(db)
        .await?;
    let mut done = Delivered::default();
    for row in due {
        let claimed = mail_outbox::Entity::update_many()
            .col_expr(
                mail_outbox::Column::LockedUntil,
                Expr::value(now + LEASE_SECS),
            )
            .filter(mail_outbox::Column::Id.eq(row.id))
            .filter(claimable())
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if !claimed {
            // Another runner has it.
            continue;
        }
        match transport.send(&row).await {
            Ok(()) => {
                // Once sent, the message's words are erased: the outbox keeps only to whom
                // and when (for sending once), not a link that opens something nor the name of
                // someone who may since have left (`account::delete`).
                mail_outbox::Entity::update_many()
                    .col_expr(mail_outbox::Column::SentAt, Expr::value(now))
                    .col_expr(mail_outbox::Column::LockedUntil, Expr::value(None::<i64>))
                    .col_expr(mail_outbox::Column::LastError, Expr::value(None::<String>))
                    .col_expr(mail_outbox::Column::Subject, Expr::value(""))
                    .col_expr(mail_outbox::Column::BodyText, Expr::value(""))
                    .col_expr(mail_outbox::Column::BodyHtml, Expr::value(""))
                    .col_expr(
                        mail_outbox::Column::ListUnsubscribe,
                        Expr::value(None::<String>),
                    )
                    .filter(mail_outbox::Column::Id.eq(row.id))
                    .exec(db)
                    .await?;
                done.sent += 1;
            }
            Err(error) => {
                tracing::warn!(mail = row.id, %error, "an e-mail was not sent; it will be tried again");
                let attempts = row.attempts.saturating_add(1);
                mail_outbox::Entity::update_many()
                    .col_expr(mail_outbox::Column::Attempts, Expr::value(attempts))
                    .col_expr(
                        mail_outbox::Column::NextAttemptAt,
                        Expr::value(now + backoff(row.attempts)),
                    )
                    .col_expr(mail_outbox::Column::LockedUntil, Expr::value(None::<i64>))
                    .col_expr(mail_outbox::Column::LastError, Expr::value(Some(error)))
                    .filter(mail_outbox::Column::Id.eq(row.id))
                    .exec(db)
                    .await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// Escapes text for the HTML body.
pub fn html(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

/// The e-mail of a link to follow, in `locale`: `intro`, the link (in HTML, a link named
/// `button`), `after`, and the footer that says why it came with the link to the settings.
/// Plain text and simple HTML (`lang` and `dir` set, so Farsi, Urdu and Arabic read right to
/// left).
pub fn with_footer(
    locale: crate::i18n::Locale,
    public_url: &str,
    subject: String,
    intro: &str,
    link: &str,
    button: &str,
    after: &str,
) -> Mail {
    use crate::i18n::*;
    let footer = td_string!(locale, mail_footer).to_string();
    let settings_label = td_string!(locale, mail_settings).to_string();
    let settings = format!("{}/profile", public_url.trim_end_matches('/'));
    let text =
        format!("{intro}\n\n{link}\n\n{after}\n\n-- \n{footer}\n{settings_label}: {settings}\n");
    let dir = locale.direction().as_str();
    let lang = locale.as_str();
    let e = html;
    let html = format!(
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><body>\
         <p>{}</p><p><a href=\"{}\">{}</a></p><p>{}</p><hr>\
         <p style=\"color:#555\">{} <a href=\"{}\">{}</a></p></body></html>",
        e(intro),
        e(link),
        e(button),
        e(after),
        e(&footer),
        e(&settings),
        e(&settings_label),
    );
    Mail {
        to: String::new(),
        subject,
        text,
        html,
        unsubscribe: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_a_minute_up_to_six_hours() {
        assert_eq!(backoff(0), 60);
        assert_eq!(backoff(1), 120);
        assert_eq!(backoff(5), 60 * 32);
        assert_eq!(backoff(9), MAX_BACKOFF_SECS);
        assert_eq!(backoff(i32::MAX), MAX_BACKOFF_SECS);
        assert_eq!(backoff(-3), 60);
    }
}
