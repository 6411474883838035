//! The account's settings behind its password (issue 23): a new password (other sessions end,
//! the address is told), a new address (proven again, the old one told, old reset links dead),
//! and deleting the account: the person's data erased from every table, their open exchanges
//! ended as the rules say, the ledger still balanced.

use app::backend::entities::{exchange, user};
use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::{EntityTrait, FromQueryResult, JsonValue, Statement};
use serde_json::json;

use crate::exchanges::{assert_sound, balance, propose};
use crate::support::{Browser, Db, STRONG, TestApp, listing_form, spawn};

const NEW: &str = "harbour-quince-meadow-77";

async fn act(b: &Browser, id: i64, action: &str) {
    let answer = b
        .call("act_on_exchange", json!({ "id": id, "action": action }))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{action}: {answer:?}");
}

async fn create(b: &Browser, form: serde_json::Value) -> i64 {
    b.call("create_listing", json!({ "form": form })).await.ok()["id"]
        .as_i64()
        .expect("id")
}

async fn signed_in(b: &Browser) -> bool {
    !b.me().await.is_null()
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_new_password_and_a_new_address_take_the_current_password(#[case] db: Db) {
    let app = spawn(db).await;
    let (amina, _) = app.user("amina@example.org", "Amina").await;
    let (_, _) = app.user("taken@example.org", "Taken").await;
    let phone = app.browser();
    phone.login("amina@example.org", STRONG).await.ok();

    // A wrong current password changes nothing, and says which field is wrong.
    let (status, at, page) = amina
        .post_form(
            "/account/password",
            &[("current", "not-it-at-all"), ("password", NEW)],
            "en",
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(at, "/account/password", "the page again, in place");
    assert!(page.contains("id=\"err-pw-current\""), "{page}");
    // A weak new one: refused on its own field.
    let (status, _, page) = amina
        .post_form(
            "/account/password",
            &[("current", STRONG), ("password", "password123")],
            "en",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"err-pw-new\""));

    // Two changes at once with the same current password: one wins.
    let (a, b) = tokio::join!(
        amina.post_form(
            "/account/password",
            &[("current", STRONG), ("password", NEW)],
            "en"
        ),
        amina.post_form(
            "/account/password",
            &[
                ("current", STRONG),
                ("password", "another-pale-lighthouse-19")
            ],
            "en"
        ),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::UNAUTHORIZED]);
    let chosen = if a.0 == StatusCode::OK {
        assert_eq!(a.1, "/account?done=password");
        NEW
    } else {
        "another-pale-lighthouse-19"
    };
    // This browser stays signed in; the phone was signed out; the address was told.
    assert!(signed_in(&amina).await);
    assert!(!signed_in(&phone).await);
    let told = app.last_mail_to("amina@example.org").await.expect("mail");
    assert_eq!(told.subject, "Your Entraide password was changed");
    assert_eq!(
        app.browser()
            .login("amina@example.org", STRONG)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.browser()
            .login("amina@example.org", chosen)
            .await
            .status,
        StatusCode::OK
    );

    // A link to choose a password, asked for the old address before it changes.
    let (status, _, _) = app
        .browser()
        .post_form("/forgot/send", &[("email", "amina@example.org")], "en")
        .await;
    assert_eq!(status, StatusCode::OK);
    let reset = app.token_sent_to("amina@example.org", "/reset").await;

    // A new address: the password, a free and valid address.
    for (email, current, status) in [
        (
            "amina.new@example.org",
            "wrong-password-here",
            StatusCode::UNAUTHORIZED,
        ),
        (
            "taken@example.org",
            chosen,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("not an address", chosen, StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let (got, at, page) = amina
            .post_form(
                "/account/email",
                &[("email", email), ("current", current)],
                "fr",
            )
            .await;
        assert_eq!(got, status, "{email}");
        assert_eq!(at, "/account/email");
        // What was typed is kept.
        assert!(page.contains(&format!("value=\"{email}\"")), "{email} kept");
        assert_eq!(amina.me().await["email"], "amina@example.org");
    }
    let (status, at, _) = amina
        .post_form(
            "/account/email",
            &[("email", "Amina.New@Example.org"), ("current", chosen)],
            "fr",
        )
        .await;
    assert_eq!(
        (status, at.as_str()),
        (StatusCode::OK, "/account?done=email")
    );
    let me = amina.me().await;
    assert_eq!(me["email"], "amina.new@example.org");
    assert_eq!(me["email_verified"], false, "to be proven again");
    let old = app.last_mail_to("amina@example.org").await.expect("mail");
    assert_eq!(old.subject, "Your Entraide e-mail address was changed");
    assert!(
        !old.body_text.contains("amina.new"),
        "the new address is not told"
    );
    // The reset link sent to the old address no longer works.
    let (status, _, _) = app
        .browser()
        .post_form("/reset/save", &[("token", &reset), ("password", NEW)], "en")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The new address is proven with its own link, and logs in.
    app.verify(&amina, "amina.new@example.org").await;
    assert_eq!(amina.me().await["email_verified"], true);
    assert_eq!(
        app.browser()
            .login("amina.new@example.org", chosen)
            .await
            .status,
        StatusCode::OK
    );
    // Signed out: to the login page.
    let (_, at, _) = app
        .browser()
        .post_form("/account/email", &[("email", "x@example.org")], "en")
        .await;
    assert_eq!(at, "/login");
}

/// Every row of every table, as text.
async fn every_table(app: &TestApp) -> Vec<(String, String)> {
    let backend = app.db.get_database_backend();
    let list = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let tables = JsonValue::find_by_statement(Statement::from_string(backend, list))
        .all(&app.db)
        .await
        .expect("tables");
    assert!(tables.len() > 30, "{tables:?}");
    let mut rows = Vec::new();
    for t in tables {
        let name = t["name"].as_str().expect("name").to_owned();
        let all = JsonValue::find_by_statement(Statement::from_string(
            backend,
            format!("SELECT * FROM \"{name}\""),
        ))
        .all(&app.db)
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        for row in all {
            rows.push((name.clone(), row.to_string().to_lowercase()));
        }
    }
    rows
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn deleting_an_account_erases_the_person_and_keeps_the_ledger_balanced(#[case] db: Db) {
    let app = spawn(db).await;
    let (zerb, zerb_id) = app.user("zerbinette@example.org", "Zerbinette").await;
    let (alice, alice_id) = app.user("alice@example.org", "Alice").await;
    let home = (48.861_425_3, 2.341_729_6);
    zerb.call(
        "update_profile",
        json!({ "form": { "display_name": "Zerbinette", "bio": "Jardinière rue Quincampoix",
            "languages": ["fr"], "home": { "lat": home.0, "lng": home.1 } } }),
    )
    .await
    .ok();
    zerb.call(
        "save_alert",
        json!({ "form": { "kind": "offer", "category": "", "center": { "lat": home.0, "lng": home.1 }, "radius_km": "1" } }),
    )
    .await
    .ok();
    let at_home = |kind: &str, title: &str, price: i64| {
        let mut form = listing_form(kind, title, home.0, home.1);
        form["price"] = json!(price.to_string());
        form
    };
    let alices = |title: &str, price: i64| {
        let mut form = listing_form("offer", title, 48.85, 2.35);
        form["price"] = json!(price.to_string());
        form
    };
    // a) Zerbinette receives Alice's jam, accepted: 5 credits held from her.
    let jam = create(&alice, alices("Jam", 5)).await;
    let a = propose(&zerb, jam, "I would love some").await;
    act(&alice, a, "Accept").await;
    // b) Zerbinette gives help to Alice, accepted and confirmed by her as the giver.
    let help = create(&zerb, at_home("offer", "Mending bikes", 3)).await;
    let b = propose(&alice, help, "Please").await;
    act(&zerb, b, "Accept").await;
    act(&zerb, b, "Confirm").await;
    // c) Alice gave Zerbinette a lamp and said so: Zerbinette never confirmed.
    let lamp = create(&alice, alices("Lamp", 2)).await;
    let c = propose(&zerb, lamp, "Merci").await;
    act(&alice, c, "Accept").await;
    act(&alice, c, "Confirm").await;
    // d) Alice proposed on Zerbinette's request, unanswered.
    let ask = create(&zerb, at_home("request", "A ladder, please", 0)).await;
    let d = propose(&alice, ask, "I have one").await;
    zerb.call(
        "send_message",
        json!({ "id": c, "body": "See you at the bakery" }),
    )
    .await
    .ok();
    let (zerb_before, alice_before) = (balance(&zerb).await, balance(&alice).await);

    // The scan below sees the person while they are there.
    let before = every_table(&app).await;
    for personal in ["zerbinette", "quincampoix", "48.86142", "2.34172"] {
        assert!(
            before.iter().any(|(_, row)| row.contains(personal)),
            "{personal} is stored before"
        );
    }

    // A wrong password deletes nothing.
    let (status, _, page) = zerb
        .post_form("/account/delete", &[("current", "nope-nope-nope-1")], "en")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(page.contains("id=\"err-delete-current\""));
    assert!(signed_in(&zerb).await);

    // Two clicks at once: deleted once, and both land somewhere sensible.
    let other_session = app.browser();
    other_session
        .login("zerbinette@example.org", STRONG)
        .await
        .ok();
    let (one, two) = tokio::join!(
        zerb.post_form("/account/delete", &[("current", STRONG)], "en"),
        zerb.post_form("/account/delete", &[("current", STRONG)], "en"),
    );
    for (status, at, _) in [&one, &two] {
        assert_eq!(*status, StatusCode::OK);
        assert!(at == "/privacy?deleted=1" || at == "/login", "{at}");
    }
    assert!(one.1 == "/privacy?deleted=1" || two.1 == "/privacy?deleted=1");
    let page = if one.1.starts_with("/privacy") {
        &one.2
    } else {
        &two.2
    };
    assert!(page.contains("data-testid=\"account-deleted\""));
    assert!(!signed_in(&zerb).await);
    assert!(!signed_in(&other_session).await, "every session ended");
    assert_eq!(
        app.browser()
            .login("zerbinette@example.org", STRONG)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // The exchanges ended as the rules say, and the money with them.
    let state = |id: i64| {
        let db = app.db.clone();
        async move {
            exchange::Entity::find_by_id(id)
                .one(&db)
                .await
                .expect("row")
                .expect("exchange")
                .state
        }
    };
    assert_eq!(state(a).await, "cancelled", "the held price goes back");
    assert_eq!(
        state(b).await,
        "cancelled",
        "the giver may cancel: Alice refunded"
    );
    assert_eq!(
        state(c).await,
        "completed",
        "Alice said she gave: she is paid"
    );
    assert_eq!(state(d).await, "declined");
    let price = |id: i64| {
        let db = app.db.clone();
        async move {
            exchange::Entity::find_by_id(id)
                .one(&db)
                .await
                .expect("row")
                .and_then(|e| e.price)
                .expect("a price")
        }
    };
    assert_eq!(
        balance(&alice).await,
        alice_before + price(b).await + price(c).await
    );
    assert_sound(&app).await;
    let row = user::Entity::find_by_id(zerb_id)
        .one(&app.db)
        .await
        .expect("row")
        .expect("kept for the ledger");
    assert!(row.deleted_at.is_some());
    assert_eq!(row.display_name, "");
    let kept: i64 = app::backend::ledger::balance_of(
        &app.db,
        app::backend::ledger::account_of_user(&app.db, zerb_id)
            .await
            .expect("account"),
    )
    .await
    .expect("balance");
    assert_eq!(kept, zerb_before + price(a).await, "the jam's price back");

    // Nothing personal left in any table (name, address, bio, home, alert centre, places),
    // once the e-mails on their way to others (which name her) are sent.
    let dir = tempfile::tempdir().expect("dir");
    let folder = app::backend::mail::Transport::folder(
        dir.path().to_owned(),
        "Entraide <no-reply@example.org>",
    )
    .expect("folder");
    app::backend::mail::deliver_due(&app.db, &folder, app::backend::now(), 1000)
        .await
        .expect("deliver");
    for (table, row) in every_table(&app).await {
        for personal in ["zerbinette", "quincampoix", "48.86142", "2.34172"] {
            assert!(!row.contains(personal), "{personal} left in {table}: {row}");
        }
    }
    // Others see a former member; what was written to Alice stays hers to read.
    let (_, page) = alice.get_page(&format!("/users/{zerb_id}")).await;
    assert!(page.contains("Former member"));
    let messages = alice
        .call("exchange_messages", json!({ "id": c, "before": null }))
        .await;
    let messages = messages.ok().to_string();
    assert!(messages.contains("See you at the bakery"));
    let _ = alice_id;

    // The address is free again.
    let again = app.browser();
    assert_eq!(
        again
            .signup("zerbinette@example.org", "Zerbinette", STRONG)
            .await
            .status,
        StatusCode::OK
    );
}
