//! A map to choose one point by tapping it.

use leaflet::{Marker, MarkerOptions};
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::leaflet_ext::{html_icon, lat_lng, mount_map};
use crate::domain::geo::GeoPoint;
use crate::domain::view::MapSettings;

/// Tapping the map sets `value`; a marker shows the chosen point. `label` names the map for
/// screen readers.
#[component]
pub fn LocationPicker(
    value: RwSignal<Option<GeoPoint>>,
    #[prop(into)] label: Signal<String>,
    id: &'static str,
) -> impl IntoView {
    let settings = expect_context::<MapSettings>();
    let node = NodeRef::<Div>::new();
    let start = value.get_untracked();
    let (center, zoom) = match start {
        Some(p) => (p, 15.0),
        None => (settings.center, settings.zoom),
    };
    let map = mount_map(node, center, zoom, move |m| {
        m.on_mouse_click(Box::new(move |e| {
            let ll = e.lat_lng();
            if let Ok(p) = GeoPoint::parse(ll.lat(), ll.lng()) {
                value.set(Some(p));
            }
        }));
    });
    let marker: StoredValue<Option<SendWrapper<Marker>>> = StoredValue::new(None);

    Effect::new(move |_| {
        let point = value.get();
        map.with(|m| {
            let Some(m) = m else { return };
            marker.update_value(|old| {
                if let Some(old) = old.take() {
                    old.remove();
                }
                *old = point.map(|p| {
                    let options = MarkerOptions::new();
                    options.set_icon(html_icon("<span>●</span>", "pin pin-picked", 30.0));
                    options.set_keyboard(false);
                    let mk = Marker::new_with_options(&lat_lng(p), &options);
                    mk.add_to(m);
                    SendWrapper::new(mk)
                });
            });
        });
    });

    view! {
        <div
            node_ref=node
            id=id
            class="map map-picker"
            role="application"
            aria-label=move || label.get()
            data-picked=move || value.get().map(|_| "true")
            // The person's own point, in their own page (tests read it).
            data-lat=move || value.get().map(|p| format!("{:.6}", p.lat))
            data-lng=move || value.get().map(|p| format!("{:.6}", p.lng))
        ></div>
    }
}
