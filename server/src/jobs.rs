//! Background jobs started by `serve`: the matching sweep, the ledger's due grants and overdue
//! exchanges, the lots whose deadline passed, expired sessions and idempotency keys, and
//! expired listings in the map's counts, the e-mails that are due. Each runs at start and then
//! on a timer; each is idempotent, so two servers sharing a database may both run it.

use std::time::Duration;

use app::backend::AppState;
use app::backend::session_store::DbSessionStore;

/// Starts every job on the runtime.
pub fn spawn_all(state: &AppState) {
    spawn_match_sweep(state.clone());
    spawn_ledger_jobs(state.clone());
    spawn_draws(state.clone());
    spawn_session_sweep(state.clone());
    spawn_count_sweep(state.clone());
    spawn_mail_jobs(state.clone());
    spawn_open_data(state.clone());
}

/// Writes the e-mails that are due (`backend::mail_jobs`: unread messages, reminders, freed
/// places, digests), at start and then every minute; the outbox job sends them.
fn spawn_mail_jobs(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            let now = app::backend::now();
            match app::backend::mail_jobs::run(&state.db, state.public_url, &state.time_zone, now)
                .await
            {
                Ok(written) if written != Default::default() => {
                    tracing::info!(?written, "e-mails written by the mail jobs")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "the mail jobs failed"),
            }
        }
    });
}

/// Computes the open data's figures of the periods that have become due (`backend::insights`:
/// a quarter 14 days after it ends), at start and then every hour. A period is stored once, in
/// one transaction, so a restart or a second server computes nothing twice.
fn spawn_open_data(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3_600));
        loop {
            every.tick().await;
            match app::backend::insights::run(&state.db, app::backend::now()).await {
                Ok(stored) if !stored.is_empty() => {
                    tracing::info!(?stored, "open data: periods published")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "the open data job failed"),
            }
        }
    });
}

/// Takes expired listings out of the map's counts, at start and then every minute (the map
/// subtracts those expired since, so the interval bounds only how many it subtracts).
fn spawn_count_sweep(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            let now = app::backend::now();
            match app::backend::listings::sweep_counts(&state.db, now).await {
                Ok(n) if n > 0 => {
                    tracing::info!(swept = n, "expired listings left the map's counts")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "sweeping the map's counts failed"),
            }
        }
    });
}

/// Deletes expired sessions, and idempotency keys older than a week, every hour.
fn spawn_session_sweep(state: AppState) {
    let store = DbSessionStore::new(state.db.clone());
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3_600));
        loop {
            every.tick().await;
            match store.delete_expired().await {
                Ok(n) if n > 0 => tracing::info!(deleted = n, "expired sessions swept"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "sweeping sessions failed"),
            }
            let now = app::backend::now();
            match app::backend::idempotency::forget_old(&state.db, now).await {
                Ok(n) if n > 0 => tracing::info!(deleted = n, "old idempotency keys swept"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "sweeping idempotency keys failed"),
            }
        }
    });
}

/// Matches what is still unmatched (seeded data, edits, anything a crash left) at start and
/// then every minute.
fn spawn_match_sweep(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            loop {
                let now = app::backend::now();
                match app::backend::matching::sweep(&state.db, now, state.notify_best, 200).await {
                    Ok(users) if !users.is_empty() => state.notifier.ping(users),
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "matching sweep failed");
                        break;
                    }
                }
            }
        }
    });
}

/// At start and then every ten minutes: pays the grants that are due (welcome grants a failed
/// sign-up missed, this week's grants; only under the currency policy) and completes the
/// exchanges whose one confirmation waited too long for the other.
fn spawn_ledger_jobs(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(600));
        loop {
            every.tick().await;
            let now = app::backend::now();
            if state.policy == app::domain::ledger::Policy::Currency {
                match app::backend::grants::pay_due(&state.db, &state.ledger, now).await {
                    Ok(run) if run.welcome + run.weekly > 0 => {
                        tracing::info!(welcome = run.welcome, weekly = run.weekly, "grants paid");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "paying grants failed"),
                }
            }
            let settings = state.exchange_settings();
            match app::backend::exchanges::complete_overdue(&state.db, &settings, now).await {
                Ok(people) => state.notifier.ping(people),
                Err(e) => tracing::warn!(error = ?e, "completing overdue exchanges failed"),
            }
        }
    });
}

/// Draws the lots whose deadline has passed, at start and then every minute.
fn spawn_draws(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            let now = app::backend::now();
            match app::backend::draws::run_due(&state.db, None, now, now).await {
                Ok(people) => state.notifier.ping(people),
                Err(e) => tracing::warn!(error = ?e, "drawing lots failed"),
            }
        }
    });
}
