//! Pages, health, headers and languages over plain HTTP.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::{Browser, Db, TestApp, listing_form, spawn};

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = spawn(Db::Sqlite).await;
    let (status, body) = app.browser().get_page("/health").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
}

#[tokio::test]
async fn the_home_page_is_rendered_with_listings_and_safe_headers() {
    let app = spawn(Db::Sqlite).await;
    let (alice, _) = app.user("alice@example.org", "Alice").await;
    alice
        .call(
            "create_listing",
            json!({ "form": listing_form("offer", "Homework club", 48.8566, 2.3522) }),
        )
        .await
        .ok();
    // A client that does not decompress, to see the encoding the server chose.
    let raw = reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("client");
    let res = raw
        .get(format!("{}/", app.base))
        .header("Accept-Encoding", "gzip")
        .header("Accept-Language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(
        h["content-security-policy"]
            .to_str()
            .expect("csp")
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(h["content-encoding"], "gzip");
    let res = app
        .browser()
        .client
        .get(format!("{}/", app.base))
        .header("Accept-Language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .expect("get");
    let html = res.text().await.expect("html");
    assert!(
        html.contains("Homework club"),
        "the list is rendered on the server: {html}"
    );
    assert!(html.contains("lang=\"fr\""), "French follows the browser");
    assert!(html.contains("Carte des annonces"));
}

#[tokio::test]
async fn arabic_pages_are_right_to_left() {
    let app = spawn(Db::Sqlite).await;
    let res = app
        .browser()
        .client
        .get(format!("{}/signup", app.base))
        .header("Accept-Language", "ar")
        .send()
        .await
        .expect("get");
    let html = res.text().await.expect("html");
    assert!(html.contains("dir=\"rtl\""), "{html}");
    assert!(html.contains("إنشاء حساب"));
}

/// The language chosen in the menu (its cookie) wins over the browser's languages, an unknown
/// one is ignored, and the server never writes that cookie itself (when leptos_i18n's effect
/// wrote it on answers, a French person's page once came in another visitor's Arabic).
#[tokio::test]
async fn the_chosen_language_wins_and_only_the_person_sets_it() {
    let app = spawn(Db::Sqlite).await;
    let client = reqwest::Client::new();
    let cases = [
        (None, "ar", "ar"),
        (Some("fr"), "ar,en;q=0.5", "fr"),
        (Some("ar"), "fr-FR,fr;q=0.9", "ar"),
        (Some("xx"), "en", "en"),
        (None, "fr-FR,fr;q=0.9", "fr"),
    ];
    for (chosen, accept, expected) in cases {
        for path in ["/", "/signup", "/activities"] {
            let mut request = client
                .get(format!("{}{path}", app.base))
                .header("Accept-Language", accept);
            if let Some(code) = chosen {
                request = request.header("Cookie", format!("other=1; i18n_pref_locale={code}"));
            }
            let res = request.send().await.expect("page");
            let written: Vec<_> = res
                .headers()
                .get_all("set-cookie")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .filter(|v| v.contains("i18n_pref_locale"))
                .map(str::to_owned)
                .collect();
            assert!(written.is_empty(), "{path} {chosen:?}: {written:?}");
            let html = res.text().await.expect("html");
            let tag = html
                .split('>')
                .find(|t| t.contains("<html"))
                .unwrap_or_default();
            assert!(
                tag.contains(&format!("lang=\"{expected}\"")),
                "{path} {chosen:?} {accept}: {tag}"
            );
        }
    }
}

#[tokio::test]
async fn unknown_pages_say_so() {
    let app = spawn(Db::Sqlite).await;
    let (_, html) = app.browser().get_page("/nowhere").await;
    assert!(html.contains("Page not found"));
}

/// A page starts its islands with Leptos' script and hints the script's module, but does not
/// preload the wasm: on a slow line that download would share the bandwidth with what paints
/// the page (see `ui::app::IslandScripts`).
#[tokio::test]
async fn pages_start_their_islands_without_preloading_the_wasm() {
    let app = spawn(Db::Sqlite).await;
    let (_, html) = app.browser().get_page("/").await;
    assert!(
        html.contains(r#"<link rel="modulepreload" href="/pkg/"#),
        "{html}"
    );
    assert!(
        html.contains("hydrateIslands(document.body, mod)"),
        "{html}"
    );
    assert!(!html.contains(r#"rel="preload""#), "{html}");
    assert_eq!(html.matches("<script type=\"module\"").count(), 1, "{html}");
}

/// Every page type arrives with its main content in the server's answer, and a listing's page
/// gives a visitor no exact point, fetched as a messaging app would.
#[tokio::test]
async fn pages_arrive_with_their_content() {
    let app = spawn(Db::Sqlite).await;
    let world = PublicWorld::make(&app).await;
    let (listing, activity) = (world.listing, world.activity);
    let visitor = app.browser();
    // Pages and their main text.
    for (path, main) in world.pages() {
        let (status, html) = visitor.get_page(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        // Rendered as HTML, not only carried in the data for hydration.
        let rendered = without_scripts(&html);
        assert!(
            rendered.contains(main),
            "{path}: {main} is rendered in the answer: {rendered}"
        );
    }
    // Pages with data name it in their title and their link preview.
    let (_, html) = visitor.get_page(&format!("/listings/{listing}")).await;
    assert!(
        html.contains("<title>Homework club · Entraide</title>"),
        "{html}"
    );
    assert!(
        html.contains(r#"<meta property="og:title" content="Homework club""#),
        "{html}"
    );
    let (_, html) = visitor.get_page(&format!("/activities/{activity}")).await;
    assert!(
        html.contains("<title>Cooking class · Entraide</title>"),
        "{html}"
    );
    // Nothing in a listing's page gives its exact point to a visitor (a point away from the
    // map's default centre, which every page carries).
    let (_, html) = visitor.get_page(&format!("/listings/{listing}")).await;
    assert!(
        !html.contains("48.8412") && !html.contains("2.3003"),
        "{html}"
    );
}

/// A small public world for the page tests: Alice, her listing, her association and its event.
struct PublicWorld {
    alice: Browser,
    alice_id: i64,
    listing: i64,
    association: i64,
    activity: i64,
}

impl PublicWorld {
    async fn make(app: &TestApp) -> Self {
        use crate::associations::{activity_form, create_activity, create_association};
        let (alice, alice_id) = app.user("alice@example.org", "Alice").await;
        let listing = alice
            .call(
                "create_listing",
                json!({ "form": listing_form("offer", "Homework club", 48.8412, 2.3003) }),
            )
            .await;
        let listing = listing.ok()["id"].as_i64().expect("listing id");
        let association = create_association(&alice, "Quartier solidaire").await;
        let activity = create_activity(
            &alice,
            association,
            activity_form("event", "Cooking class", &[(24, 2, "")]),
        )
        .await;
        Self {
            alice,
            alice_id,
            listing,
            association,
            activity,
        }
    }

    /// Every public page of this world, with the main text it shows.
    fn pages(&self) -> Vec<(String, &'static str)> {
        vec![
            (format!("/listings/{}", self.listing), "Homework club"),
            (format!("/activities/{}", self.activity), "Cooking class"),
            (
                format!("/associations/{}", self.association),
                "Quartier solidaire",
            ),
            (format!("/users/{}", self.alice_id), "Alice"),
            ("/associations".to_owned(), "Quartier solidaire"),
            ("/activities".to_owned(), "Cooking class"),
            ("/".to_owned(), "Homework club"),
        ]
    }
}

/// The page without its `<script>` elements (the data sent for hydration).
fn without_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</script>") {
            Some(end) => rest = &rest[start + end + "</script>".len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Server renders always finish: every public page, 8 visitors at once, 320 renders, each
/// given 20 s, on a multi-threaded runtime as in production. (Run beside other servers in the
/// same process, about one run in two left a render unfinished: `make test` gives each test its
/// own process, see scripts/test.sh.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_always_finish_under_load() {
    let app = spawn(Db::Sqlite).await;
    let world = PublicWorld::make(&app).await;
    let alice = world.alice.clone();
    let pages: Vec<String> = world.pages().into_iter().map(|(path, _)| path).collect();
    let visitors: Vec<_> = (0..8).map(|_| app.browser()).collect();
    let mut hung = Vec::new();
    for round in 0..40 {
        let renders = visitors.iter().enumerate().map(|(n, visitor)| {
            let path = pages[(round + n) % pages.len()].clone();
            let alice = alice.clone();
            let signed_in = n % 2 == 0;
            async move {
                let who = if signed_in { &alice } else { visitor };
                let answer = tokio::time::timeout(
                    std::time::Duration::from_secs(20),
                    who.client.get(format!("{}{path}", who.base)).send(),
                )
                .await;
                match answer {
                    Ok(Ok(res)) => {
                        let status = res.status();
                        match tokio::time::timeout(std::time::Duration::from_secs(20), res.bytes())
                            .await
                        {
                            Ok(Ok(_)) if status == StatusCode::OK => None,
                            other => Some(format!(
                                "{path} (signed in: {signed_in}): {status} {other:?}"
                            )),
                        }
                    }
                    other => Some(format!("{path} (signed in: {signed_in}): {other:?}")),
                }
            }
        });
        hung.extend(
            futures_util::future::join_all(renders)
                .await
                .into_iter()
                .flatten(),
        );
    }
    assert!(hung.is_empty(), "renders that did not finish: {hung:?}");
}
