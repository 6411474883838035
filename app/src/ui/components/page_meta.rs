//! A page's own title (WCAG 2.4.2: tabs and history tell pages apart), its description, and the
//! preview a messaging app shows for a shared link (OpenGraph). Only what the page already shows
//! everyone goes in: never a place finer than the page itself gives.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The longest description, in characters (previews cut around there anyway).
const DESCRIPTION_CHARS: usize = 200;

/// `title` is the page's own; the app's `<Title>` formatter adds the site's name after it.
#[component]
pub fn PageMeta(
    #[prop(into)] title: Signal<String>,
    /// What the page holds, for link previews and search engines.
    #[prop(optional, into)]
    description: Option<Signal<String>>,
) -> impl IntoView {
    let description = description.map(|d| Signal::derive(move || shorten(&d.get())));
    view! {
        <Title text=move || title.get() />
        <Meta property="og:title" content=move || title.get() />
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="Entraide" />
        {description.map(|d| view! {
            <Meta name="description" content=move || d.get() />
            <Meta property="og:description" content=move || d.get() />
        })}
    }
}

/// The first [`DESCRIPTION_CHARS`] characters on one line, with an ellipsis when cut.
fn shorten(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= DESCRIPTION_CHARS {
        return line;
    }
    let cut: String = line.chars().take(DESCRIPTION_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_one_short_line() {
        assert_eq!(
            shorten("  Brakes,\n gears  and punctures. "),
            "Brakes, gears and punctures."
        );
        let long = "a".repeat(500);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), DESCRIPTION_CHARS);
        assert!(short.ends_with('…'));
    }
}
