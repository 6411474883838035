//! Each request that can render a page runs on one thread from start to end.
//!
//! Why: Leptos numbers the resources and `Suspense`s of a page as it renders them, with two
//! counters (inside islands, which the browser numbers too, and outside), chosen by one flag of
//! the request that `#[island]` bodies and island children switch on and off
//! (`Owner::with_hydration` / `with_no_hydration` in reactive_graph). The parts of a page that
//! wait for data (each `Suspense`) finish in tasks of their own; on tokio's multi-threaded
//! runtime, two of them can run at once on two threads, one switching the flag while the other
//! takes a number, which then comes from the wrong counter. The browser numbers differently,
//! reads another resource's data, and the page fails to hydrate (tachys' "failed to cast
//! element"): seen on `/notifications`, `/matching` and `/exchanges/:id` under the load of the
//! browser tests, never alone. On one thread those switches never interleave (they do not
//! await), so the numbering is the same at every render.
//!
//! How: one single-threaded runtime per core, each on a thread of its own; a task spawned by the
//! render (`tokio::spawn`, through Leptos' executor) stays on its worker. Requests that render
//! nothing (the built files, the event streams, the open data) stay on the main runtime.
//! Hand-written rather than tokio-util's `LocalPoolHandle` (the same design), whose threads have
//! the default 2 MiB stack that an unoptimised render overflows (`THREAD_STACK` in `main.rs`).

use std::future::Future;
use std::pin::Pin;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::{mpsc, oneshot};
use tracing::Instrument;

/// The stack of a worker, as the main runtime's threads (`main.rs`).
const STACK: usize = 8 * 1024 * 1024;

/// Work for a worker: makes the future on the worker's thread (it need not be `Send`).
type Job = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = ()>>> + Send>;

struct Pool {
    workers: Vec<mpsc::UnboundedSender<Job>>,
    next: AtomicUsize,
}

impl Pool {
    fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let workers = (0..cores)
            .filter_map(|i| {
                let (tx, mut rx) = mpsc::unbounded_channel::<Job>();
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                std::thread::Builder::new()
                    .name(format!("render-{i}"))
                    .stack_size(STACK)
                    .spawn(move || {
                        let local = tokio::task::LocalSet::new();
                        local.block_on(&runtime, async move {
                            while let Some(job) = rx.recv().await {
                                tokio::task::spawn_local(job());
                            }
                        });
                    })
                    .ok()?;
                Some(tx)
            })
            .collect();
        Self {
            workers,
            next: AtomicUsize::new(0),
        }
    }

    /// Runs `make()` on the next worker and waits for its result; `None` if the pool has no
    /// worker or the job panicked.
    async fn run<F, Fut, T>(&self, make: F) -> Option<T>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = T> + 'static,
        T: Send + 'static,
    {
        if self.workers.is_empty() {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.workers.len();
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            Box::pin(async move {
                let _ = tx.send(make().await);
            })
        });
        self.workers[i].send(job).ok()?;
        rx.await.ok()
    }
}

static POOL: LazyLock<Pool> = LazyLock::new(Pool::new);

/// Paths whose answers are never rendered by Leptos.
const NOT_RENDERED: [&str; 3] = ["/pkg/", "/events/", "/open-data/"];

/// Runs the rest of the request on one of the pool's threads (see the module's doc).
pub async fn one_thread_per_render(req: Request<Body>, next: Next) -> Response {
    if NOT_RENDERED
        .iter()
        .any(|prefix| req.uri().path().starts_with(prefix))
    {
        return next.run(req).await;
    }
    let span = tracing::Span::current();
    match POOL.run(move || next.run(req).instrument(span)).await {
        Some(response) => response,
        None => {
            tracing::error!("a render stopped before its answer");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
