//! Data a page loads in the browser only (a `LocalResource`), read without making any
//! `Suspense` wait for it.
//!
//! Reading a local resource inside a `Suspense` registers it with that `Suspense`. On the
//! server a local resource never loads, so the `Suspense` gives up and sends its fallback
//! (the page arrives without its content), and the browser must then tell from the streamed
//! chunk's number that it renders the inside itself: when the server's numbering varied with
//! the timing of its render passes, the two disagreed and hydration failed (about one page
//! in five under the tests' load). Read through [`browser_data`], the value is `None` on the
//! server and during hydration alike, the `Suspense` waits only for the page's server
//! resources, and the data appear once the browser has loaded them.
//!
//! Hand-written (a few lines): Leptos has no reader of a local resource that stays out of
//! `Suspense`.

use leptos::prelude::*;

/// The resource's value as a signal that no `Suspense` waits for. Call it in the page's body,
/// above every `Suspense`: a memo computes under the owner it was made in, and a `Suspense`
/// finds the resources read under its own owner only.
pub fn browser_data<T>(resource: LocalResource<T>) -> Signal<Option<T>>
where
    T: Clone + Send + Sync + 'static,
{
    // On the server the resource is not even read: a page's islands sit inside the server's
    // `Suspense` around the page's data, and a read there would make it wait for a resource that
    // never loads on the server.
    if cfg!(feature = "ssr") {
        return Signal::stored(None);
    }
    // Every new value counts as a change (results carry no equality).
    Memo::new_with_compare(move |_| resource.get(), |_, _| true).into()
}
