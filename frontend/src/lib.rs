//! The browser side: hydrates the islands of the server-rendered page.

#![recursion_limit = "256"]

// The islands are exported by the `app` crate; linking it is what ships them.
pub use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
