//! `/offline`: what the service worker shows for a page never opened on this phone while there
//! is no connection. It is kept on the phone when the app is installed (`server::pwa`), in the
//! language of the pages seen last; the list of pages saved on the phone is filled in by the
//! shell's script (`ui::offline`), which reads the service worker's cache.

use leptos::prelude::*;

use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;

#[component]
pub fn OfflinePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta
            title=t_string!(i18n, offline_title).to_string()
            description=t_string!(i18n, offline_body).to_string()
        />
        <div class="narrow offline-page" data-testid="offline-page">
            <h1>{t_string!(i18n, offline_title)}</h1>
            <p>{t_string!(i18n, offline_body)}</p>
            // A plain link to the address asked for: the script puts it here.
            <p><a id="offline-retry" class="button" href="/">{t_string!(i18n, offline_retry)}</a></p>
            <h2>{t_string!(i18n, offline_saved_pages)}</h2>
            <ul id="saved-pages" data-testid="saved-pages"></ul>
            <p id="saved-none">{t_string!(i18n, offline_none)}</p>
        </div>
    }
}
