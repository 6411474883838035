//! A small map showing an approximate area (never an exact point of someone else's).

use leaflet::{Marker, MarkerOptions};
use leptos::html::Div;
use leptos::prelude::*;

use super::leaflet_ext::{html_icon, lat_lng, mount_map};
use crate::domain::geo::GeoPoint;

/// An island: the map is drawn in the browser, on pages otherwise rendered on the server.
#[island]
pub fn AreaMap(area: GeoPoint, label: String) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    mount_map(node, area, 14.0, move |m| {
        let options = MarkerOptions::new();
        options.set_icon(html_icon("<span></span>", "pin pin-area", 90.0));
        options.set_keyboard(false);
        options.set_interactive(false);
        Marker::new_with_options(&lat_lng(area), &options).add_to(m);
    });
    view! {
        // A region, not an image: Leaflet's zoom buttons inside it take the focus.
        <div node_ref=node id="area-map" class="map map-area" role="region" aria-label=label></div>
    }
}
