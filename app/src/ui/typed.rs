//! What a person typed into a form before the page's code arrived.
//!
//! The server renders forms, so on a slow phone a person can start typing seconds before the
//! form's island has loaded. Hydration then gives each control its signal's value, and the
//! signal was made from the form's starting values: what was typed would vanish. A form's
//! editor therefore makes its signals through [`Typed`], which looks at the form as it stands in
//! the page when the editor is created: a control whose value differs from the one it was
//! served with (`defaultValue`, `defaultChecked`, `defaultSelected`) was changed by the person,
//! and that value wins. On the server, for a control not in the page, or one left untouched, the
//! starting value stays.
//!
//! Hand-written (a few lines over `web_sys`): Leptos hydrates a control's property from its
//! signal and has no option to keep what the person changed.

#[cfg(feature = "hydrate")]
use wasm_bindgen::JsCast;

/// A form in the page, found by a CSS selector.
pub struct Typed {
    #[cfg(feature = "hydrate")]
    form: Option<web_sys::Element>,
}

impl Typed {
    /// Finds the form `selector` names, if it is in the page (only in the browser).
    pub fn read(selector: &str) -> Self {
        #[cfg(feature = "hydrate")]
        {
            let form = leptos::prelude::document()
                .query_selector(selector)
                .ok()
                .flatten();
            Self { form }
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = selector;
            Self {}
        }
    }

    /// The controls named `name`.
    #[cfg(feature = "hydrate")]
    fn controls(&self, name: &str) -> Vec<web_sys::Element> {
        let Some(form) = &self.form else {
            return Vec::new();
        };
        let Ok(list) = form.query_selector_all(&format!("[name=\"{name}\"]")) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .collect()
    }

    /// A text field, a text area, a list or a set of radio buttons: what the person changed it
    /// to, else `start`.
    pub fn text(&self, name: &str, start: String) -> String {
        #[cfg(feature = "hydrate")]
        for el in self.controls(name) {
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                let choice = matches!(input.type_().as_str(), "radio" | "checkbox");
                if choice && input.checked() && !input.default_checked() {
                    return input.value();
                }
                if !choice && input.value() != input.default_value() {
                    return input.value();
                }
            } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                if Ok(area.value()) != area.default_value() {
                    return area.value();
                }
            } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                let options = select.options();
                let changed = (0..options.length())
                    .filter_map(|i| options.item(i))
                    .filter_map(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                    .any(|o| o.selected() != o.default_selected());
                if changed {
                    return select.value();
                }
            }
        }
        let _ = name;
        start
    }

    /// A box: whether the person ticked or cleared it, else `start`.
    pub fn ticked(&self, name: &str, start: bool) -> bool {
        #[cfg(feature = "hydrate")]
        for el in self.controls(name) {
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>()
                && input.checked() != input.default_checked()
            {
                return input.checked();
            }
        }
        let _ = name;
        start
    }

    /// Boxes sharing a name: when the person changed any, the values ticked now, else `start`.
    pub fn ticked_values(&self, name: &str, start: Vec<String>) -> Vec<String> {
        #[cfg(feature = "hydrate")]
        {
            let boxes: Vec<web_sys::HtmlInputElement> = self
                .controls(name)
                .into_iter()
                .filter_map(|el| el.dyn_into().ok())
                .collect();
            if boxes.iter().any(|b| b.checked() != b.default_checked()) {
                return boxes
                    .iter()
                    .filter(|b| b.checked())
                    .map(|b| b.value())
                    .collect();
            }
        }
        let _ = name;
        start
    }
}
