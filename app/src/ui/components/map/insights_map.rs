//! The `/insights` map: the published areas of one figure, coloured by class and labelled with
//! their number and value (colour is never the only sign), beside the table that holds the same
//! figures.

use leaflet::{LatLng, LatLngBounds};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::leaflet_ext::{bind_tooltip_text, geo_json, mount_map};
use crate::domain::geo::GeoPoint;

/// The fill of each class, light to dark (ColorBrewer's "Greens", readable by people who do not
/// tell red from green); the labels say the same thing in numbers.
const FILLS: [&str; 4] = ["#c7e9c0", "#74c476", "#31a354", "#006d2c"];

/// A lazy island: only this page loads its code. `geojson` is the view's areas as the server
/// wrote them (outlines, number, value as the reader writes it, class); the browser only draws
/// them.
#[island(lazy)]
pub fn InsightsMap(geojson: String, focus: [f64; 4], label: String) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    // The middle of metropolitan France until the areas are drawn, then fitted to them.
    let france = GeoPoint {
        lat: 46.6,
        lng: 2.4,
    };
    mount_map(node, france, 5.0, move |m| {
        let Ok(data) = js_sys::JSON::parse(&geojson) else {
            return;
        };
        let options = js_sys::Object::new();
        let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), v);
        };
        let property = |feature: &JsValue, name: &str| -> JsValue {
            js_sys::Reflect::get(feature, &JsValue::from_str("properties"))
                .and_then(|p| js_sys::Reflect::get(&p, &JsValue::from_str(name)))
                .unwrap_or(JsValue::UNDEFINED)
        };
        let style = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |feature: JsValue| {
            let class = property(&feature, "class").as_f64().unwrap_or(1.0) as usize;
            let s = js_sys::Object::new();
            set(&s, "color", &JsValue::from_str("#1b4332"));
            set(&s, "weight", &JsValue::from_f64(1.5));
            set(
                &s,
                "fillColor",
                &JsValue::from_str(FILLS[class.clamp(1, FILLS.len()) - 1]),
            );
            set(&s, "fillOpacity", &JsValue::from_f64(0.7));
            s.into()
        });
        let label_each =
            Closure::<dyn Fn(JsValue, JsValue)>::new(move |feature: JsValue, layer: JsValue| {
                let number = property(&feature, "number").as_f64().unwrap_or(0.0);
                let value = property(&feature, "value").as_string().unwrap_or_default();
                let flag = match property(&feature, "demand").as_string().as_deref() {
                    Some("high") => " ▲",
                    Some("low") => " ▼",
                    _ => "",
                };
                let tip = js_sys::Object::new();
                set(&tip, "permanent", &JsValue::TRUE);
                set(&tip, "direction", &JsValue::from_str("center"));
                set(&tip, "className", &JsValue::from_str("insight-label"));
                bind_tooltip_text(
                    &layer,
                    &JsValue::from_str(&format!("{number} · {value}{flag}")),
                    &tip,
                );
            });
        set(&options, "style", style.as_ref());
        set(&options, "onEachFeature", label_each.as_ref());
        let layer = geo_json(&data, &options);
        // Leaflet keeps calling them for the layer's life, which is the page's.
        style.forget();
        label_each.forget();
        layer.add_to(m);
        // Around the largest area (the server chose the box): at the zoom of a whole country a
        // neighbourhood is smaller than a pixel.
        let [south, west, north, east] = focus;
        let bounds = LatLngBounds::new(&LatLng::new(south, west), &LatLng::new(north, east));
        let padding = js_sys::Object::new();
        set(
            &padding,
            "padding",
            &js_sys::Array::of2(&JsValue::from_f64(8.0), &JsValue::from_f64(8.0)),
        );
        m.fit_bounds_with_options(&bounds, &padding);
    });
    view! {
        <div node_ref=node id="insights-map" class="map map-insights" role="region" aria-label=label data-testid="insights-map"></div>
    }
}
