//! The installable app over HTTP: its manifest in the visitor's language, the service worker
//! and its offline page, the language of pages, and the browser told to forget the pages kept
//! for reading offline when a session ends or begins.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Db, STRONG, spawn};

#[tokio::test]
async fn the_manifest_speaks_the_visitors_language_and_direction() {
    let app = spawn(Db::Sqlite).await;
    let client = reqwest::Client::new();
    let manifest = |language: &'static str| {
        let request = client
            .get(format!("{}/manifest.webmanifest", app.base))
            .header("Accept-Language", language);
        async move {
            let res = request.send().await.expect("manifest");
            assert_eq!(res.status(), StatusCode::OK);
            let kind = res.headers()["content-type"]
                .to_str()
                .expect("text header")
                .to_owned();
            assert_eq!(kind, "application/manifest+json");
            res.json::<Value>().await.expect("json")
        }
    };
    let farsi = manifest("fa-IR,fa;q=0.9").await;
    assert_eq!(
        (farsi["lang"].as_str(), farsi["dir"].as_str()),
        (Some("fa"), Some("rtl"))
    );
    assert_eq!(farsi["shortcuts"][1]["name"], "کمک در نزدیکی من");
    assert_eq!(farsi["shortcuts"][1]["url"], "/help");
    assert_eq!(farsi["shortcuts"][0]["url"], "/listings/new");
    let urdu = manifest("ur").await;
    assert_eq!(
        (urdu["lang"].as_str(), urdu["dir"].as_str()),
        (Some("ur"), Some("rtl"))
    );
    let french = manifest("fr-FR").await;
    assert_eq!(
        (french["lang"].as_str(), french["dir"].as_str()),
        (Some("fr"), Some("ltr"))
    );
    assert_eq!(french["shortcuts"][0]["name"], "Publier une annonce");
    for key in ["start_url", "scope"] {
        assert_eq!(french[key], "/");
    }
    assert_eq!(french["display"], "standalone");
    let icons: Vec<String> = french["icons"]
        .as_array()
        .expect("icons")
        .iter()
        .map(|i| format!("{} {} {}", i["src"], i["sizes"], i["purpose"]))
        .collect();
    for wanted in [
        r#""/icons/icon-192.png" "192x192" "any""#,
        r#""/icons/icon-512.png" "512x512" "any""#,
        r#""/icons/maskable-512.png" "512x512" "maskable""#,
    ] {
        assert!(icons.iter().any(|i| i == wanted), "{wanted} in {icons:?}");
    }
}

#[tokio::test]
async fn the_service_worker_and_the_offline_page_are_served_in_the_pages_language() {
    let app = spawn(Db::Sqlite).await;
    let client = reqwest::Client::new();
    let res = client
        .get(format!("{}/sw.js", app.base))
        .send()
        .await
        .expect("sw");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("text header")
            .starts_with("text/javascript")
    );
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let script = res.text().await.expect("script");
    assert!(script.contains(r#""/offline""#), "{script}");
    assert!(!script.contains("__PRECACHE__") && !script.contains("__VERSION__"));

    let res = client
        .get(format!("{}/offline", app.base))
        .header("Accept-Language", "ur")
        .send()
        .await
        .expect("offline");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-language"], "ur");
    let html = res.text().await.expect("html");
    assert!(html.contains("آپ آف لائن ہیں"), "{html}");
    // The banner's words and the mark the service worker fills in on a copy.
    assert!(
        html.contains(r#"<meta name="entraide-copy" content="""#),
        "{html}"
    );
    assert!(html.contains("entraide-offline-copy"));
    assert!(html.contains("serviceWorker.register('/sw.js')"));
}

#[tokio::test]
async fn logging_in_and_out_tells_the_browser_to_forget_the_pages_kept_offline() {
    let app = spawn(Db::Sqlite).await;
    let (browser, _) = app.user("offline@example.org", "Nour").await;
    let post = |name: &str, body: Value| {
        browser
            .client
            .post(format!("{}/api/{name}", app.base))
            .header("Accept", "application/json")
            .header("Origin", &app.base)
            .json(&body)
    };
    let clears = |res: &reqwest::Response| {
        res.headers()
            .get("clear-site-data")
            .map(|v| v.to_str().expect("text header").to_owned())
    };
    let out = post("logout", json!({})).send().await.expect("logout");
    assert_eq!(out.status(), StatusCode::OK);
    assert_eq!(clears(&out).as_deref(), Some(r#""cache", "storage""#));
    let wrong = post(
        "login",
        json!({ "email": "offline@example.org", "password": "nope" }),
    )
    .send()
    .await
    .expect("login");
    assert!(wrong.status().is_client_error());
    assert_eq!(clears(&wrong), None, "a refused login clears nothing");
    let back = post(
        "login",
        json!({ "email": "offline@example.org", "password": STRONG }),
    )
    .send()
    .await
    .expect("login");
    assert_eq!(back.status(), StatusCode::OK);
    assert_eq!(clears(&back).as_deref(), Some(r#""cache", "storage""#));
}
