//! A server function called by a button or a form: Leptos' `ServerAction`, with one concrete
//! action type for every server function.
//!
//! `ServerAction<S>` is an `Action<S, Result<S::Output, AppError>>`: Leptos' action machinery
//! (its signals, the spawning, the version and pending counters, their drops) was compiled once
//! per server function, about 2 KB of wasm each before `wasm-opt`, for the fifteen or so of them
//! the browser's main wasm holds. `Command<S>` wraps a single `Action<Call, Answer>`: the call is a
//! boxed closure that runs `S` and boxes its answer, and reading the value gives the answer back
//! in its own type. The action's behaviour (one run per dispatch, `pending` while a call is in
//! flight, `version` counted once it ends, the last answer kept) is Leptos' own.
//!
//! Hand-written (a few lines) because Leptos has no type-erased server action. Its methods are
//! those of `ServerAction` that Entraide uses (`dispatch`, `value`, `pending`, `version`, `clear`), so a
//! component reads the same either way. Not kept: `ServerAction`'s reading of an error from the
//! page's URL, which only serves `ActionForm` submitted without JavaScript (Entraide's forms do
//! not use `ActionForm`).

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use leptos::server_fn::ServerFn;

use crate::domain::AppError;

/// A server function's answer, boxed.
type Answer = Result<Arc<dyn Any + Send + Sync>, AppError>;

/// One call of a server function, ready to run.
#[derive(Clone)]
pub struct Call(Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Answer> + Send>> + Send + Sync>);

/// A server function `S` as a button or form calls it; `Copy`, like `ServerAction`.
pub struct Command<S> {
    action: Action<Call, Answer>,
    server_fn: PhantomData<fn() -> S>,
}

impl<S> Clone for Command<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Command<S> {}

impl<S> Default for Command<S>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<S> Command<S>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    /// A command that has not run yet.
    #[track_caller]
    pub fn new() -> Self {
        Self {
            action: Action::new(|call: &Call| (call.0)()),
            server_fn: PhantomData,
        }
    }

    /// Calls the server function with `input`.
    pub fn dispatch(&self, input: S) {
        let call = Call(Arc::new(move || {
            let input = input.clone();
            Box::pin(async move {
                let answer = input.run_on_client().await?;
                Ok(Arc::new(answer) as Arc<dyn Any + Send + Sync>)
            })
        }));
        self.action.dispatch(call);
    }

    /// The last answer, once a call has ended.
    pub fn value(&self) -> CommandValue<S> {
        CommandValue {
            value: self.action.value(),
            server_fn: PhantomData,
        }
    }

    /// Forgets the last answer (a form being sent again shows no old refusal).
    pub fn clear(&self) {
        self.action.clear();
    }

    /// Whether a call is in flight.
    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }

    /// How many calls have ended.
    pub fn version(&self) -> RwSignal<usize> {
        self.action.version()
    }
}

/// The last answer of a [`Command`], in the server function's own type.
pub struct CommandValue<S> {
    value: MappedSignal<Option<Answer>>,
    server_fn: PhantomData<fn() -> S>,
}

impl<S> CommandValue<S>
where
    S: ServerFn<Error = AppError>,
    S::Output: Clone + 'static,
{
    /// The answer, tracked.
    pub fn get(&self) -> Option<Result<S::Output, AppError>> {
        self.value.get().map(unbox::<S>)
    }

    /// The answer, untracked.
    pub fn get_untracked(&self) -> Option<Result<S::Output, AppError>> {
        self.value.get_untracked().map(unbox::<S>)
    }
}

/// The answer in its own type: a command's calls are all of its own server function.
fn unbox<S>(answer: Answer) -> Result<S::Output, AppError>
where
    S: ServerFn<Error = AppError>,
    S::Output: Clone + 'static,
{
    answer.map(|boxed| {
        boxed
            .downcast_ref::<S::Output>()
            .cloned()
            .expect("a command's answers come from its own server function")
    })
}

#[cfg(test)]
mod tests {
    /// Components call server functions through [`super::Command`]: one `ServerAction` would
    /// compile Leptos' action machinery again for its server function.
    #[test]
    fn components_use_commands_not_server_actions() {
        fn walk(dir: &std::path::Path, seen: &mut usize) {
            for entry in std::fs::read_dir(dir).expect("src/ui") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    walk(&path, seen);
                    continue;
                }
                if path.ends_with("command.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("source");
                *seen += text.matches("Command<").count() + text.matches("Command::").count();
                assert!(
                    !text.contains("ServerAction"),
                    "{} uses ServerAction; use ui::command::Command",
                    path.display()
                );
            }
        }
        let mut seen = 0;
        let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        walk(&ui, &mut seen);
        assert!(seen > 40, "found {seen} uses of Command");
    }
}
