//! The filters above the map's list.

use leptos::prelude::*;

use crate::domain::listing::{Category, ListingKind, Nature};
use crate::domain::view::Filters;
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::text;

#[component]
pub fn FiltersBar(filters: RwSignal<Filters>) -> impl IntoView {
    let i18n = use_i18n();
    let set_kind = move |ev| {
        let v = event_target_value(&ev);
        filters.update(|f| f.kind = ListingKind::from_code(&v));
    };
    let set_nature = move |ev| {
        let v = event_target_value(&ev);
        filters.update(|f| f.nature = Nature::from_code(&v));
    };
    let set_category = move |ev| {
        let v = event_target_value(&ev);
        filters.update(|f| f.category = Category::from_code(&v));
    };
    let set_remote = move |ev| {
        let v = event_target_checked(&ev);
        filters.update(|f| f.remote_only = v);
    };
    view! {
        <fieldset class="filters">
            <legend>{t_string!(i18n, filters)}</legend>
            <label>
                <span>{t_string!(i18n, filter_kind)}</span>
                <select name="kind" data-testid="filter-kind" on:change=set_kind>
                    <option value="">{t_string!(i18n, any)}</option>
                    <option value="offer">{t_string!(i18n, kinds_offer)}</option>
                    <option value="request">{t_string!(i18n, kinds_request)}</option>
                </select>
            </label>
            <label>
                <span>{t_string!(i18n, filter_nature)}</span>
                <select name="nature" data-testid="filter-nature" on:change=set_nature>
                    <option value="">{t_string!(i18n, any)}</option>
                    <option value="good">{t_string!(i18n, nature_good)}</option>
                    <option value="service">{t_string!(i18n, nature_service)}</option>
                </select>
            </label>
            <label>
                <span>{t_string!(i18n, filter_category)}</span>
                <select name="category" data-testid="filter-category" on:change=set_category>
                    <option value="">{t_string!(i18n, any)}</option>
                    {Category::ALL
                        .iter()
                        .map(|c| {
                            let c = *c;
                            view! { <option value=c.code()>{move || text::category(i18n, c)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="check">
                <input type="checkbox" name="remote" data-testid="filter-remote" on:change=set_remote />
                <span>{t_string!(i18n, filter_remote)}</span>
            </label>
        </fieldset>
    }
}
