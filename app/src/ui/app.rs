//! The HTML shell, the router and the app-wide contexts (language, signed-in user).

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::auth::current_user;
use crate::domain::view::MapSettings;
use crate::i18n::*;
use crate::ui::auth::Auth;
use crate::ui::components::bell::Unread;
use crate::ui::components::header::Header;
use crate::ui::components::map::settings::{SettingsMeta, provide_map_settings};
use crate::ui::pages::{
    activity_edit::EditActivityPage, activity_new::NewActivityPage, activity_page::ActivityPage,
    association_edit::EditAssociationPage, association_new::NewAssociationPage,
    association_page::AssociationPage, associations::AssociationsPage, balance::BalancePage,
    certificate::CertificatePage, currency_rules::CurrencyRulesPage, exchange_page::ExchangePage,
    exchanges::ExchangesPage, home::HomePage, hours::HoursPage, listing_edit::EditListingPage,
    listing_new::NewListingPage, listing_page::ListingPage, login::LoginPage,
    matching_rules::MatchingRulesPage, moderation::ModerationPage, not_found::NotFoundPage,
    notifications::NotificationsPage, profile::ProfilePage, signup::SignupPage,
    upcoming::UpcomingPage, user_page::UserPage,
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
                // The app's CSS under its hashed name when the build hashed it.
                <HashedStylesheet options=options.clone() id="leptos" />
                <link rel="stylesheet" href="/vendor/leaflet/leaflet.css" />
                // Leaflet must be defined before the wasm starts.
                <script src="/vendor/leaflet/leaflet.js"></script>
                <SettingsMeta settings=map />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The site's name, after each page's own title.
const SITE: &str = "Entraide";

fn site_title(text: String) -> String {
    if text.is_empty() || text == SITE {
        SITE.to_owned()
    } else {
        format!("{text} · {SITE}")
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_map_settings();
    let version = RwSignal::new(0u32);
    let user = Resource::new(move || version.get(), |_| current_user());
    provide_context(Auth::new(user, version));
    Unread::provide(move || version.get());

    // Tests (and people on slow phones) need to know when clicks start to work.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    // One language cookie for the whole site: by default the browser scopes it to the folder of
    // the page where the language was switched (a choice made on `/exchanges/3` stayed there).
    let cookie_options = leptos_i18n::context::CookieOptions::<Locale>::default().path("/");
    view! {
        <I18nContextProvider cookie_options=cookie_options>
            // Each page names itself (`PageMeta`); this adds the site's name after it.
            <Title text=SITE formatter=site_title />
            <Router>
                <Header />
                <main id="main">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/signup") view=SignupPage />
                        <Route path=path!("/login") view=LoginPage />
                        <Route path=path!("/profile") view=ProfilePage />
                        <Route path=path!("/listings/new") view=NewListingPage />
                        <Route path=path!("/listings/:id") view=ListingPage />
                        <Route path=path!("/listings/:id/edit") view=EditListingPage />
                        <Route path=path!("/users/:id") view=UserPage />
                        <Route path=path!("/notifications") view=NotificationsPage />
                        <Route path=path!("/matching") view=MatchingRulesPage />
                        <Route path=path!("/exchanges") view=ExchangesPage />
                        <Route path=path!("/exchanges/:id") view=ExchangePage />
                        <Route path=path!("/balance") view=BalancePage />
                        <Route path=path!("/currency") view=CurrencyRulesPage />
                        <Route path=path!("/moderation") view=ModerationPage />
                        <Route path=path!("/associations") view=AssociationsPage />
                        <Route path=path!("/associations/new") view=NewAssociationPage />
                        <Route path=path!("/associations/:id") view=AssociationPage />
                        <Route path=path!("/associations/:id/edit") view=EditAssociationPage />
                        <Route path=path!("/associations/:id/activities/new") view=NewActivityPage />
                        <Route path=path!("/activities") view=UpcomingPage />
                        <Route path=path!("/activities/:id") view=ActivityPage />
                        <Route path=path!("/activities/:id/edit") view=EditActivityPage />
                        <Route path=path!("/hours") view=HoursPage />
                        <Route path=path!("/certificates/:id") view=CertificatePage />
                    </Routes>
                </main>
            </Router>
        </I18nContextProvider>
    }
}
