//! The home map: a marker per listing, or a count per area when there are many.

use leaflet::{LayerGroup, Marker, MarkerOptions, MouseEvents};
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use super::leaflet_ext::{bounds, html_icon, lat_lng, mount_map};
use crate::domain::activity::{ActivityKind, ActivitySummary};
use crate::domain::geo::{Bbox, GeoPoint};
use crate::domain::listing::ListingKind;
use crate::domain::view::{MapSettings, ViewResult};
use crate::i18n::*;
use crate::ui::text;

/// A Leaflet map of `result`; reports its visible box through `on_bounds` when it is created
/// and after each pan or zoom.
#[component]
pub fn ListingsMap(
    result: Signal<Option<ViewResult>>,
    /// Events and missions in view, drawn as their own layer (★ and ♥).
    activities: Signal<Vec<ActivitySummary>>,
    on_bounds: Callback<Bbox>,
) -> impl IntoView {
    let i18n = use_i18n();
    let settings = expect_context::<MapSettings>();
    let node = NodeRef::<Div>::new();
    let layer: RwSignal<Option<SendWrapper<LayerGroup>>> = RwSignal::new(None);
    let activity_layer: RwSignal<Option<SendWrapper<LayerGroup>>> = RwSignal::new(None);

    let map = mount_map(node, settings.center, settings.zoom, move |m| {
        let group = LayerGroup::new();
        group.add_to(m);
        let activities_group = LayerGroup::new();
        activities_group.add_to(m);
        activity_layer.set(Some(SendWrapper::new(activities_group)));
        let m2 = m.clone();
        m.on_move_end(Box::new(move |_| {
            if let Some(b) = bounds(&m2) {
                on_bounds.run(b);
            }
        }));
        if let Some(b) = bounds(m) {
            on_bounds.run(b);
        }
        layer.set(Some(SendWrapper::new(group)));
    });

    Effect::new(move |_| {
        let data = result.get();
        let offer = text::kind(i18n, ListingKind::Offer);
        let request = text::kind(i18n, ListingKind::Request);
        let map = map.get();
        layer.with(|group| {
            let (Some(group), Some(map)) = (group, map) else {
                return;
            };
            group.clear_layers();
            let Some(data) = data else { return };
            for c in &data.clusters {
                let size = 34.0 + (c.count as f64).log10() * 8.0;
                let icon = html_icon(
                    &format!("<span>{}</span>", c.count),
                    "pin pin-cluster",
                    size,
                );
                let options = MarkerOptions::new();
                options.set_icon(icon);
                options.set_keyboard(false);
                let marker = Marker::new_with_options(&lat_lng(c.center), &options);
                // Tapping a count zooms in on it.
                let (map, center) = ((*map).clone(), c.center);
                marker.on_click(Box::new(move |_| {
                    map.set_view(&lat_lng(center), map.get_zoom() + 2.0);
                }));
                marker.add_to_layer_group(group);
            }
            if data.is_clustered() {
                return;
            }
            for l in &data.listings {
                let (class, glyph, label) = match l.kind {
                    ListingKind::Offer => ("pin pin-offer", "+", offer.as_str()),
                    ListingKind::Request => ("pin pin-request", "?", request.as_str()),
                };
                let options = MarkerOptions::new();
                options.set_icon(html_icon(&format!("<span>{glyph}</span>"), class, 30.0));
                options.set_title(format!("{label}: {}", l.title));
                options.set_alt(format!("{label}: {}", l.title));
                let marker = Marker::new_with_options(&lat_lng(spread(l.area, l.id)), &options);
                if let Some(content) = popup(&format!("/listings/{}", l.id), &l.title, label) {
                    marker.bind_popup_with_options(&content, &wasm_bindgen::JsValue::UNDEFINED);
                }
                marker.add_to_layer_group(group);
            }
        });
    });

    Effect::new(move |_| {
        let list = activities.get();
        let event = text::activity_kind(i18n, ActivityKind::Event);
        let mission = text::activity_kind(i18n, ActivityKind::Mission);
        activity_layer.with(|group| {
            let Some(group) = group else { return };
            group.clear_layers();
            for a in &list {
                let Some(place) = a.location else { continue };
                let (class, glyph, label) = match a.kind {
                    ActivityKind::Event => ("pin pin-event", "★", event.as_str()),
                    ActivityKind::Mission => ("pin pin-mission", "♥", mission.as_str()),
                };
                let options = MarkerOptions::new();
                options.set_icon(html_icon(&format!("<span>{glyph}</span>"), class, 30.0));
                options.set_title(format!("{label}: {}", a.title));
                options.set_alt(format!("{label}: {}", a.title));
                let marker = Marker::new_with_options(&lat_lng(place), &options);
                if let Some(content) = popup(&format!("/activities/{}", a.id), &a.title, label) {
                    marker.bind_popup_with_options(&content, &wasm_bindgen::JsValue::UNDEFINED);
                }
                marker.add_to_layer_group(group);
            }
        });
    });

    view! {
        <div
            node_ref=node
            id="listings-map"
            class="map map-listings"
            role="region"
            aria-label=move || t_string!(i18n, map_label).to_string()
        ></div>
    }
}

/// The popup: a link to the listing or activity, built as DOM nodes so titles are never parsed
/// as HTML.
fn popup(href: &str, title: &str, kind_label: &str) -> Option<wasm_bindgen::JsValue> {
    let doc = document();
    let root = doc.create_element("div").ok()?;
    let kind = doc.create_element("small").ok()?;
    kind.set_text_content(Some(kind_label));
    let link = doc.create_element("a").ok()?;
    link.set_attribute("href", href).ok()?;
    link.set_text_content(Some(title));
    let br = doc.create_element("br").ok()?;
    root.append_child(&kind).ok()?;
    root.append_child(&br).ok()?;
    root.append_child(&link).ok()?;
    Some(root.unchecked_into())
}

/// Listings of one cell share its public centre; each is drawn a little apart, by its id (not
/// by where it really is), so all of them can be seen and tapped.
fn spread(area: GeoPoint, id: i64) -> GeoPoint {
    let angle = (id as f64) * 2.399_963; // the golden angle, in radians
    let radius = 0.000_25 * (1.0 + (id % 7) as f64);
    GeoPoint {
        lat: area.lat + radius * angle.sin(),
        lng: area.lng + radius * 1.5 * angle.cos(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_of_one_cell_are_drawn_apart_but_near_their_cell() {
        let area = GeoPoint {
            lat: 48.8566,
            lng: 2.3522,
        };
        let points: Vec<GeoPoint> = (1..=20).map(|id| spread(area, id)).collect();
        for (i, a) in points.iter().enumerate() {
            assert!(a.distance_m(area) < 300.0, "{a:?}");
            for b in &points[i + 1..] {
                assert!(a.distance_m(*b) > 1.0, "{a:?} {b:?}");
            }
        }
        assert_eq!(spread(area, 7), spread(area, 7), "depends on the id only");
    }
}
