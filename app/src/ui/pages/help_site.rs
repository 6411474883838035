//! `/help/sites/:id`: a support site's page: is it open, its services and who they are for,
//! its hours and temporary notices, a phone link and directions as plain text. Rendered by the
//! server with plain forms (no wasm needed): anyone can say "this information is wrong"; the
//! managers of its association and moderators post notices, mark it checked, and deal with the
//! reports. The forms go to `server/src/support.rs`, which renders this page again with the
//! refusal and what was typed when a form is refused.

use leptos::prelude::*;

use crate::api::support::support_site;
use crate::domain::AppError;
use crate::domain::error::{Field, FieldError};
use crate::domain::support::{Holidays, NoticeView, ServiceView, SiteView};
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::nav::query_param;
use crate::ui::text;

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn HelpSitePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::use_id_param();
    let site = Resource::new(|| (), move |_| support_site(id));
    view! {
        <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
            {move || site.get().map(|r| match r {
                Ok(s) => view! { <Site s /> }.into_any(),
                Err(e) => view! {
                    <div class="narrow">
                        <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                        <p><a href="/help">{t_string!(i18n, site_back)}</a></p>
                    </div>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// The refusal of a form sent without script, as the server put it in the address (read on the
/// server only: this page has no island).
fn refusal(name: &str) -> Option<AppError> {
    #[cfg(feature = "ssr")]
    {
        query_param(name).and_then(|raw| serde_json::from_str(&raw).ok())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

/// A refused form, as the server put it back in the address (read on the server only).
fn typed_form<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    #[cfg(feature = "ssr")]
    {
        query_param(name).and_then(|raw| serde_json::from_str(&raw).ok())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

/// The message for `field` in a refusal, if any.
fn field_message(i18n: I18n, e: &Option<AppError>, field: Field) -> Option<String> {
    match e {
        Some(AppError::Validation(errors)) => errors
            .iter()
            .find(|FieldError { field: f, .. }| *f == field)
            .map(|fe| text::field_error(i18n, fe.code)),
        _ => None,
    }
}

#[component]
fn FieldMessage(message: Option<String>, id: &'static str) -> impl IntoView {
    message.map(|m| view! { <span class="field-error" id=id role="alert">{m}</span> })
}

#[component]
fn Site(s: SiteView) -> impl IntoView {
    let i18n = use_i18n();
    let open = s.now.is_open();
    let status = text::now_line(i18n, &s.now);
    let closed = text::closed_lines(i18n, &s.now);
    let done = query_param("done").unwrap_or_default();
    let feedback = match done.as_str() {
        "reported" => Some(t_string!(i18n, report_sent).to_string()),
        "checked" => Some(t_string!(i18n, manage_checked_done).to_string()),
        "notice_added" => Some(t_string!(i18n, notice_added).to_string()),
        "notice_removed" => Some(t_string!(i18n, notice_removed).to_string()),
        "report_resolved" => Some(t_string!(i18n, report_resolved).to_string()),
        "edited" => Some(t_string!(i18n, site_edited).to_string()),
        "created" => Some(t_string!(i18n, site_created).to_string()),
        "service_added" => Some(t_string!(i18n, service_added).to_string()),
        "service_removed" => Some(t_string!(i18n, service_removed).to_string()),
        "stop_added" => Some(t_string!(i18n, stop_added).to_string()),
        "stop_removed" => Some(t_string!(i18n, stop_removed).to_string()),
        _ => None,
    };
    let description = s.description.clone();
    view! {
        <PageMeta title=s.name.clone() description=description.clone() />
        <article class="narrow help-site-page" data-testid="help-site-page">
            <p><a href="/help">{t_string!(i18n, site_back)}</a></p>
            <h1 dir="auto">{s.name.clone()}</h1>
            {feedback.map(|f| view! { <p class="badge badge-ok" role="status" data-testid="help-done">{f}</p> })}
            <p class=if open { "status status-open" } else { "status status-closed" } data-testid="site-status">
                <span aria-hidden="true">{if open { "● " } else { "○ " }}</span>
                {status}
            </p>
            {closed.into_iter().map(|line| view! { <p class="status status-closed" data-testid="site-closed">{line}</p> }).collect_view()}
            {s.now.messages.iter().map(|m| view! { <p class="notice-text" dir="auto">{m.clone()}</p> }).collect_view()}
            {s.stale.then(|| view! { <p class="badge badge-unknown" data-testid="site-stale">{t_string!(i18n, site_stale_warning)}</p> })}
            {(!description.is_empty()).then(|| view! { <p dir="auto">{description.clone()}</p> })}
            <Contact s=s.clone() />
            <Notices notices=s.notices.clone() />
            <Hours s=s.clone() />
            <section>
                <h2>{t_string!(i18n, site_services)}</h2>
                <ul class="cards">
                    {s.services.iter().cloned().map(|v| view! { <Service v /> }).collect_view()}
                </ul>
            </section>
            <p class="muted" data-testid="site-checked">{t_string!(i18n, site_checked, day = day_text(&s.checked_on))}</p>
            {s.can_edit.then(|| view! { <Manage s=s.clone() /> })}
            <Report id=s.id />
        </article>
    }
}

#[component]
fn Contact(s: SiteView) -> impl IntoView {
    let i18n = use_i18n();
    let phone = s.phone.clone();
    view! {
        <dl class="facts">
            <dt>{if s.mobile { t_string!(i18n, help_mobile).to_string() } else { t_string!(i18n, site_address).to_string() }}</dt>
            <dd><bdi>{s.address.clone()}</bdi></dd>
            {s.point.map(|(lat, lng)| {
                let geo = format!("geo:{lat:.5},{lng:.5}?q={lat:.5},{lng:.5}");
                view! {
                    <dt>{t_string!(i18n, site_directions)}</dt>
                    <dd><bdi>{s.address.clone()}</bdi> " · " <a href=geo data-testid="site-geo">{t_string!(i18n, help_map_link)}</a></dd>
                }
            })}
            {(!s.stops.is_empty()).then(|| view! {
                <dt>{t_string!(i18n, site_stops)}</dt>
                <dd>
                    <ul data-testid="site-stops">
                        {s.stops.iter().map(|st| view! {
                            <li>{text::weekday(i18n, st.weekday)} " " <span dir="ltr">{format!("{}–{}", st.start, st.end)}</span> " — " <bdi>{st.place.clone()}</bdi></li>
                        }).collect_view()}
                    </ul>
                </dd>
            })}
            {(!phone.is_empty()).then(|| {
                let tel = format!("tel:{}", phone.replace(' ', ""));
                view! {
                    <dt>{t_string!(i18n, site_phone)}</dt>
                    <dd><a href=tel dir="ltr" data-testid="site-phone">{phone.clone()}</a></dd>
                }
            })}
            {(!s.website.is_empty()).then(|| view! {
                <dt>{t_string!(i18n, site_website)}</dt>
                <dd><a href=s.website.clone() rel="noopener" dir="ltr">{s.website.clone()}</a></dd>
            })}
            {(!s.languages.is_empty()).then(|| view! {
                <dt>{t_string!(i18n, site_languages)}</dt>
                <dd>{s.languages.iter().map(|l| view! { <span class="badge badge-lang" lang=l.clone()>{text::endonym(l)}</span> " " }).collect_view()}</dd>
            })}
            {s.association.clone().map(|(id, name)| view! {
                <dt>{t_string!(i18n, site_association)}</dt>
                <dd><a href=format!("/associations/{id}") dir="auto">{name}</a></dd>
            })}
            {s.venue.clone().map(|(id, name)| view! {
                <dt>{t_string!(i18n, site_venue)}</dt>
                <dd><a href=format!("/venues/{id}") dir="auto">{name}</a></dd>
            })}
        </dl>
    }
}

/// A date (`YYYY-MM-DD`) inside a sentence of any direction: isolated left to right (U+2066 …
/// U+2069), so Arabic text does not reverse its parts, and never broken across lines (a word
/// joiner after each hyphen: "2026-12-" and "05" were put on two lines).
pub(crate) fn day_text(day: &str) -> String {
    format!("\u{2066}{}\u{2069}", day.replace('-', "-\u{2060}"))
}

pub(crate) fn notice_when(i18n: I18n, n: &NoticeView) -> String {
    let from = day_text(&n.from);
    match &n.to {
        Some(to) if *to == n.from => t_string!(i18n, notice_day, day = from).to_string(),
        Some(to) => t_string!(i18n, notice_range, from = from, to = day_text(to)).to_string(),
        None => t_string!(i18n, notice_from, from = from).to_string(),
    }
}

pub(crate) fn notice_kind(i18n: I18n, kind: &str) -> String {
    match kind {
        "closure" => t_string!(i18n, notice_closure).to_string(),
        "hours" => t_string!(i18n, notice_hours).to_string(),
        _ => t_string!(i18n, notice_message).to_string(),
    }
}

#[component]
fn Notices(notices: Vec<NoticeView>) -> impl IntoView {
    let i18n = use_i18n();
    (!notices.is_empty()).then(|| {
        view! {
            <section>
                <h2>{t_string!(i18n, site_notices)}</h2>
                <ul class="stack" data-testid="site-notices">
                    {notices.into_iter().map(|n| view! {
                        <li class="notice-text" data-kind=n.kind.clone()>
                            <strong>{notice_kind(i18n, &n.kind)}</strong>
                            {n.service.map(|c| format!(" ({})", text::service_category(i18n, c)))}
                            " " {notice_when(i18n, &n)}
                            {(!n.text.is_empty()).then(|| view! { " — " <span dir="auto">{n.text.clone()}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// A week of hours as a table, Monday first; empty days say "closed".
#[component]
fn Week(days: [String; 7]) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="hours">
            <tbody>
                {days.into_iter().enumerate().map(|(i, d)| view! {
                    <tr>
                        <th scope="row">{text::weekday(i18n, i as u8)}</th>
                        <td dir="ltr">{if d.is_empty() { t_string!(i18n, site_closed_day).to_string() } else { d.replace('-', "–") }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Hours(s: SiteView) -> impl IntoView {
    let i18n = use_i18n();
    let holidays = match s.holidays {
        Holidays::Closed => t_string!(i18n, site_holidays_closed).to_string(),
        Holidays::Open => t_string!(i18n, site_holidays_open).to_string(),
        Holidays::Unknown => t_string!(i18n, site_holidays_unknown).to_string(),
    };
    view! {
        <section data-testid="site-hours">
            <h2>{t_string!(i18n, site_hours)}</h2>
            <Week days=s.hours.clone() />
            <p class="muted">{holidays}</p>
        </section>
    }
}

#[component]
fn Service(v: ServiceView) -> impl IntoView {
    let i18n = use_i18n();
    let publics = if v.publics.is_empty() {
        t_string!(i18n, service_everyone).to_string()
    } else {
        v.publics
            .iter()
            .map(|p| text::public(i18n, *p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let conditions = v
        .conditions
        .iter()
        .map(|c| text::condition(i18n, *c))
        .collect::<Vec<_>>()
        .join(", ");
    let price = match v.price {
        crate::domain::support::Price::Free => t_string!(i18n, service_free).to_string(),
        crate::domain::support::Price::Symbolic => t_string!(i18n, service_symbolic).to_string(),
    };
    view! {
        <li class="card" data-testid="site-service" data-category=crate::domain::vocab::Code::code(v.category)>
            <h3 class="card-title">{text::service_category(i18n, v.category)}</h3>
            {v.now.as_ref().map(|now| {
                let open = now.is_open();
                view! {
                    <p class=if open { "status status-open" } else { "status status-closed" }>
                        <span aria-hidden="true">{if open { "● " } else { "○ " }}</span>
                        {text::now_line(i18n, now)}
                    </p>
                    {text::closed_lines(i18n, now).into_iter().map(|l| view! { <p class="status status-closed">{l}</p> }).collect_view()}
                }
            })}
            {(!v.note.is_empty()).then(|| view! { <p dir="auto">{v.note.clone()}</p> })}
            <p><strong>{t_string!(i18n, service_for)}</strong> " " {publics}</p>
            {(!conditions.is_empty()).then(|| view! { <p><strong>{t_string!(i18n, service_conditions)}</strong> " " {conditions.clone()}</p> })}
            <p>{price} {v.pets.then(|| view! { " · " {t_string!(i18n, service_pets)} })}</p>
            <p class="muted">{text::fullness(i18n, v.fullness)}</p>
            {v.hours.clone().map(|days| view! {
                <details>
                    <summary>{t_string!(i18n, service_own_hours)}</summary>
                    <Week days />
                </details>
            })}
        </li>
    }
}

/// "This information is wrong": anyone, without an account; no name is kept.
#[component]
fn Report(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let error = refusal("report_error");
    let typed = query_param("note").unwrap_or_default();
    let message = field_message(i18n, &error, Field::Note).or_else(|| {
        error
            .as_ref()
            .filter(|e| !matches!(e, AppError::Validation(_)))
            .map(|e| text::error(i18n, e))
    });
    view! {
        <section id="report">
            <h2>{t_string!(i18n, report_title)}</h2>
            <form method="post" action=format!("/help/sites/{id}/report") class="stack" data-testid="report-form">
                <label>
                    {t_string!(i18n, report_note)}
                    <textarea name="note" rows="3" maxlength="500" required
                        aria-describedby="report-intro report-note-error" data-testid="report-note">{typed}</textarea>
                </label>
                <FieldMessage message id="report-note-error" />
                <p class="help" id="report-intro">{t_string!(i18n, report_intro)}</p>
                <button type="submit" data-testid="report-send">{t_string!(i18n, report_send)}</button>
            </form>
        </section>
    }
}

/// What the site's managers and moderators see: "checked", notices, reports.
#[component]
fn Manage(s: SiteView) -> impl IntoView {
    let i18n = use_i18n();
    let id = s.id;
    let error = refusal("notice_error");
    let typed = |name: &str| query_param(name).unwrap_or_default();
    let kind = typed("n_kind");
    let service = typed("n_service");
    let general = error
        .as_ref()
        .filter(|e| !matches!(e, AppError::Validation(_)))
        .map(|e| text::error(i18n, e));
    view! {
        <section class="manage stack" data-testid="site-manage">
            <h2>{t_string!(i18n, manage_title)}</h2>
            <p><a href=format!("/help/sites/{id}/edit") class="button" data-testid="site-edit">{t_string!(i18n, manage_edit)}</a></p>
            <Services s=s.clone() />
            <Stops s=s.clone() />
            <form method="post" action=format!("/help/sites/{id}/checked")>
                <button type="submit" data-testid="site-mark-checked">{t_string!(i18n, manage_checked)}</button>
            </form>
            {(!s.notices.is_empty()).then(|| view! {
                <ul class="stack">
                    {s.notices.iter().map(|n| view! {
                        <li class="row">
                            <span>{notice_kind(i18n, &n.kind)} " " {notice_when(i18n, n)}</span>
                            <form method="post" action=format!("/help/sites/{id}/notices/{}/remove", n.id)>
                                <button type="submit" class="link" data-testid="notice-remove">{t_string!(i18n, notice_remove)}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <form method="post" action=format!("/help/sites/{id}/notices") class="stack" data-testid="notice-form">
                <h3>{t_string!(i18n, notice_add)}</h3>
                {general.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <label>
                    {t_string!(i18n, notice_kind)}
                    <select name="kind" data-testid="notice-kind">
                        <option value="closure" selected=kind != "message">{t_string!(i18n, notice_closure)}</option>
                        <option value="message" selected=kind == "message">{t_string!(i18n, notice_message)}</option>
                    </select>
                </label>
                <FieldMessage message=field_message(i18n, &error, Field::Kind) id="notice-kind-error" />
                <label>
                    {t_string!(i18n, notice_service)}
                    <select name="service" data-testid="notice-service">
                        <option value="" selected=service.is_empty()>{t_string!(i18n, notice_whole_site)}</option>
                        {s.services.iter().map(|v| {
                            let value = v.id.to_string();
                            let selected = service == value;
                            view! { <option value=value selected=selected>{text::service_category(i18n, v.category)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t_string!(i18n, notice_from_label)}
                    <input type="date" name="from" required value=typed("n_from") data-testid="notice-from"
                        aria-describedby="notice-from-error" />
                </label>
                <FieldMessage message=field_message(i18n, &error, Field::StartsAt) id="notice-from-error" />
                <label>
                    {t_string!(i18n, notice_to_label)}
                    <input type="date" name="to" value=typed("n_to") data-testid="notice-to"
                        aria-describedby="notice-to-error" />
                </label>
                <FieldMessage message=field_message(i18n, &error, Field::EndsAt) id="notice-to-error" />
                <label>
                    {t_string!(i18n, notice_text)}
                    <input type="text" name="text" maxlength="300" value=typed("n_text") data-testid="notice-text"
                        aria-describedby="notice-text-error" />
                </label>
                <FieldMessage message=field_message(i18n, &error, Field::Message) id="notice-text-error" />
                <button type="submit" class="primary" data-testid="notice-submit">{t_string!(i18n, notice_add)}</button>
            </form>
            <h3>{t_string!(i18n, site_reports_title)}</h3>
            {if s.reports.is_empty() {
                view! { <p class="muted" data-testid="reports-none">{t_string!(i18n, reports_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="stack" data-testid="site-reports">
                        {s.reports.iter().map(|r| view! {
                            <li class="card" data-testid="site-report">
                                <p dir="auto">{r.note.clone()}</p>
                                <p class="muted" dir="ltr">{r.at.clone()}</p>
                                <form method="post" action=format!("/help/reports/{}/resolve", r.id)>
                                    <button type="submit" data-testid="report-resolve">{t_string!(i18n, report_resolve)}</button>
                                </form>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// The services of a site, to remove one or add one (managers and moderators).
#[component]
fn Services(s: SiteView) -> impl IntoView {
    use crate::domain::support::{
        Condition, Fullness, Price, Public, ServiceCategory, ServiceForm,
    };
    use crate::domain::vocab::Code;
    let i18n = use_i18n();
    let id = s.id;
    let error = refusal("service_error");
    let typed = typed_form::<ServiceForm>("s_form");
    let refused = typed.is_some();
    let f = typed.unwrap_or_else(|| ServiceForm {
        conditions: vec![Condition::Unconditional.code().to_owned()],
        ..Default::default()
    });
    let chosen = f.category.clone();
    let general = error
        .as_ref()
        .filter(|e| !matches!(e, AppError::Validation(_)))
        .map(|e| text::error(i18n, e));
    let fullness = f.fullness.clone();
    view! {
        {(!s.services.is_empty()).then(|| view! {
            <ul class="stack">
                {s.services.iter().map(|v| view! {
                    <li class="row">
                        <span>{text::service_category(i18n, v.category)}</span>
                        <form method="post" action=format!("/help/sites/{id}/services/{}/remove", v.id)>
                            <button type="submit" class="link" data-testid="service-remove">{t_string!(i18n, service_remove)}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
        })}
        <details open=error.is_some() || refused>
            <summary>{t_string!(i18n, service_add)}</summary>
            <form method="post" action=format!("/help/sites/{id}/services") class="stack" data-testid="service-form">
                {general.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <label>
                    {t_string!(i18n, service_kind)}
                    <select name="category" required data-testid="service-category">
                        {ServiceCategory::CHOICES.iter().map(|c| {
                            let c = *c;
                            view! { <option value=c.code() selected=chosen == c.code()>{text::service_category(i18n, c)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <FieldMessage message=field_message(i18n, &error, Field::Category) id="service-category-error" />
                <fieldset>
                    <legend>{t_string!(i18n, service_conditions)}</legend>
                    {Condition::CHOICES.iter().map(|c| {
                        let c = *c;
                        view! {
                            <label class="check">
                                <input type="checkbox" name="condition" value=c.code() checked=f.conditions.iter().any(|x| x == c.code()) />
                                {text::condition(i18n, c)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <fieldset>
                    <legend>{t_string!(i18n, service_for)}</legend>
                    <p class="help">{t_string!(i18n, service_publics_hint)}</p>
                    {Public::CHOICES.iter().map(|p| {
                        let p = *p;
                        view! {
                            <label class="check">
                                <input type="checkbox" name="public" value=p.code() checked=f.publics.iter().any(|x| x == p.code()) />
                                {text::public(i18n, p)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label class="check">
                    <input type="checkbox" name="pets" value="1" checked=f.pets />
                    {t_string!(i18n, service_pets)}
                </label>
                <label>
                    {t_string!(i18n, service_price)}
                    <select name="price">
                        <option value=Price::Free.code()>{t_string!(i18n, service_free)}</option>
                        <option value=Price::Symbolic.code() selected=f.price == Price::Symbolic.code()>{t_string!(i18n, service_symbolic)}</option>
                    </select>
                </label>
                <label>
                    {t_string!(i18n, service_fullness)}
                    <select name="fullness">
                        {Fullness::CHOICES.iter().map(|f| {
                            let (f, chosen) = (*f, fullness.clone());
                            view! { <option value=f.code() selected=chosen == f.code()>{text::fullness(i18n, f)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t_string!(i18n, service_note)}
                    <input type="text" name="note" maxlength="500" value=f.note.clone() />
                </label>
                <FieldMessage message=field_message(i18n, &error, Field::Note) id="service-note-error" />
                <details open=f.days.iter().any(|d| !d.trim().is_empty())>
                    <summary>{t_string!(i18n, service_own_hours)}</summary>
                    <fieldset>
                        <legend>{t_string!(i18n, service_own_hours)}</legend>
                        <p class="help" id="service-hours-hint">{t_string!(i18n, service_own_hours_hint)} " " {t_string!(i18n, hours_hint)}</p>
                        <FieldMessage message=field_message(i18n, &error, Field::Hours) id="service-hours-error" />
                        {(0..7u8).map(|i| view! {
                            <label>
                                {text::weekday(i18n, i)}
                                <input type="text" name=format!("day{i}") value=f.days[i as usize].clone()
                                    aria-describedby="service-hours-hint" dir="ltr" data-testid=format!("service-day{i}") />
                            </label>
                        }).collect_view()}
                    </fieldset>
                </details>
                <button type="submit" data-testid="service-submit">{t_string!(i18n, service_add)}</button>
            </form>
        </details>
    }
}

/// The stops of a mobile site (a food van, a street team): where and when it can be found, to
/// remove one or add one (managers and moderators).
#[component]
fn Stops(s: SiteView) -> impl IntoView {
    use crate::domain::support::StopForm;
    let i18n = use_i18n();
    let id = s.id;
    let error = refusal("stop_error");
    let typed = typed_form::<StopForm>("t_form");
    let refused = typed.is_some() || error.is_some();
    let f = typed.unwrap_or_default();
    let general = error
        .as_ref()
        .filter(|e| !matches!(e, AppError::Validation(_)))
        .map(|e| text::error(i18n, e));
    view! {
        {(!s.stops.is_empty()).then(|| view! {
            <ul class="stack" data-testid="manage-stops">
                {s.stops.iter().map(|st| view! {
                    <li class="row">
                        <span>{text::weekday(i18n, st.weekday)} " " <bdi dir="ltr">{format!("{}–{}", st.start, st.end)}</bdi> " " <bdi>{st.place.clone()}</bdi></span>
                        <form method="post" action=format!("/help/sites/{id}/stops/{}/remove", st.id)>
                            <button type="submit" class="link" data-testid="stop-remove">{t_string!(i18n, stop_remove)}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
        })}
        <details open=refused>
            <summary>{t_string!(i18n, stop_add)}</summary>
            <form method="post" action=format!("/help/sites/{id}/stops") class="stack" data-testid="stop-form">
                {general.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <label>
                    {t_string!(i18n, stop_place)}
                    <input type="text" name="place" required maxlength="200" value=f.place.clone() data-testid="stop-place" />
                </label>
                <FieldMessage message=field_message(i18n, &error, Field::Address) id="stop-place-error" />
                <fieldset>
                    <legend>{t_string!(i18n, field_point)}</legend>
                    <p class="help">{t_string!(i18n, point_hint)}</p>
                    <div class="row">
                        <label>
                            {t_string!(i18n, field_lat)}
                            <input type="text" inputmode="decimal" name="lat" required value=f.lat.clone() dir="ltr" data-testid="stop-lat" />
                        </label>
                        <label>
                            {t_string!(i18n, field_lng)}
                            <input type="text" inputmode="decimal" name="lng" required value=f.lng.clone() dir="ltr" data-testid="stop-lng" />
                        </label>
                    </div>
                    <FieldMessage message=field_message(i18n, &error, Field::Location) id="stop-point-error" />
                </fieldset>
                <label>
                    {t_string!(i18n, stop_day)}
                    <select name="weekday" data-testid="stop-day">
                        {(0..7u8).map(|d| view! {
                            <option value=d.to_string() selected=f.weekday == d.to_string()>{text::weekday(i18n, d)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <div class="row">
                    <label>
                        {t_string!(i18n, stop_start)}
                        <input type="text" name="start" required value=f.start.clone() dir="ltr" size="6" data-testid="stop-start" />
                    </label>
                    <label>
                        {t_string!(i18n, stop_end)}
                        <input type="text" name="end" required value=f.end.clone() dir="ltr" size="6" data-testid="stop-end" />
                    </label>
                </div>
                <FieldMessage message=field_message(i18n, &error, Field::Hours) id="stop-hours-error" />
                <button type="submit" data-testid="stop-submit">{t_string!(i18n, stop_add)}</button>
            </form>
        </details>
    }
}
