//! A verified e-mail address (issue 23): the link sent at sign-up, in the page's language; a
//! button (not the mere opening) proves it, once, even clicked three times at once; the welcome
//! grant waits for it; an unverified account makes few proposals a day; sending the link again
//! is limited.

use app::backend::entities::{email_verification, ledger_transfer};
use app::backend::verification::{MAX_LINKS_PER_HOUR, UNVERIFIED_PROPOSALS_PER_DAY};
use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::exchanges::{balance, post};
use crate::support::{Db, STRONG, spawn};

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn the_link_proves_the_address_once_and_pays_the_welcome_grant(#[case] db: Db) {
    let app = spawn(db).await;
    let b = app.browser();
    // Signed up from a Farsi page: the account works at once, unproven, without credits.
    let me = b
        .call_in(
            "signup",
            json!({ "form": { "email": "Shirin@Example.org", "display_name": "Shirin", "password": STRONG } }),
            "fa",
        )
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.ok()["email_verified"], json!(false));
    assert_eq!(balance(&b).await, 0);
    let mail = app
        .last_mail_to("shirin@example.org")
        .await
        .expect("the link");
    assert_eq!(mail.subject, "نشانی ایمیل خود را تأیید کنید");
    assert!(mail.body_html.contains("dir=\"rtl\""));
    let token = app.token_sent_to("shirin@example.org", "/verify").await;
    // The database keeps only the token's hash.
    let stored = email_verification::Entity::find()
        .all(&app.db)
        .await
        .expect("links");
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, token);

    // Opening the link (as a mail scanner would) proves nothing: it shows a button.
    let (status, page) = b.get_page(&format!("/verify?token={token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-testid=\"verify-form\""), "{page}");
    assert_eq!(b.me().await["email_verified"], json!(false));

    // The same link sent three times at once: proven once, one welcome grant.
    let clicks = futures_util::future::join_all((0..3).map(|_| {
        let (b, token) = (app.browser(), token.clone());
        async move {
            b.post_form("/verify/confirm", &[("token", &token)], "fa")
                .await
        }
    }))
    .await;
    for (status, at, _) in &clicks {
        assert_eq!((*status, at.as_str()), (StatusCode::OK, "/verify?done=1"));
    }
    assert_eq!(b.me().await["email_verified"], json!(true));
    assert_eq!(balance(&b).await, 20);
    let grants = ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::IdemKey.starts_with("welcome:"))
        .count(&app.db)
        .await
        .expect("grants");
    assert_eq!(grants, 1);
    // Later clicks still say it is done; nothing more is paid.
    let (_, at, _) = b
        .post_form("/verify/confirm", &[("token", &token)], "en")
        .await;
    assert_eq!(at, "/verify?done=1");
    assert_eq!(balance(&b).await, 20);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn wrong_expired_and_foreign_links_prove_nothing(#[case] db: Db) {
    let app = spawn(db).await;
    let b = app.browser();
    b.signup("kamran@example.org", "Kamran", STRONG).await.ok();
    let token = app.token_sent_to("kamran@example.org", "/verify").await;
    for bad in ["", "0", "zz", &"a".repeat(64), &"é".repeat(5_000)] {
        let (status, at, page) = b
            .post_form("/verify/confirm", &[("token", bad)], "ur")
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad:.20}");
        assert_eq!(
            at, "/verify/confirm",
            "the page rendered again with the refusal"
        );
        assert!(page.contains("data-testid=\"verify-dead\""));
        assert!(page.contains("dir=\"rtl\""), "in the asker's language");
    }
    // A week later the link no longer works.
    email_verification::Entity::update_many()
        .col_expr(email_verification::Column::ExpiresAt, Expr::value(1_i64))
        .exec(&app.db)
        .await
        .expect("age the link");
    let (status, _, _) = b
        .post_form("/verify/confirm", &[("token", &token)], "en")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(b.me().await["email_verified"], json!(false));
    // A link for an address the account no longer has proves nothing.
    email_verification::Entity::update_many()
        .col_expr(
            email_verification::Column::ExpiresAt,
            Expr::value(i64::MAX / 2),
        )
        .col_expr(
            email_verification::Column::Email,
            Expr::value("old@example.org"),
        )
        .exec(&app.db)
        .await
        .expect("another address");
    let (status, _, _) = b
        .post_form("/verify/confirm", &[("token", &token)], "en")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(b.me().await["email_verified"], json!(false));
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn an_unproven_account_makes_few_proposals_and_asks_for_few_links(#[case] db: Db) {
    let app = spawn(db).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    let mut listings = Vec::new();
    for i in 0..8 {
        listings.push(post(&alice, "offer", &format!("Jar of jam {i}"), 0).await);
    }
    let newcomer = app.browser();
    newcomer.signup("new@example.org", "New", STRONG).await.ok();
    // Six proposals at once: exactly the day's allowance goes through.
    let answers = futures_util::future::join_all(listings[..6].iter().map(|l| {
        newcomer.call(
            "propose_exchange",
            json!({ "listing_id": l, "message": "Hello" }),
        )
    }))
    .await;
    let ok = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    assert_eq!(ok as u64, UNVERIFIED_PROPOSALS_PER_DAY, "{answers:?}");
    for refused in answers.iter().filter(|a| a.status != StatusCode::OK) {
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(
            refused.body,
            json!({ "Unverified": { "per_day": UNVERIFIED_PROPOSALS_PER_DAY } })
        );
    }

    // Sending the link again: from the profile, a few times an hour (the sign-up's counts).
    let visitor = app.browser();
    let (_, at, _) = visitor.post_form("/verify/resend", &[], "en").await;
    assert_eq!(at, "/login", "only for the signed-in person");
    for _ in 1..MAX_LINKS_PER_HOUR {
        let (status, at, page) = newcomer.post_form("/verify/resend", &[], "fr").await;
        assert_eq!((status, at.as_str()), (StatusCode::OK, "/profile?resent=1"));
        assert!(page.contains("data-testid=\"email-resent\""));
        assert!(page.contains("data-testid=\"email-unverified\""));
    }
    let (status, _, page) = newcomer.post_form("/verify/resend", &[], "fr").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("data-testid=\"email-unverified\""));
    let links = email_verification::Entity::find()
        .count(&app.db)
        .await
        .expect("links");
    assert_eq!(links, MAX_LINKS_PER_HOUR + 1, "Alice's and the newcomer's");

    // Proven, the newcomer proposes freely, and the profile says nothing more.
    app.verify(&newcomer, "new@example.org").await;
    for l in &listings[6..] {
        let answer = newcomer
            .call(
                "propose_exchange",
                json!({ "listing_id": l, "message": "Hi" }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    }
    let (_, page) = newcomer.get_page("/profile").await;
    assert!(!page.contains("data-testid=\"email-unverified\""));
    // Asking for a link once proven sends nothing.
    let (_, at, _) = newcomer.post_form("/verify/resend", &[], "fr").await;
    assert_eq!(at, "/profile?resent=1");
    assert_eq!(
        email_verification::Entity::find()
            .count(&app.db)
            .await
            .expect("links"),
        links
    );
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn links_asked_for_at_once_stay_within_the_hour_s_allowance(#[case] db: Db) {
    let app = spawn(db).await;
    let newcomer = app.browser();
    newcomer
        .signup("hasty@example.org", "Hasty", STRONG)
        .await
        .ok();
    // Six clicks on "send again" at once, on top of the sign-up's link: the account is locked
    // while its links are counted, so no more than the hour's allowance is written.
    let answers = futures_util::future::join_all(
        (0..6).map(|_| newcomer.post_form("/verify/resend", &[], "fr")),
    )
    .await;
    let statuses: Vec<_> = answers.iter().map(|(s, _, _)| *s).collect();
    let sent = statuses.iter().filter(|s| **s == StatusCode::OK).count() as u64;
    assert_eq!(sent, MAX_LINKS_PER_HOUR - 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let links = email_verification::Entity::find()
        .count(&app.db)
        .await
        .expect("links");
    assert_eq!(links, MAX_LINKS_PER_HOUR);
}
