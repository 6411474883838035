//! A page's own title (WCAG 2.4.2: tabs and history tell pages apart), its description, and the
//! preview a messaging app shows for a shared link (OpenGraph). Only what the page already shows
//! everyone goes in: never a place finer than the page itself gives.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The longest description, in characters (previews cut around there anyway).
const DESCRIPTION_CHARS: usize = 200;

/// `title` is the page's own; the formatter adds the site's name after it (here too: in an
/// island, the browser sets the title again, and the app's own `<Title>` is the server's only).
///
/// Plain strings, not signals: the head is written after the page's own reactive values are
/// gone on the server, and reading one there panics. Placed beside the data it names, inside
/// the page's `Suspense`: the server renders every page whole before it writes the head
/// (`SsrMode::Async`, see `ui::app`), so the head always holds what the body names.
#[component]
pub fn PageMeta(
    title: String,
    /// What the page holds, for link previews and search engines.
    #[prop(optional)]
    description: Option<String>,
) -> impl IntoView {
    let description = description.map(|d| shorten(&d));
    view! {
        <Title text=title.clone() formatter=crate::ui::app::site_title />
        <Meta property="og:title" content=title />
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="Entraide" />
        {description.map(|d| view! {
            <Meta name="description" content=d.clone() />
            <Meta property="og:description" content=d />
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
