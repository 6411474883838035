//! Entraide: the Leptos application shared by the server (SSR) and the browser (hydration).

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod domain;
pub mod ui;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use ui::app::{App, shell};
