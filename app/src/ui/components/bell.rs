//! The bell in the header: the unread count, kept live by the server's event stream.

use leptos::prelude::*;

use crate::api::exchanges::unread_messages;
use crate::api::matching::unread_count;
use crate::domain::AppError;
use crate::i18n::*;

/// The unread count, shared by the bell and the notifications page: the server renders
/// `initial`, and `live` takes over once the event stream has spoken.
///
/// Both are made once for the whole app (by [`Unread::provide`]), not in the bell: a resource
/// made inside a `Transition` is made again each time the server re-renders it, and the
/// hydrating browser then reads another resource's value and fails.
#[derive(Clone, Copy)]
pub struct Unread {
    pub live: RwSignal<Option<u64>>,
    initial: Resource<Result<u64, AppError>>,
    /// Unread messages in my exchanges, from the same stream (`None` until it speaks: pages
    /// key their resources on this, so the server and the hydrating browser agree).
    pub messages: RwSignal<Option<u64>>,
    initial_messages: Resource<Result<u64, AppError>>,
}

impl Unread {
    /// Puts the app-wide count in context; `session` changes on login and logout.
    pub fn provide(session: impl Fn() -> u32 + Send + Sync + Clone + 'static) {
        provide_context(Self {
            live: RwSignal::new(None),
            initial: Resource::new(session.clone(), |_| unread_count()),
            messages: RwSignal::new(None),
            initial_messages: Resource::new(session, |_| unread_messages()),
        });
    }

    /// Reads the counts' first answers, so that the `Suspense` or `Transition` around the call
    /// waits for them.
    pub fn load(self) {
        // A read, not `track()`: reading is what registers a resource with a `Suspense`.
        self.initial.with(|_| ());
        self.initial_messages.with(|_| ());
    }

    /// The latest count of unread messages (0 until known).
    pub fn message_count(self) -> u64 {
        self.messages
            .get()
            .or_else(|| self.initial_messages.get().and_then(Result::ok))
            .unwrap_or(0)
    }

    /// The latest count (0 until known).
    pub fn get(self) -> u64 {
        self.live
            .get()
            .or_else(|| self.initial.get().and_then(Result::ok))
            .unwrap_or(0)
    }
}

/// The app-wide [`Unread`].
pub fn use_unread() -> Unread {
    expect_context::<Unread>()
}

/// The bell: my notifications and their count, live. `current`: on the notifications page;
/// `children`: its icon and word, rendered by the server (no code for them in the wasm).
#[island]
pub fn Bell(current: bool, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    let count = move || unread.get();
    Effect::new(move |_| listen(unread.live, unread.messages));

    view! {
        <a href="/notifications" class="bell" data-testid="bell" aria-current=current.then_some("page")>
            {children()}
            <span
                class="bell-count"
                class:zero=move || count() == 0
                data-testid="bell-count"
                aria-live="polite"
                aria-label=move || t_string!(i18n, unread_label, count = count()).to_string()
            >
                {count}
            </span>
        </a>
    }
}

/// Opens `/events/unread` and writes each count into `live` (notifications) and `messages`;
/// closed when the bell goes (logout).
/// `web_sys::EventSource` is used directly: a wrapper crate would add code for a dozen lines.
#[cfg(feature = "hydrate")]
fn listen(live: RwSignal<Option<u64>>, messages: RwSignal<Option<u64>>) {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new("/events/unread") else {
        return;
    };
    let on_count =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(n) = ev.data().as_string().and_then(|s| s.parse().ok()) {
                live.set(Some(n));
            }
        });
    let _ = source.add_event_listener_with_callback("unread", on_count.as_ref().unchecked_ref());
    let on_messages =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(n) = ev.data().as_string().and_then(|s| s.parse().ok()) {
                messages.set(Some(n));
            }
        });
    let _ =
        source.add_event_listener_with_callback("messages", on_messages.as_ref().unchecked_ref());
    let held = SendWrapper::new((source, on_count, on_messages));
    on_cleanup(move || {
        let (source, _closure, _messages) = held.take();
        source.close();
    });
}

#[cfg(not(feature = "hydrate"))]
fn listen(_live: RwSignal<Option<u64>>, _messages: RwSignal<Option<u64>>) {}
