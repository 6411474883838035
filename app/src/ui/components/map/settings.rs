//! The map settings travel from the server's configuration to the browser in one `<meta>`.

use leptos::prelude::*;

use crate::domain::geo::GeoPoint;
use crate::domain::view::MapSettings;

const META_NAME: &str = "entraide-map";

/// Writes the settings into the page head.
#[component]
pub fn SettingsMeta(settings: MapSettings) -> impl IntoView {
    view! {
        <meta
            name=META_NAME
            data-tiles=settings.tile_url
            data-attribution=settings.attribution
            data-lat=settings.center.lat.to_string()
            data-lng=settings.center.lng.to_string()
            data-zoom=settings.zoom.to_string()
        />
    }
}

/// Makes the settings available as context: the server provides them already; the browser
/// reads them back from the `<meta>`.
pub fn provide_map_settings() {
    if use_context::<MapSettings>().is_none() {
        provide_context(from_document());
    }
}

fn from_document() -> MapSettings {
    let defaults = MapSettings::default();
    let Some(meta) = document()
        .query_selector(&format!("meta[name={META_NAME}]"))
        .ok()
        .flatten()
    else {
        return defaults;
    };
    let attr = |name: &str| meta.get_attribute(name);
    let num = |name: &str, fallback: f64| {
        attr(name)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(fallback)
    };
    MapSettings {
        tile_url: attr("data-tiles").unwrap_or(defaults.tile_url),
        attribution: attr("data-attribution").unwrap_or(defaults.attribution),
        center: GeoPoint {
            lat: num("data-lat", defaults.center.lat),
            lng: num("data-lng", defaults.center.lng),
        },
        zoom: num("data-zoom", defaults.zoom),
    }
}
