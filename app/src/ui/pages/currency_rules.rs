//! "How the currency works", written from the constants and the deployment's settings, so the
//! page cannot drift from the code: grants, the floor, escrow, the generosity rule with worked
//! examples computed by the same function that sets prices, and the policy in force.

use leptos::prelude::*;

use crate::api::ledger::get_currency_rules;
use crate::domain::ledger::{
    CurrencyRules, GENEROSITY_PRIOR, GENEROSITY_WINDOW_DAYS, GRANT_PERIOD_DAYS, Generosity,
    MAX_DISCOUNT_PERCENT, Policy,
};
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text;

#[component]
pub fn CurrencyRulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let rules = Resource::new(|| (), |()| get_currency_rules());
    view! {
        <PageMeta title=t_string!(i18n, currency_title).to_string() />
        <div class="narrow prose" data-testid="currency-rules">
            <h1>{t_string!(i18n, currency_title)}</h1>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || rules.get().map(|r| match r {
                    Ok(r) => view! { <Rules r /> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Rules(r: CurrencyRules) -> impl IntoView {
    let i18n = use_i18n();
    let name = r.currency_name.clone();
    let unit = move || text::currency(i18n, &name);
    let example = |given: i64, received: i64| {
        let g = Generosity { given, received };
        (g.share_percent(), g.discount_percent())
    };
    let examples = [(0, 0), (30, 10), (90, 10), (300, 0)];
    view! {
        {match r.policy {
            Policy::Currency => view! { <p data-testid="policy">{t_string!(i18n, currency_policy_currency)}</p> }.into_any(),
            Policy::GiftWithQuota { per_day } => view! {
                <p data-testid="policy">{move || t_string!(i18n, currency_policy_gift, count = per_day).to_string()}</p>
            }.into_any(),
        }}
        <h2>{t_string!(i18n, currency_ledger_heading)}</h2>
        <ul>
            <li>{move || t_string!(i18n, currency_unit, unit = unit()).to_string()}</li>
            <li>{t_string!(i18n, currency_welcome, amount = r.ledger.welcome_grant)}</li>
            <li>{t_string!(i18n, currency_weekly, amount = r.ledger.weekly_grant, days = GRANT_PERIOD_DAYS)}</li>
            <li>{t_string!(i18n, currency_floor, floor = r.ledger.floor)}</li>
            <li>{t_string!(i18n, currency_escrow)}</li>
            <li>{t_string!(i18n, currency_confirm, days = r.confirm_days)}</li>
            <li>{t_string!(i18n, currency_journal)}</li>
        </ul>
        <h2>{t_string!(i18n, currency_generosity_heading)}</h2>
        <p>{t_string!(i18n, currency_generosity_rule, days = GENEROSITY_WINDOW_DAYS, prior = GENEROSITY_PRIOR, max = MAX_DISCOUNT_PERCENT)}</p>
        <table class="rules" data-testid="generosity-examples">
            <thead><tr>
                <th>{t_string!(i18n, generosity_given)}</th>
                <th>{t_string!(i18n, generosity_received)}</th>
                <th class="num">{t_string!(i18n, generosity_share_heading)}</th>
                <th class="num">{t_string!(i18n, generosity_discount_heading)}</th>
            </tr></thead>
            <tbody>
                {examples.into_iter().map(|(given, received)| {
                    let (share, discount) = example(given, received);
                    view! { <tr><td>{given}</td><td>{received}</td><td class="num">{format!("{share} %")}</td><td class="num">{format!("{discount} %")}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}
