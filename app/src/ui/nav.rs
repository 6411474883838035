//! Leaving the page from an island. There is no router in the browser (only islands hydrate):
//! a link is a plain `<a>`, and moving on after an action is a page load.

use leptos::prelude::*;

/// Loads `path` (in an event handler or an effect: the browser only).
pub fn go(path: &str) {
    let _ = window().location().set_href(path);
}

/// Loads the page again, for what the server rendered to show an action's result.
pub fn reload() {
    let _ = window().location().reload();
}

/// Every value of a parameter of the page's address (`?need=a&need=b`), on the server (the
/// pages rendered there only read it).
pub fn query_params(name: &str) -> Vec<String> {
    #[cfg(not(feature = "hydrate"))]
    {
        use leptos_router::hooks::use_query_map;
        use_query_map()
            .read_untracked()
            .get_all(name)
            .unwrap_or_default()
    }
    #[cfg(feature = "hydrate")]
    {
        let _ = name;
        Vec::new()
    }
}

/// A parameter of the page's address: read from the request on the server, from the address
/// bar in the browser (an island has no router to ask).
pub fn query_param(name: &str) -> Option<String> {
    #[cfg(not(feature = "hydrate"))]
    {
        use leptos_router::hooks::use_query_map;
        use_query_map().read_untracked().get(name)
    }
    #[cfg(feature = "hydrate")]
    {
        let search = window().location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search)
            .ok()?
            .get(name)
    }
}

/// The page's whole query string (`?a=1&b=2`, or empty), as the server read it or as the
/// address bar holds it.
pub fn query_string() -> String {
    #[cfg(not(feature = "hydrate"))]
    {
        use leptos_router::hooks::use_query_map;
        use_query_map().read_untracked().to_query_string()
    }
    #[cfg(feature = "hydrate")]
    {
        window().location().search().unwrap_or_default()
    }
}
