//! Starting a server and calling its server functions.

use std::net::SocketAddr;

use reqwest::{Client, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use server::Config;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A running server with its own fresh database.
pub struct TestApp {
    pub base: String,
    pub db: sea_orm::DatabaseConnection,
    _dir: tempfile::TempDir,
}

/// A browser-like client: its own cookie jar (shared by its clones), and same-origin headers.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    pub base: String,
}

/// The answer of a server function: status and JSON body.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl Answer {
    pub fn ok(&self) -> &Value {
        assert!(
            self.status.is_success(),
            "expected success, got {} {}",
            self.status,
            self.body
        );
        &self.body
    }
}

pub async fn database_url(db: Db, dir: &tempfile::TempDir) -> String {
    match db {
        Db::Sqlite => format!("sqlite://{}/test.db", dir.path().display()),
        Db::Postgres => {
            let admin = std::env::var("TEST_POSTGRES_URL").expect(
                "TEST_POSTGRES_URL must point at a PostgreSQL server (make test starts one)",
            );
            let name = format!("entraide_test_{}", rand::random::<u64>());
            let conn = sea_orm::Database::connect(&admin)
                .await
                .expect("connect to PostgreSQL");
            conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let base = admin
                .rsplit_once('/')
                .map_or(admin.as_str(), |(b, _)| b)
                .to_owned();
            format!("{base}/{name}")
        }
    }
}

/// Starts a server on a random port with a fresh database.
pub async fn spawn(db: Db) -> TestApp {
    spawn_with(db, &[]).await
}

/// Like [`spawn`], with extra environment variables.
pub async fn spawn_with(db: Db, extra: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(db, &dir).await;
    let data = dir.path().display().to_string();
    let mut vars: Vec<(String, String)> = vec![
        ("ENTRAIDE_ADDR".into(), "127.0.0.1:0".into()),
        ("DATABASE_URL".into(), url),
        ("ENTRAIDE_DATA_DIR".into(), data.clone()),
        ("LEPTOS_SITE_ROOT".into(), data),
        ("ENTRAIDE_TILE_URL".into(), String::new()),
        ("ENTRAIDE_AUTH_RATE_PER_MINUTE".into(), "1000".into()),
    ];
    for (k, v) in extra {
        vars.retain(|(name, _)| name != k);
        vars.push(((*k).into(), (*v).into()));
    }
    let config = Config::from_lookup(|k| {
        vars.iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.clone())
    })
    .expect("config");
    let (router, state) = server::build(&config).await.expect("build app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    TestApp {
        base: format!("http://{addr}"),
        db: state.db,
        _dir: dir,
    }
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        // A page the server never finishes fails its test with a clear error instead of
        // holding the whole run until CI's time limit.
        let client = Client::builder()
            .cookie_store(true)
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("client");
        Browser {
            client,
            base: self.base.clone(),
        }
    }

    /// A browser signed in as a new user with the given email, its address proven.
    pub async fn user(&self, email: &str, name: &str) -> (Browser, i64) {
        let b = self.browser();
        let me = b.signup(email, name, STRONG).await;
        let id = me.ok()["id"].as_i64().expect("id");
        self.verify(&b, email).await;
        (b, id)
    }

    /// The newest e-mail put in the outbox for `to` (the server sends it later).
    pub async fn last_mail_to(
        &self,
        to: &str,
    ) -> Option<app::backend::entities::mail_outbox::Model> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        app::backend::entities::mail_outbox::Entity::find()
            .filter(
                app::backend::entities::mail_outbox::Column::ToAddress.eq(to.trim().to_lowercase()),
            )
            .order_by_desc(app::backend::entities::mail_outbox::Column::Id)
            .one(&self.db)
            .await
            .expect("outbox")
    }

    /// The token of the newest link to `path` (`/verify`, `/reset`) e-mailed to `to`.
    pub async fn token_sent_to(&self, to: &str, path: &str) -> String {
        let mail = self.last_mail_to(to).await.expect("an e-mail");
        let marker = format!("{path}?token=");
        let at = mail.body_text.find(&marker).expect("a link") + marker.len();
        mail.body_text[at..at + 64].to_owned()
    }

    /// Proves `email`'s address as its owner does: the e-mailed link, then its button.
    pub async fn verify(&self, b: &Browser, email: &str) {
        let token = self.token_sent_to(email, "/verify").await;
        let (status, at, _) = b
            .post_form("/verify/confirm", &[("token", &token)], "en")
            .await;
        assert_eq!((status, at.as_str()), (StatusCode::OK, "/verify?done=1"));
    }
}

/// A password that passes the strength check.
pub const STRONG: &str = "lantern-orbit-cobalt-42";

impl Browser {
    /// Calls a server function with a JSON body, as the hydrated app does.
    pub async fn call(&self, name: &str, args: Value) -> Answer {
        self.call_with(name, args, None).await
    }

    /// Like [`Self::call`], from a browser that prefers the language `lang`.
    pub async fn call_in(&self, name: &str, args: Value, lang: &str) -> Answer {
        self.call_with(name, args, Some(lang)).await
    }

    async fn call_with(&self, name: &str, args: Value, lang: Option<&str>) -> Answer {
        let host = self.base.trim_start_matches("http://").to_owned();
        let mut req = self
            .client
            .post(format!("{}/api/{name}", self.base))
            .header("Accept", "application/json")
            .header("Origin", &self.base)
            .header("Host", host);
        if let Some(lang) = lang {
            req = req.header("Accept-Language", lang);
        }
        let res = req.json(&args).send().await.expect("request");
        Self::answer(res).await
    }

    /// Calls a server function with a `multipart/form-data` body, as a file upload does.
    pub async fn upload(&self, name: &str, form: reqwest::multipart::Form) -> Answer {
        let res = self
            .client
            .post(format!("{}/api/{name}", self.base))
            .header("Accept", "application/json")
            .header("Origin", &self.base)
            .multipart(form)
            .send()
            .await
            .expect("request");
        Self::answer(res).await
    }

    async fn answer(res: reqwest::Response) -> Answer {
        let status = res.status();
        let text = res.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, body }
    }

    /// A GET answered with its headers and raw bytes.
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("get");
        let (status, headers) = (res.status(), res.headers().clone());
        (status, headers, res.bytes().await.expect("bytes").to_vec())
    }

    pub async fn signup(&self, email: &str, name: &str, password: &str) -> Answer {
        self.call(
            "signup",
            json!({ "form": { "email": email, "display_name": name, "password": password } }),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Answer {
        self.call("login", json!({ "email": email, "password": password }))
            .await
    }

    pub async fn me(&self) -> Value {
        self.call("me", json!({})).await.ok().clone()
    }

    /// Sends a form as a browser without script does (`application/x-www-form-urlencoded`,
    /// same origin, in `lang`), following the redirect: answers the final status, address
    /// (path and query) and body.
    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        lang: &str,
    ) -> (StatusCode, String, String) {
        let body: String = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", &self.base)
            .header("Accept-Language", lang)
            .body(body)
            .send()
            .await
            .expect("post");
        let status = res.status();
        let url = res.url();
        let at = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        (status, at, res.text().await.expect("body"))
    }

    pub async fn get_page(&self, path: &str) -> (StatusCode, String) {
        let (status, _, bytes) = self.get_bytes(path).await;
        (status, String::from_utf8(bytes).expect("UTF-8 page"))
    }
}

/// Percent-encodes a form value (every byte but letters, digits and `-_.~`).
fn enc(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A listing form as the app sends it.
pub fn listing_form(kind: &str, title: &str, lat: f64, lng: f64) -> Value {
    json!({
        "kind": kind,
        "nature": "service",
        "category": "tutoring",
        "title": title,
        "description": "Evenings after six, secondary school level.",
        "remote": false,
        "price": "0",
        "expires_in_days": "30",
        "location": { "lat": lat, "lng": lng },
    })
}

/// The field names of a validation error body.
pub fn invalid_fields(body: &Value) -> Vec<String> {
    body["Validation"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
