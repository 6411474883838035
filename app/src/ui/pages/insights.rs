//! `/insights`: the open data for municipalities and curious citizens (issue 24). A map of one
//! published figure by area, the same figures as a table (the accessible path), downloads, and
//! what is hidden and why, written from the constants of `domain::open_data` so the page
//! cannot drift from the rules the job applies. Rendered by the server with a plain form sent
//! with GET: it works with JavaScript off; only the map is an island (a lazy one).

use leptos::prelude::*;

use crate::api::insights::insights;
use crate::domain::listing::Category;
use crate::domain::open_data::{
    BY_TERRITORY, COARSE_RESOLUTION, DEMAND_HIGH, DEMAND_LOW, DEMAND_MIN_AREAS, FINEST_RESOLUTION,
    InsightsQuery, InsightsView, MAX_SHARE_PERCENT, MIN_PEOPLE, Measure, UNMET_AFTER_DAYS,
};
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::components::map::insights_map::InsightsMap;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::nav::query_param;
use crate::ui::text;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The name of a figure.
pub fn measure(i18n: I18n, m: Measure) -> String {
    match m {
        Measure::Offers => t_string!(i18n, measure_offers).to_string(),
        Measure::Requests => t_string!(i18n, measure_requests).to_string(),
        Measure::Unmet => t_string!(i18n, measure_unmet).to_string(),
        Measure::Exchanges => t_string!(i18n, measure_exchanges).to_string(),
        Measure::Hours => t_string!(i18n, measure_hours).to_string(),
        Measure::Events => t_string!(i18n, measure_events).to_string(),
        Measure::Registrations => t_string!(i18n, measure_registrations).to_string(),
        Measure::Members => t_string!(i18n, measure_members).to_string(),
    }
}

/// A period's name: the quarter's number and its year, or the year.
fn period(i18n: I18n, code: &str) -> String {
    match code.split_once("-Q") {
        Some((year, q)) => t_string!(i18n, insights_quarter, number = q, year = year).to_string(),
        None => t_string!(i18n, insights_year, year = code).to_string(),
    }
}

/// A decimal as the reader writes it (a comma in French).
fn decimal(i18n: I18n, number: &str) -> String {
    if i18n.get_locale_untracked() == Locale::fr {
        number.replace('.', ",")
    } else {
        number.to_owned()
    }
}

fn category_name(i18n: I18n, code: &str) -> String {
    Category::from_code(code).map_or_else(|| code.to_owned(), |c| text::category(i18n, c))
}

fn demand(i18n: I18n, code: &str) -> String {
    match code {
        "high" => t_string!(i18n, insights_demand_high).to_string(),
        "low" => t_string!(i18n, insights_demand_low).to_string(),
        _ => t_string!(i18n, insights_demand_usual).to_string(),
    }
}

#[component]
pub fn InsightsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = InsightsQuery {
        measure: query_param("measure").unwrap_or_default(),
        period: query_param("period").unwrap_or_default(),
        resolution: query_param("resolution").unwrap_or_default(),
        category: query_param("category").unwrap_or_default(),
        comma: i18n.get_locale_untracked() == Locale::fr,
    };
    let figures = Resource::new(|| (), move |_| insights(query.clone()));
    view! {
        <PageMeta title=t_string!(i18n, insights_title).to_string() description=t_string!(i18n, insights_intro).to_string() />
        <div class="insights-page" data-testid="insights">
            <h1>{t_string!(i18n, insights_title)}</h1>
            <p class="lead">{t_string!(i18n, insights_intro)}</p>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || figures.get().map(|r| match r {
                    Err(e) => view! {
                        <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                        <Rules territories=false />
                    }.into_any(),
                    Ok(v) => {
                        let territories = v.has_territories;
                        view! { <Figures v /> <Rules territories /> }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The choice of figure, then the map, its legend, the table and the downloads.
#[component]
fn Figures(v: InsightsView) -> impl IntoView {
    let i18n = use_i18n();
    let name = measure(i18n, v.measure);
    let demand_column = v.areas.iter().any(|a| a.demand.is_some());
    let by_territory = v.by_territory;
    let query = {
        let mut q = format!("measure={}&period={}", v.measure.code(), v.period);
        if !by_territory {
            q.push_str(&format!("&resolution={}", v.resolution));
        }
        if !v.category.is_empty() {
            q.push_str("&category=");
            q.push_str(&v.category);
        }
        q
    };
    let shown_name = if v.category.is_empty() {
        name.clone()
    } else {
        format!("{name} · {}", category_name(i18n, &v.category))
    };
    let caption = if v.period.is_empty() {
        String::new()
    } else {
        // Arabic script has its own comma.
        let comma = match i18n.get_locale_untracked() {
            Locale::ar | Locale::fa | Locale::ur => "، ",
            _ => ", ",
        };
        format!("{shown_name}{comma}{}", period(i18n, &v.period))
    };
    view! {
        <form method="get" action="/insights" class="filters" data-testid="insights-form">
            <label>
                {t_string!(i18n, insights_measure)}
                <select name="measure" data-testid="insights-measure">
                    {Measure::ALL.into_iter().map(|m| view! {
                        <option value=m.code() selected=m == v.measure>{measure(i18n, m)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t_string!(i18n, insights_period)}
                <select name="period" data-testid="insights-period">
                    {v.periods.iter().map(|p| view! {
                        <option value=p.clone() selected=*p == v.period>{period(i18n, p)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t_string!(i18n, insights_resolution)}
                <select name="resolution" data-testid="insights-resolution">
                    <option value=FINEST_RESOLUTION.to_string() selected=!by_territory && v.resolution == FINEST_RESOLUTION>{t_string!(i18n, insights_res_fine)}</option>
                    <option value=COARSE_RESOLUTION.to_string() selected=!by_territory && v.resolution == COARSE_RESOLUTION>{t_string!(i18n, insights_res_coarse)}</option>
                    {v.has_territories.then(|| view! {
                        <option value=BY_TERRITORY selected=by_territory>{t_string!(i18n, insights_res_territories)}</option>
                    })}
                </select>
            </label>
            {(!v.categories.is_empty()).then(|| view! {
                <label>
                    {t_string!(i18n, insights_category)}
                    <select name="category" data-testid="insights-category">
                        <option value="" selected=v.category.is_empty()>{t_string!(i18n, insights_all_categories)}</option>
                        {v.categories.iter().map(|c| view! {
                            <option value=c.clone() selected=*c == v.category>{category_name(i18n, c)}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            <button type="submit" class="button" data-testid="insights-show">{t_string!(i18n, insights_show)}</button>
        </form>
        {if v.period.is_empty() {
            view! { <p class="notice" data-testid="insights-none">{t_string!(i18n, insights_none, days = UNMET_AFTER_DAYS)}</p> }.into_any()
        } else if v.areas.is_empty() {
            view! { <p class="notice" data-testid="insights-empty">{t_string!(i18n, insights_empty, people = MIN_PEOPLE)}</p> }.into_any()
        } else {
            view! {
                <h2 data-testid="insights-heading">{caption.clone()}</h2>
                <div class="insights-map">
                    <InsightsMap geojson=v.geojson.clone() focus=v.focus label=t_string!(i18n, insights_map_label, figure = caption.clone()).to_string() />
                    <div class="insights-legend" data-testid="insights-legend">
                        <p class="legend-title">{if v.rates { t_string!(i18n, insights_legend_rate) } else { t_string!(i18n, insights_legend) }}</p>
                        <ul>
                            {v.bounds.iter().enumerate().map(|(i, b)| view! {
                                <li><span class=format!("swatch class-{}", i + 1) aria-hidden="true"></span>{t_string!(i18n, insights_up_to, bound = decimal(i18n, b))}</li>
                            }).collect_view()}
                        </ul>
                        <p class="muted">{t_string!(i18n, insights_labels)}</p>
                    </div>
                </div>
                // Focusable, so that a keyboard can scroll a table wider than a phone.
                <div class="table-scroll" tabindex="0" role="region" aria-label=caption.clone()>
                    <table class="insights-table" data-testid="insights-table">
                        <caption>{caption.clone()}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t_string!(i18n, insights_col_number)}</th>
                                <th scope="col">{if by_territory { t_string!(i18n, insights_col_territory) } else { t_string!(i18n, insights_col_area) }}</th>
                                <th scope="col" class="num">{name.clone()}</th>
                                {by_territory.then(|| view! { <th scope="col" class="num">{t_string!(i18n, insights_col_rate)}</th> })}
                                <th scope="col" class="num">{t_string!(i18n, insights_col_people)}</th>
                                {demand_column.then(|| view! { <th scope="col">{t_string!(i18n, insights_col_demand)}</th> })}
                            </tr>
                        </thead>
                        <tbody>
                            {v.areas.iter().map(|a| {
                                let flag = a.demand.clone();
                                let index = a.index.clone();
                                view! {
                                    <tr>
                                        <th scope="row">{a.number}</th>
                                        <td>
                                            {a.name.clone().map(|n| view! { <bdi>{n}</bdi> " " })}
                                            <code dir="ltr">{a.cell.clone()}</code>
                                            {a.merged.then(|| view! { " " <span class="tag">{t_string!(i18n, insights_merged)}</span> })}
                                        </td>
                                        <td class="num">{decimal(i18n, &a.value)}</td>
                                        {by_territory.then(|| view! {
                                            <td class="num">{a.per_1000.as_deref().map_or_else(|| "—".to_owned(), |r| decimal(i18n, r))}</td>
                                        })}
                                        <td class="num">{a.participants}</td>
                                        {demand_column.then(|| view! {
                                            <td>{match (flag, index) {
                                                (Some(f), Some(i)) => format!("{} ({})", demand(i18n, &f), decimal(i18n, &i)),
                                                _ => "—".to_owned(),
                                            }}</td>
                                        })}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p class="row" data-testid="insights-downloads">
                    {if by_territory {
                        view! {
                            <a class="button" href=format!("/open-data/v1/territories.csv?{query}") download="" data-testid="insights-csv">{t_string!(i18n, insights_territories_csv)}</a>
                            <a class="button" href=format!("/open-data/v1/territories.geojson?{query}") download="" data-testid="insights-geojson">{t_string!(i18n, insights_territories_geojson)}</a>
                        }.into_any()
                    } else {
                        view! {
                            <a class="button" href=format!("/open-data/v1/areas.csv?{query}") download="" data-testid="insights-csv">{t_string!(i18n, insights_csv)}</a>
                            <a class="button" href=format!("/open-data/v1/areas.geojson?{query}") download="" data-testid="insights-geojson">{t_string!(i18n, insights_geojson)}</a>
                        }.into_any()
                    }}
                    <a href="/open-data/v1/">{t_string!(i18n, insights_api)}</a>
                </p>
                <p class="muted">{t_string!(i18n, insights_licence)}</p>
            }.into_any()
        }}
    }
}

/// What is hidden and why, from the same constants as the job.
#[component]
fn Rules(territories: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card prose" id="rules" data-testid="insights-rules">
            <h2>{t_string!(i18n, insights_rules_title)}</h2>
            <ul>
                <li>{t_string!(i18n, insights_rule_people, people = MIN_PEOPLE)}</li>
                <li>{t_string!(i18n, insights_rule_share, share = MAX_SHARE_PERCENT)}</li>
                <li>{t_string!(i18n, insights_rule_merge)}</li>
                <li>{t_string!(i18n, insights_rule_periods, days = UNMET_AFTER_DAYS)}</li>
                <li>{t_string!(i18n, insights_rule_nothing)}</li>
                <li>{t_string!(i18n, insights_rule_sizes, fine = FINEST_RESOLUTION, coarse = COARSE_RESOLUTION)}</li>
                <li>{t_string!(i18n, insights_rule_unmet, days = UNMET_AFTER_DAYS)}</li>
                {territories.then(|| view! { <li data-testid="insights-rule-territories">{t_string!(i18n, insights_rule_territories)}</li> })}
                <li>{t_string!(i18n, insights_rule_demand, high = decimal(i18n, &DEMAND_HIGH.to_string()), low = decimal(i18n, &DEMAND_LOW.to_string()), areas = DEMAND_MIN_AREAS)}</li>
            </ul>
        </section>
    }
}
