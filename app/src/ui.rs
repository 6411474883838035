//! Pages and components. No `cfg` here: browser-only work runs in effects and event handlers.

pub mod app;
pub mod auth;
pub mod browser_data;
pub mod command;
pub mod components;
pub mod html;
pub mod nav;
pub mod offline;
pub mod pages;
pub mod text;
pub mod typed;
