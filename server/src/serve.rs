//! `server serve`: listens, runs the background jobs, and stops gracefully; and the
//! cookie-signing key the router's sessions use.

use std::net::SocketAddr;
use std::path::Path;

use axum::serve::ListenerExt;
use tower_sessions::cookie::Key;

use crate::config::Config;
use crate::router::build;

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight, with the
/// background jobs running beside it.
pub async fn serve(config: Config) -> Result<(), String> {
    let (router, state) = build(&config).await?;
    crate::jobs::spawn_all(&state);
    let mail = crate::mail::transport(&config)?;
    match &config.smtp {
        Some(smtp) => tracing::info!(host = %smtp.host, port = smtp.port, "e-mail is sent by SMTP"),
        None => {
            let dir = crate::mail::folder(&config);
            tracing::info!(folder = %dir.display(), "no SMTP server (ENTRAIDE_SMTP_HOST): e-mail is written to a folder");
            println!(
                "E-mail is not sent (no ENTRAIDE_SMTP_HOST): it is written to {} and listed at {}/dev/mail",
                dir.display(),
                config.public_url
            );
        }
    }
    crate::mail::spawn(state.clone(), mail);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("listening on {}: {e}", config.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, "Entraide is listening");
    println!("Entraide is running at http://{addr}");
    // Answers leave at once: with Nagle's algorithm a file served in two writes (headers, then
    // the body) waited for the client's delayed acknowledgement, about 40 ms per answer, and the
    // static route answered 1 100 requests a second where a plain handler answers 14 000.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("TCP_NODELAY not set on a connection: {e}");
        }
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown().await;
        // Open event streams would hold the graceful shutdown forever.
        state.notifier.close();
    })
    .await
    .map_err(|e| e.to_string())
}

/// The cookie-signing key: from the configuration, or generated once and kept in the data
/// folder so that sessions survive restarts.
pub(crate) fn session_key(config: &Config) -> Result<Key, String> {
    let secret = match &config.session_secret {
        Some(s) => s.clone().into_bytes(),
        None => read_or_create_secret(&config.data_dir.join("session.key"))?,
    };
    Key::try_from(secret.as_slice())
        .map_err(|_| "ENTRAIDE_SESSION_SECRET must be at least 64 bytes".to_owned())
}

fn read_or_create_secret(path: &Path) -> Result<Vec<u8>, String> {
    if let Ok(bytes) = std::fs::read(path)
        && bytes.len() >= 64
    {
        return Ok(bytes);
    }
    let bytes = Key::generate().master().to_vec();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    std::fs::write(path, &bytes).map_err(|e| format!("writing {}: {e}", path.display()))?;
    Ok(bytes)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
