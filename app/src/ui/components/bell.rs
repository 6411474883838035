//! The bell in the header: the unread count, kept live by the server's event stream.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::matching::unread_count;
use crate::i18n::*;

/// The live unread count, shared by the bell and the notifications page. `None` until the
/// event stream has spoken.
#[derive(Clone, Copy)]
pub struct Unread(pub RwSignal<Option<u64>>);

/// The app-wide [`Unread`].
pub fn use_unread() -> Unread {
    expect_context::<Unread>()
}

#[component]
pub fn Bell() -> impl IntoView {
    let i18n = use_i18n();
    let Unread(live) = use_unread();
    // The server renders the count; the stream takes over once the page is live.
    let initial = Resource::new(|| (), |_| unread_count());
    let count = move || {
        live.get()
            .or_else(|| initial.get().and_then(Result::ok))
            .unwrap_or(0)
    };
    Effect::new(move |_| listen(live));

    view! {
        <A href="/notifications" attr:class="bell" attr:data-testid="bell">
            // Drawn, not an emoji: cheap phones often lack an emoji font.
            <svg class="bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"/>
            </svg>
            <span class="visually-hidden">{t!(i18n, nav_notifications)}</span>
            <span
                class="bell-count"
                class:zero=move || count() == 0
                data-testid="bell-count"
                aria-live="polite"
                aria-label=move || t_string!(i18n, unread_label, count = count()).to_string()
            >
                {count}
            </span>
        </A>
    }
}

/// Opens `/events/unread` and writes each count into `live`; closed when the bell goes (logout).
/// `web_sys::EventSource` is used directly: a wrapper crate would add code for a dozen lines.
#[cfg(feature = "hydrate")]
fn listen(live: RwSignal<Option<u64>>) {
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
    let held = SendWrapper::new((source, on_count));
    on_cleanup(move || {
        let (source, _closure) = held.take();
        source.close();
    });
}

#[cfg(not(feature = "hydrate"))]
fn listen(_live: RwSignal<Option<u64>>) {}
