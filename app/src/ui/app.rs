//! The HTML shell, the router and the app-wide contexts (language, signed-in user).

use leptos::hydration::HydrationScriptsProps;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::api::auth::current_user;
use crate::domain::view::MapSettings;
use crate::i18n::*;
use crate::ui::auth::Auth;
use crate::ui::components::bell::Unread;
use crate::ui::components::header::Header;
use crate::ui::components::map::settings::{SettingsMeta, provide_map_settings};
use crate::ui::offline::OfflineTexts;
use crate::ui::pages::{
    accessibility_rules::AccessibilityRulesPage,
    account::{AccountPage, PrivacyPage},
    activity_edit::EditActivityPage,
    activity_new::NewActivityPage,
    activity_page::ActivityPage,
    association_edit::EditAssociationPage,
    association_new::NewAssociationPage,
    association_page::AssociationPage,
    associations::AssociationsPage,
    balance::BalancePage,
    certificate::CertificatePage,
    currency_rules::CurrencyRulesPage,
    exchange_page::ExchangePage,
    exchanges::ExchangesPage,
    help::HelpPage,
    help_edit::{HelpEditPage, HelpNewPage},
    help_print::HelpPrintPage,
    help_site::HelpSitePage,
    home::HomePage,
    hours::HoursPage,
    insights::InsightsPage,
    listing_edit::EditListingPage,
    listing_new::NewListingPage,
    listing_page::ListingPage,
    login::LoginPage,
    mail_settings::UnsubscribePage,
    matching_rules::MatchingRulesPage,
    moderation::ModerationPage,
    my_needs::MyNeedsPage,
    not_found::NotFoundPage,
    notifications::NotificationsPage,
    offline::OfflinePage,
    password_reset::{ForgotPage, ResetPage},
    signup::SignupPage,
    upcoming::UpcomingPage,
    user_page::UserPage,
    venue_new::NewVenuePage,
    venue_page::VenuePage,
    venues::VenuesPage,
    verify::{ProfileRoute, VerifyPage},
};

/// The document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions, map: MapSettings) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#1f6f5c" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                // When the service worker serves a copy saved on the phone, it writes here when
                // the copy was saved; the script below then says so (`ui::offline`).
                <meta name="entraide-copy" content="" />
                <script inner_html=crate::ui::offline::SCRIPT></script>
                // The app's CSS under its hashed name when the build hashed it.
                <HashedStylesheet options=options.clone() id="leptos" />
                <link rel="stylesheet" href="/vendor/leaflet/leaflet.css" />
                // Leaflet must be defined before the wasm starts: a deferred script runs, in
                // document order, before the hydration module below, and never holds up the
                // first paint of the server's page (a blocking script did, by 0.8 s on a slow
                // phone, and made the page's largest paint wait for the wasm).
                <script src="/vendor/leaflet/leaflet.js" defer></script>
                <SettingsMeta settings=map />
                <AutoReload options=options.clone() />
                <IslandScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Leptos' `HydrationScripts` for islands without its `<link rel="preload">` of the wasm.
///
/// Why not Leptos' own: its preload fetches the wasm at high priority next to the page's
/// styles, and leaves it at that priority in islands mode (it lowers it only for its deferred,
/// non-island hydration). On a slow line the 350 KB of wasm then share the bandwidth with what
/// paints the page; Lighthouse's mobile preset put the largest paint after the wasm's download
/// (2.9 s instead of about 1 s). Without the hint the wasm is fetched when the islands start,
/// once the page has painted. The script itself and its module's hint are Leptos' own output,
/// kept as rendered, so this follows Leptos' file names, hashes and split manifest.
#[component]
fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    let rendered = HydrationScripts(
        HydrationScriptsProps::builder()
            .options(options)
            .islands(true)
            .build(),
    )
    .to_html();
    let (module, script) = without_wasm_preload(&rendered);
    let nonce = leptos::nonce::use_nonce();
    view! {
        <link rel="modulepreload" href=module crossorigin=nonce.clone() />
        <script type="module" nonce=nonce inner_html=script></script>
    }
}

/// From the HTML of Leptos' hydration scripts: the JS module's address and the body of the
/// script that starts the islands.
fn without_wasm_preload(html: &str) -> (String, String) {
    let module = html
        .split("rel=\"modulepreload\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let script = html
        .split("<script type=\"module\"")
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(_, body)| body.rsplit_once("</script>"))
        .map(|(body, _)| body.to_owned())
        .unwrap_or_default();
    (module, script)
}

/// How the server renders every page: once its server resources have loaded, in one piece, in
/// order. The page arrives with its content (nothing waits for the wasm to show it), and there
/// is no streamed chunk for the browser to match: out-of-order streaming sent a `Suspense`'s
/// content after the page, moved into place by a script, and the browser's hydration then
/// depended on the timing of the server's render passes. Data loaded after hydration is read
/// outside every `Suspense` (`ui::browser_data`), so no page waits for it.
const ASYNC: SsrMode = SsrMode::Async;

/// The site's name, after each page's own title.
const SITE: &str = "Entraide";

pub(crate) fn site_title(text: String) -> String {
    if text.is_empty() || text == SITE {
        SITE.to_owned()
    } else {
        format!("{text} · {SITE}")
    }
}

/// The app, rendered on the server. Only islands (`#[island]`) reach the browser: the pages'
/// static parts stay HTML, and the browser runs the code of their interactive parts only
/// (ARCHITECTURE.md, "The client's weight: islands").
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Contexts>
            <Document />
            <HydrationMark />
        </Contexts>
    }
}

/// What every island reads: the language, the signed-in user, the unread counts, the map's
/// settings. An island sees the contexts of the islands around it, so this one, around the whole
/// page, hydrates first and gives them to every island inside; a context provided outside every
/// island would exist on the server only.
#[island]
fn Contexts(children: Children) -> impl IntoView {
    // The language: the person's choice, then the browser's (`lang_switcher`); leptos_i18n's
    // own cookie is off, as it was written by the server too. The browser reads back the
    // language the server chose from `<html lang>`.
    #[allow(deprecated)]
    leptos_i18n::context::provide_i18n_context_with_options::<Locale>(
        leptos_i18n::context::I18nContextOptions::default()
            .enable_cookie(false)
            .ssr_lang_header_getter(crate::ui::components::lang_switcher::request_languages()),
    );
    provide_map_settings();
    let version = RwSignal::new(0u32);
    let user = Resource::new(move || version.get(), |_| current_user());
    provide_context(Auth::new(user, version));
    Unread::provide(move || version.get());
    children()
}

/// The page inside the contexts, on the server.
#[component]
fn Document() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <Html attr:lang=locale.as_str() attr:dir=locale.direction().as_str() />
        // The pages with data name themselves (`PageMeta`); this adds the site's name.
        <Title text=SITE formatter=site_title />
        <OfflineTexts />
        <Router>
            <Header />
            <main id="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=ASYNC />
                    <Route path=path!("/signup") view=SignupPage ssr=ASYNC />
                    <Route path=path!("/login") view=LoginPage ssr=ASYNC />
                    <Route path=path!("/forgot") view=ForgotPage ssr=ASYNC />
                    <Route path=path!("/reset") view=ResetPage ssr=ASYNC />
                    <Route path=path!("/verify") view=VerifyPage ssr=ASYNC />
                    <Route path=path!("/unsubscribe") view=UnsubscribePage ssr=ASYNC />
                    <Route path=path!("/profile") view=ProfileRoute ssr=ASYNC />
                    <Route path=path!("/account") view=AccountPage ssr=ASYNC />
                    <Route path=path!("/privacy") view=PrivacyPage ssr=ASYNC />
                    <Route path=path!("/listings/new") view=NewListingPage ssr=ASYNC />
                    <Route path=path!("/listings/:id") view=ListingPage ssr=ASYNC />
                    <Route path=path!("/listings/:id/edit") view=EditListingPage ssr=ASYNC />
                    <Route path=path!("/users/:id") view=UserPage ssr=ASYNC />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=ASYNC />
                    <Route path=path!("/matching") view=MatchingRulesPage ssr=ASYNC />
                    <Route path=path!("/accessibility") view=AccessibilityRulesPage ssr=ASYNC />
                    <Route path=path!("/venues") view=VenuesPage ssr=ASYNC />
                    <Route path=path!("/help") view=HelpPage ssr=ASYNC />
                    <Route path=path!("/offline") view=OfflinePage ssr=ASYNC />
                    <Route path=path!("/help/sites/:id") view=HelpSitePage ssr=ASYNC />
                    <Route path=path!("/help/print") view=HelpPrintPage ssr=ASYNC />
                    <Route path=path!("/help/sites/:id/edit") view=HelpEditPage ssr=ASYNC />
                    <Route path=path!("/help/new") view=HelpNewPage ssr=ASYNC />
                    <Route path=path!("/my-needs") view=MyNeedsPage ssr=ASYNC />
                    <Route path=path!("/venues/new") view=NewVenuePage ssr=ASYNC />
                    <Route path=path!("/venues/:id") view=VenuePage ssr=ASYNC />
                    <Route path=path!("/exchanges") view=ExchangesPage ssr=ASYNC />
                    <Route path=path!("/exchanges/:id") view=ExchangePage ssr=ASYNC />
                    <Route path=path!("/balance") view=BalancePage ssr=ASYNC />
                    <Route path=path!("/currency") view=CurrencyRulesPage ssr=ASYNC />
                    <Route path=path!("/moderation") view=ModerationPage ssr=ASYNC />
                    <Route path=path!("/associations") view=AssociationsPage ssr=ASYNC />
                    <Route path=path!("/associations/new") view=NewAssociationPage ssr=ASYNC />
                    <Route path=path!("/associations/:id") view=AssociationPage ssr=ASYNC />
                    <Route path=path!("/associations/:id/edit") view=EditAssociationPage ssr=ASYNC />
                    <Route path=path!("/associations/:id/activities/new") view=NewActivityPage ssr=ASYNC />
                    <Route path=path!("/activities") view=UpcomingPage ssr=ASYNC />
                    <Route path=path!("/activities/:id") view=ActivityPage ssr=ASYNC />
                    <Route path=path!("/activities/:id/edit") view=EditActivityPage ssr=ASYNC />
                    <Route path=path!("/hours") view=HoursPage ssr=ASYNC />
                    <Route path=path!("/insights") view=InsightsPage ssr=ASYNC />
                    <Route path=path!("/certificates/:id") view=CertificatePage ssr=ASYNC />
                </Routes>
            </main>
        </Router>
    }
}

/// Marks the page once every island in it has hydrated, for tests and for people on slow
/// phones who need to know when clicks start to work. The last island of the page: the browser
/// hydrates islands one after the other, in the order of the document.
#[island]
fn HydrationMark() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
