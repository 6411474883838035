//! E-mails that bring people back: someone proposed on my listing, my proposal was answered.
//! Each is written in the transaction of what caused it, in the recipient's language, and only
//! when:
//!
//! - the recipient's address is proven (`verification`): otherwise anyone could sign up with
//!   someone else's address and have the app write to them;
//! - the recipient has not switched that kind off ([`MailKind`], on the profile or with the
//!   one-click link every such e-mail carries, also as `List-Unsubscribe`, RFC 8058).
//!
//! An e-mail names the other person by their display name and the listing by its title (what
//! the listing's page shows anyone), never a place or an e-mail address.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::entities::user;
use super::mail::{self, Mail};
use super::password_reset::new_token;
use super::{Error, verification};
use crate::domain::AppError;
use crate::domain::notify::{MailKind, mail_off_from_stored, mail_off_to_stored};
use crate::domain::vocab::Code;
use crate::i18n::*;

/// What one e-mail says, in the recipient's language.
pub struct Notice {
    pub subject: String,
    pub intro: String,
    /// The page to open, from the site's root (`/exchanges/12`).
    pub path: String,
    pub button: String,
    pub after: String,
}

/// The person's unsubscribe key, made the first time it is needed (one conditional `UPDATE`,
/// so two e-mails written at once agree on it).
async fn key_of(conn: &impl ConnectionTrait, row: &user::Model) -> Result<String, Error> {
    if let Some(key) = &row.mail_key {
        return Ok(key.clone());
    }
    user::Entity::update_many()
        .col_expr(user::Column::MailKey, Expr::value(new_token()))
        .filter(user::Column::Id.eq(row.id))
        .filter(user::Column::MailKey.is_null())
        .exec(conn)
        .await?;
    user::Entity::find_by_id(row.id)
        .one(conn)
        .await?
        .and_then(|r| r.mail_key)
        .ok_or_else(|| AppError::NotFound.into())
}

/// The one-click link that switches `kind` off for the holder of `key`.
pub fn unsubscribe_link(public_url: &str, key: &str, kind: MailKind) -> String {
    format!(
        "{}/unsubscribe?key={key}&kind={}",
        public_url.trim_end_matches('/'),
        kind.code()
    )
}

/// Writes an e-mail of `kind` to `user_id`, composed in their language, unless their address is
/// unproven or they switched `kind` off. `true` when written.
pub async fn send(
    conn: &impl ConnectionTrait,
    public_url: &str,
    user_id: i64,
    kind: MailKind,
    compose: impl FnOnce(Locale) -> Notice,
    now: i64,
) -> Result<bool, Error> {
    let Some(row) = user::Entity::find_by_id(user_id).one(conn).await? else {
        return Ok(false);
    };
    if row.email_verified_at.is_none() || mail_off_from_stored(&row.mail_off).contains(&kind) {
        return Ok(false);
    }
    let key = key_of(conn, &row).await?;
    let locale = verification::locale_of(&row);
    let notice = compose(locale);
    let link = format!("{}{}", public_url.trim_end_matches('/'), notice.path);
    let unsubscribe = unsubscribe_link(public_url, &key, kind);
    let mut mail = mail::with_footer(
        locale,
        public_url,
        notice.subject,
        &notice.intro,
        &link,
        &notice.button,
        &notice.after,
    );
    let stop = td_string!(locale, mail_unsubscribe).to_string();
    mail.text.push_str(&format!("{stop}: {unsubscribe}\n"));
    mail.html = mail.html.replace(
        "</body>",
        &format!(
            "<p style=\"color:#555\"><a href=\"{}\">{}</a></p></body>",
            mail::html(&unsubscribe),
            mail::html(&stop)
        ),
    );
    mail::enqueue(
        conn,
        Mail {
            to: row.email,
            unsubscribe: Some(unsubscribe),
            ..mail
        },
        now,
    )
    .await?;
    Ok(true)
}

/// "Someone proposed on your listing", to the listing's author.
pub fn proposal(name: &str, title: &str, exchange_id: i64) -> impl FnOnce(Locale) -> Notice {
    let (name, title) = (name.to_owned(), title.to_owned());
    move |locale| Notice {
        subject: td_string!(locale, mail_proposal_subject, title = title.clone()).to_string(),
        intro: td_string!(
            locale,
            mail_proposal_intro,
            name = name.clone(),
            title = title.clone()
        )
        .to_string(),
        path: format!("/exchanges/{exchange_id}"),
        button: td_string!(locale, mail_open_exchange).to_string(),
        after: td_string!(locale, mail_proposal_after).to_string(),
    }
}

/// "Your proposal was accepted" (or declined), to the proposer.
pub fn answer(
    name: &str,
    title: &str,
    exchange_id: i64,
    accepted: bool,
) -> impl FnOnce(Locale) -> Notice {
    let (name, title) = (name.to_owned(), title.to_owned());
    move |locale| {
        let (subject, intro) = if accepted {
            (
                td_string!(locale, mail_accepted_subject, title = title.clone()).to_string(),
                td_string!(
                    locale,
                    mail_accepted_intro,
                    name = name.clone(),
                    title = title.clone()
                )
                .to_string(),
            )
        } else {
            (
                td_string!(locale, mail_declined_subject, title = title.clone()).to_string(),
                td_string!(
                    locale,
                    mail_declined_intro,
                    name = name.clone(),
                    title = title.clone()
                )
                .to_string(),
            )
        };
        Notice {
            subject,
            intro,
            path: format!("/exchanges/{exchange_id}"),
            button: td_string!(locale, mail_open_exchange).to_string(),
            after: td_string!(locale, mail_answer_after).to_string(),
        }
    }
}

/// Switches `kind` off for the holder of the unsubscribe `key` (the one-click link). Unknown
/// key or kind: [`AppError::NotFound`].
pub async fn unsubscribe(db: &impl ConnectionTrait, key: &str, kind: &str) -> Result<(), Error> {
    let kind = MailKind::from_code(kind.trim()).ok_or(AppError::NotFound)?;
    let key = key.trim();
    if key.len() != 64 {
        return Err(AppError::NotFound.into());
    }
    let row = user::Entity::find()
        .filter(user::Column::MailKey.eq(key))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut off = mail_off_from_stored(&row.mail_off);
    if !off.contains(&kind) {
        off.push(kind);
    }
    set_off(db, row.id, &off).await
}

/// The kinds `user` switched off.
pub async fn off_of(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<MailKind>, Error> {
    let row = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(mail_off_from_stored(&row.mail_off))
}

/// Sets the kinds `user` switched off.
pub async fn set_off(
    db: &impl ConnectionTrait,
    user_id: i64,
    off: &[MailKind],
) -> Result<(), Error> {
    user::Entity::update_many()
        .col_expr(user::Column::MailOff, Expr::value(mail_off_to_stored(off)))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
