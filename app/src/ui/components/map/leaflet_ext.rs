//! Small helpers over the `leaflet` crate, and the one binding it gets wrong.

use leaflet::{Icon, LatLng, Map, MapOptions, TileLayer, TileLayerOptions};
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::domain::geo::{Bbox, GeoPoint};
use crate::domain::view::MapSettings;

#[wasm_bindgen]
extern "C" {
    // leaflet 0.5's `DivIcon::new` constructs an `L.Icon` (which needs an image URL), so we
    // bind the `L.divIcon` factory ourselves.
    #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
    fn div_icon(options: &JsValue) -> Icon;

    // leaflet 0.5 binds the `L.geoJSON` factory in a private module and does not export it.
    /// A GeoJSON layer of `data` with Leaflet's `options` (`style`, `onEachFeature`…).
    #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
    pub fn geo_json(data: &JsValue, options: &JsValue) -> leaflet::GeoJson;
}

/// `layer.bindTooltip(content, options)`: leaflet 0.5's `bind_tooltip_with_content` calls a
/// `bindTooltipWithContent` that Leaflet does not have.
pub fn bind_tooltip_text(layer: &JsValue, content: &JsValue, options: &JsValue) {
    if let Ok(bind) = js_sys::Reflect::get(layer, &JsValue::from_str("bindTooltip"))
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = bind.call2(layer, content, options);
    }
}

/// An icon drawn with HTML and CSS, `size` pixels square, anchored at its centre.
pub fn html_icon(html: &str, class_name: &str, size: f64) -> Icon {
    let options = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &v);
    };
    set("html", JsValue::from_str(html));
    set("className", JsValue::from_str(class_name));
    let pair = |a: f64| js_sys::Array::of2(&JsValue::from_f64(a), &JsValue::from_f64(a));
    set("iconSize", pair(size).into());
    set("iconAnchor", pair(size / 2.0).into());
    div_icon(&options)
}

/// A Leaflet point from ours.
pub fn lat_lng(p: GeoPoint) -> LatLng {
    LatLng::new(p.lat, p.lng)
}

/// Adds the configured tile layer, if any (none in tests: they must not need the internet).
pub fn add_tiles(map: &Map, settings: &MapSettings) {
    if settings.tile_url.is_empty() {
        return;
    }
    let options = TileLayerOptions::new();
    options.set_attribution(settings.attribution.clone());
    options.set_max_zoom(19.0);
    TileLayer::new_options(&settings.tile_url, &options).add_to(map);
}

/// The map's visible box.
pub fn bounds(map: &Map) -> Option<Bbox> {
    let b = map.get_bounds();
    let (sw, ne) = (b.get_south_west(), b.get_north_east());
    Bbox::parse(sw.lat(), sw.lng(), ne.lat(), ne.lng())
}

/// A map held by a component: `None` on the server and until the map exists in the browser
/// (which has one thread, so the wrapper is never crossed).
pub type MapHandle = RwSignal<Option<SendWrapper<Map>>>;

/// Creates a Leaflet map in `node` once that element is in the document (after a client-side
/// navigation the view is built before it is attached), at `center`/`zoom` with the configured
/// tiles; `init` then adds layers and handlers. The map is removed when the component goes.
pub fn mount_map(
    node: NodeRef<Div>,
    center: GeoPoint,
    zoom: f64,
    init: impl FnOnce(&Map) + 'static,
) -> MapHandle {
    let settings = expect_context::<MapSettings>();
    let handle: MapHandle = RwSignal::new(None);
    let mut init = Some(init);
    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        let Some(init) = init.take() else { return };
        let settings = settings.clone();
        let el: HtmlElement = el.into();
        // In a task of its own, after the islands have hydrated: both in one task kept a slow
        // phone's main thread blocked for longer (Lighthouse's total blocking time).
        set_timeout(
            move || {
                when_attached(el, move |el| {
                    let Ok(map) = Map::new_with_element(&el, &MapOptions::new()) else {
                        return;
                    };
                    map.set_view(&lat_lng(center), zoom);
                    add_tiles(&map, &settings);
                    init(&map);
                    handle.set(Some(SendWrapper::new(map)));
                })
            },
            std::time::Duration::ZERO,
        );
        // Registered here, in the browser only: the server never creates a map.
        on_cleanup(move || {
            handle.try_update_untracked(|m| {
                if let Some(m) = m.take() {
                    m.remove();
                }
            });
        });
    });
    handle
}

fn when_attached(el: HtmlElement, f: impl FnOnce(HtmlElement) + 'static) {
    if el.is_connected() {
        f(el);
    } else {
        request_animation_frame(move || when_attached(el, f));
    }
}
