//! The home map: a marker per listing, or a count per area when there are many; events and
//! missions; public places described for accessibility (squares, or counts when many).

use leaflet::{LayerGroup, Marker, MarkerOptions, MouseEvents};
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use super::leaflet_ext::{bounds, html_icon, lat_lng, mount_map};
use crate::domain::accessibility::Fit;
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
    // Pins are grouped by how close they are drawn, which changes with the zoom.
    let zoom = RwSignal::new(settings.zoom);

    let map = mount_map(node, settings.center, settings.zoom, move |m| {
        let group = LayerGroup::new();
        group.add_to(m);
        let m2 = m.clone();
        m.on_move_end(Box::new(move |_| {
            zoom.set(m2.get_zoom());
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
        let list = activities.get();
        zoom.track();
        let offer = text::kind(i18n, ListingKind::Offer);
        let request = text::kind(i18n, ListingKind::Request);
        let event = text::activity_kind(i18n, ActivityKind::Event);
        let mission = text::activity_kind(i18n, ActivityKind::Mission);
        let place = t_string!(i18n, map_venue).to_string();
        let help_open = t_string!(i18n, map_help_open).to_string();
        let help_closed = t_string!(i18n, map_help_closed).to_string();
        let map = map.get();
        layer.with(|group| {
            let (Some(group), Some(map)) = (group, map) else {
                return;
            };
            group.clear_layers();
            let mut pins = Vec::new();
            if let Some(data) = &data {
                // Counts: round for listings, square for places; tapping one zooms in on it.
                let counts = data
                    .clusters
                    .iter()
                    .map(|c| (c, "pin pin-cluster", None))
                    .chain(data.venue_areas.iter().map(|c| {
                        let name = t_string!(i18n, map_venues_count, count = c.count).to_string();
                        (c, "pin pin-venue-area", Some(name))
                    }));
                for (c, class, name) in counts {
                    let size = 34.0 + (c.count as f64).log10() * 8.0;
                    let icon = html_icon(&format!("<span>{}</span>", c.count), class, size);
                    let options = MarkerOptions::new();
                    options.set_icon(icon);
                    // Not in the keyboard's path: the lists beside the map and `/venues` are.
                    options.set_keyboard(false);
                    if let Some(name) = name {
                        options.set_title(name);
                    }
                    let marker = Marker::new_with_options(&lat_lng(c.center), &options);
                    let (map, center) = ((*map).clone(), c.center);
                    marker.on_click(Box::new(move |_| {
                        map.set_view(&lat_lng(center), map.get_zoom() + 2.0);
                    }));
                    marker.add_to_layer_group(group);
                }
                for v in &data.venues {
                    // A square, not a round pin: told apart by its shape and sign, not colour;
                    // green with a thicker edge when it suits the reader's needs (the list of
                    // places says so in words).
                    let class = if v.fit == Some(Fit::Suits) {
                        "pin pin-venue pin-fit"
                    } else {
                        "pin pin-venue"
                    };
                    pins.push(Pin {
                        at: v.at,
                        class,
                        glyph: "♿",
                        label: place.clone(),
                        title: v.name.clone(),
                        href: format!("/venues/{}", v.id),
                    });
                }
                for h in &data.support {
                    // A dome, like a roof: told apart by its shape; filled when open now,
                    // hollow when closed (its name says which too).
                    let (class, label) = if h.open {
                        ("pin pin-support", help_open.clone())
                    } else {
                        ("pin pin-support pin-closed", help_closed.clone())
                    };
                    pins.push(Pin {
                        at: h.at,
                        class,
                        glyph: "✚",
                        label,
                        title: h.name.clone(),
                        href: format!("/help/sites/{}", h.id),
                    });
                }
                if !data.is_clustered() {
                    for l in &data.listings {
                        let (class, glyph, label) = match l.kind {
                            ListingKind::Offer => ("pin pin-offer", "+", offer.as_str()),
                            ListingKind::Request => ("pin pin-request", "?", request.as_str()),
                        };
                        pins.push(Pin {
                            at: spread(l.area, l.id),
                            class,
                            glyph,
                            label: label.to_owned(),
                            title: l.title.clone(),
                            href: format!("/listings/{}", l.id),
                        });
                    }
                }
            }
            for a in &list {
                let Some(place) = a.location else { continue };
                let (class, glyph, label) = match a.kind {
                    ActivityKind::Event => ("pin pin-event", "★", event.as_str()),
                    ActivityKind::Mission => ("pin pin-mission", "♥", mission.as_str()),
                };
                pins.push(Pin {
                    at: place,
                    class,
                    glyph,
                    label: label.to_owned(),
                    title: a.title.clone(),
                    href: format!("/activities/{}", a.id),
                });
            }
            let drawn: Vec<(f64, f64)> = pins
                .iter()
                .map(|p| {
                    let point = map.lat_lng_to_container_point(&lat_lng(p.at));
                    (point.x(), point.y())
                })
                .collect();
            for members in overlapping(&drawn, PIN_GAP) {
                let first = &pins[members[0]];
                let options = MarkerOptions::new();
                let content = if members.len() == 1 {
                    let name = format!("{}: {}", first.label, first.title);
                    options.set_icon(html_icon(
                        &format!("<span>{}</span>", first.glyph),
                        first.class,
                        PIN_SIZE,
                    ));
                    options.set_title(name.clone());
                    options.set_alt(name);
                    popup(members.iter().map(|&i| &pins[i]))
                } else {
                    // Pins that would cover one another: one pin with their number, named
                    // after all of them, whose popup lists them all.
                    let names: Vec<String> = members
                        .iter()
                        .map(|&i| format!("{}: {}", pins[i].label, pins[i].title))
                        .collect();
                    let name = format!(
                        "{}. {}",
                        t_string!(i18n, map_group, count = members.len()),
                        names.join("; ")
                    );
                    options.set_icon(html_icon(
                        &format!("<span>{}</span>", members.len()),
                        "pin pin-group",
                        PIN_SIZE,
                    ));
                    options.set_title(name.clone());
                    options.set_alt(name);
                    popup(members.iter().map(|&i| &pins[i]))
                };
                let marker = Marker::new_with_options(&lat_lng(first.at), &options);
                if let Some(content) = content {
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

/// A listing or an activity drawn on the map.
struct Pin {
    at: GeoPoint,
    class: &'static str,
    glyph: &'static str,
    label: String,
    title: String,
    href: String,
}

/// How large a pin is drawn, and how far apart two pins' centres must be for neither to cover
/// the other (with room between them for a finger).
const PIN_SIZE: f64 = 30.0;
const PIN_GAP: f64 = PIN_SIZE + 6.0;

/// Groups the points (in pixels) that lie closer than `gap` to a group's first point, in
/// order: the groups' first points are then at least `gap` apart.
///
/// Hand-written rather than Leaflet.markercluster: that plugin would add its script to every
/// visit, and this is all the map needs (the server already counts areas when there are many).
fn overlapping(points: &[(f64, f64)], gap: f64) -> Vec<Vec<usize>> {
    let mut groups: Vec<((f64, f64), Vec<usize>)> = Vec::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|((gx, gy), _)| (gx - x).hypot(gy - y) < gap)
        {
            Some((_, members)) => members.push(i),
            None => groups.push(((x, y), vec![i])),
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

/// The popup: a link to each listing or activity, built as DOM nodes so titles are never
/// parsed as HTML.
fn popup<'a>(pins: impl Iterator<Item = &'a Pin>) -> Option<wasm_bindgen::JsValue> {
    let doc = document();
    let root = doc.create_element("ul").ok()?;
    root.set_class_name("popup-list");
    for pin in pins {
        let item = doc.create_element("li").ok()?;
        let kind = doc.create_element("small").ok()?;
        kind.set_text_content(Some(&pin.label));
        let link = doc.create_element("a").ok()?;
        link.set_attribute("href", &pin.href).ok()?;
        link.set_attribute("dir", "auto").ok()?;
        link.set_text_content(Some(&pin.title));
        let br = doc.create_element("br").ok()?;
        item.append_child(&kind).ok()?;
        item.append_child(&br).ok()?;
        item.append_child(&link).ok()?;
        root.append_child(&item).ok()?;
    }
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

    #[test]
    fn pins_that_would_cover_one_another_are_grouped() {
        let points = [
            (0.0, 0.0),
            (10.0, 5.0),
            (100.0, 0.0),
            (20.0, 20.0),
            (130.0, 0.0),
        ];
        let groups = overlapping(&points, PIN_GAP);
        assert_eq!(groups, vec![vec![0, 1, 3], vec![2, 4]]);
        // Every point is in exactly one group, and the drawn pins are far enough apart.
        let spaced = [(0.0, 0.0), (PIN_GAP, 0.0), (0.0, PIN_GAP)];
        assert_eq!(overlapping(&spaced, PIN_GAP).len(), 3);
        assert!(overlapping(&[], PIN_GAP).is_empty());
    }
}
