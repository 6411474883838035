//! A venue's page: what it is, its accessibility for each kind of need in plain words (computed
//! here from the answers, by the same rules as everywhere), who said what and when, and the form
//! to add or correct information.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::venues::{AnswerVenue, ClaimVenue, ReleaseVenue, RemoveVenue, venue};
use crate::domain::accessibility::{Check, Need, rule, summary, wheelchair_grade};
use crate::domain::venue::{GivenAnswer, VenueView, answer_code};
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::components::answers_editor::AnswersEditor;
use crate::ui::components::field_error::FormError;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::place_field::SubmitButton;
use crate::ui::html::Html;
use crate::ui::text;

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn VenuePage() -> impl IntoView {
    let id = super::use_id_param();
    view! { <VenuePageIsland id /> }
}

/// The page as one lazy island: saving answers reads the venue again, and the summaries, the
/// form and the history change together. Its code loads only on venue pages.
#[island(lazy)]
fn VenuePageIsland(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let id = Signal::stored(id);
    let save = Command::<AnswerVenue>::new();
    let page = Resource::new(
        move || (id.get(), save.version().get()),
        |(id, _)| venue(id),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
            {move || page.get().map(|r| match r {
                Ok(v) => view! { <Venue v save /> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{move || text::error(i18n, &e)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Venue(v: VenueView, save: Command<AnswerVenue>) -> impl IntoView {
    let i18n = use_i18n();
    let title = v.name.clone();
    let about = v.clone();
    let history = v.clone();
    view! {
        <PageMeta title />
        <article class="narrow venue" data-testid="venue">
            <div inner_html=move || describe(i18n, &about) />
            <Premises v=v.clone() />
            {(!v.hosts.is_empty()).then(|| view! {
                <ul class="owner-actions" data-testid="hold-here">
                    {v.hosts.iter().map(|(association, name)| {
                        let href = format!("/associations/{association}/activities/new?venue={}", v.id);
                        let name = name.clone();
                        view! {
                            <li><a class="button" href=href>{move || t_string!(i18n, venue_hold_here, name = name.clone()).to_string()}</a></li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {v.can_remove.then(|| view! { <RemovePlace id=v.id /> })}
            <Contribute v save />
            <div inner_html=move || history_html(i18n, &history) />
        </article>
    }
}

/// Whose premises the place is; a manager says it is their association's, or no longer.
#[component]
fn Premises(v: VenueView) -> impl IntoView {
    let i18n = use_i18n();
    let claim = Command::<ClaimVenue>::new();
    let release = Command::<ReleaseVenue>::new();
    let id = v.id;
    let error = Signal::derive(move || {
        claim
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| release.value().get().and_then(Result::err))
    });
    // The page is read again once it changed.
    Effect::new(move |_| {
        let done = matches!(claim.value().get(), Some(Ok(())))
            || matches!(release.value().get(), Some(Ok(())));
        if done {
            crate::ui::nav::go(&format!("/venues/{id}"));
        }
    });
    let busy = move || claim.pending().get() || release.pending().get();
    view! {
        <div data-testid="premises-panel">
            <FormError error />
            {match v.premises_of.clone() {
                Some((association, name)) => view! {
                    <p data-testid="premises">
                        {t_string!(i18n, premises_of)} " "
                        <a href=format!("/associations/{association}")><bdi>{name}</bdi></a>
                    </p>
                    {v.can_release.then(|| view! {
                        <button type="button" class="secondary" data-testid="release-premises" disabled=busy
                            on:click=move |_| { release.dispatch(ReleaseVenue { id }); }>
                            {t_string!(i18n, release_premises)}
                        </button>
                    })}
                }.into_any(),
                None => v.hosts.iter().map(|(association, name)| {
                    let (association, name) = (*association, name.clone());
                    view! {
                        <p>
                            <button type="button" class="secondary" data-testid="claim-premises" disabled=busy
                                on:click=move |_| { claim.dispatch(ClaimVenue { id, association_id: association }); }>
                                {move || t_string!(i18n, claim_premises, name = name.clone()).to_string()}
                            </button>
                        </p>
                    }
                }).collect_view().into_any(),
            }}
        </div>
    }
}

/// A moderator's "remove this place", asked twice; the list of places opens once it is gone.
#[component]
fn RemovePlace(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let remove = Command::<RemoveVenue>::new();
    let confirming = RwSignal::new(false);
    let error = Signal::derive(move || remove.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            crate::ui::nav::go("/venues");
        }
    });
    view! {
        <div class="owner-actions" data-testid="remove-place">
            <FormError error />
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="danger" data-testid="remove-venue" on:click=move |_| confirming.set(true)>
                    {t_string!(i18n, remove_venue)}
                </button>
            }>
                <p>{t_string!(i18n, remove_venue_question)}</p>
                <button type="button" class="danger" data-testid="remove-venue-confirm"
                    disabled=move || remove.pending().get()
                    on:click=move |_| { remove.dispatch(RemoveVenue { id }); }>
                    {t_string!(i18n, remove_venue_confirm)}
                </button>
                <button type="button" on:click=move |_| confirming.set(false)>{t_string!(i18n, cancel)}</button>
            </Show>
        </div>
    }
}

/// What the venue is and its accessibility per need, with the criteria behind each level and
/// who answered what (see `ui::html` for why this is text).
fn describe(i18n: I18n, v: &VenueView) -> String {
    let current = v.current();
    let grade = wheelchair_grade(&current);
    let mut h = Html::new();
    h.el("h1", &[("dir", "auto")], &v.name);
    h.el("p", &[("class", "muted")], &text::venue_kind(i18n, v.kind));
    h.open("dl", &[("class", "facts")]);
    h.el("dt", &[], t_string!(i18n, field_public_address));
    h.open("dd", &[]).el("bdi", &[], &v.address).close("dd");
    if !v.website.is_empty() {
        h.el("dt", &[], t_string!(i18n, field_website));
        h.open("dd", &[])
            .el(
                "a",
                &[
                    ("href", &v.website),
                    ("rel", "nofollow noopener"),
                    ("dir", "ltr"),
                ],
                &v.website,
            )
            .close("dd");
    }
    if !v.hours.is_empty() {
        h.el("dt", &[], t_string!(i18n, field_hours));
        h.el("dd", &[("dir", "auto")], &v.hours);
    }
    h.close("dl");
    h.el("h2", &[], t_string!(i18n, venue_accessibility));
    h.open("p", &[])
        .el(
            "a",
            &[("href", "/accessibility")],
            t_string!(i18n, a11y_link),
        )
        .close("p");
    h.open("dl", &[("class", "facts")]);
    h.el("dt", &[], t_string!(i18n, a11y_grade_heading));
    let grade_word = match grade {
        Some(g) => text::wheelchair_grade(i18n, g),
        None => t_string!(i18n, level_unknown).to_string(),
    };
    h.open(
        "dd",
        &[
            ("data-testid", "wheelchair-grade"),
            ("data-grade", grade.map(|g| g.code()).unwrap_or("unknown")),
        ],
    )
    .el("strong", &[], &grade_word)
    .close("dd");
    h.close("dl");
    h.el("p", &[("class", "help")], t_string!(i18n, venue_needs_help));
    for n in Need::CHOICES {
        let s = summary(&current, *n);
        let r = rule(*n);
        h.open(
            "details",
            &[
                ("class", "need"),
                ("data-testid", "need-summary"),
                ("data-need", n.code()),
                ("data-level", s.level.code()),
            ],
        );
        h.open("summary", &[]).open("h3", &[]);
        h.text(&text::need(i18n, *n)).text(" — ");
        h.el(
            "span",
            &[("class", &format!("level level-{}", s.level.code()))],
            &text::level(i18n, s.level),
        );
        h.close("h3").close("summary");
        h.open("ul", &[("class", "criteria")]);
        let all = r.required.iter().map(|c| (c, true));
        for (c, required) in all.chain(r.suggested.iter().map(|c| (c, false))) {
            let check = c.check(&current);
            let (mark, code, word) = match check {
                Check::Met => ("✓", "met", t_string!(i18n, check_met).to_string()),
                Check::NotMet => ("✗", "not_met", t_string!(i18n, check_not_met).to_string()),
                Check::Unknown => ("?", "unknown", t_string!(i18n, check_unknown).to_string()),
            };
            h.open("li", &[("data-check", code)]);
            h.el("span", &[("class", "mark"), ("aria-hidden", "true")], mark);
            h.el("span", &[("class", "visually-hidden")], &word);
            h.text(" ").text(&text::criterion(i18n, *c));
            if !required {
                h.el(
                    "span",
                    &[("class", "muted")],
                    &format!(" ({})", t_string!(i18n, a11y_suggested_short)),
                );
            }
            for q in c.questions() {
                if let Some(a) = v.answers.iter().find(|a| a.question == q) {
                    answered(i18n, &mut h, a);
                }
            }
            h.close("li");
        }
        h.close("ul").close("details");
    }
    h.finish()
}

/// " — Yes, Amina, 2026-12-03", and "possibly out of date" when it is.
fn answered(i18n: I18n, h: &mut Html, a: &GivenAnswer) {
    h.open("span", &[("class", "muted by")]);
    h.text(" — ").text(&text::answer(i18n, a.answer)).text(", ");
    h.el("bdi", &[], &text::person(i18n, &a.by_name))
        .text(", ")
        .text(&text::date(a.at));
    if a.stale {
        h.text(" ").el(
            "strong",
            &[("class", "stale")],
            t_string!(i18n, possibly_out_of_date),
        );
    }
    h.close("span");
}

/// Every answer given, newest first.
fn history_html(i18n: I18n, v: &VenueView) -> String {
    let mut h = Html::new();
    h.open(
        "details",
        &[("class", "history"), ("data-testid", "history")],
    );
    h.el(
        "summary",
        &[],
        &t_string!(i18n, answers_history, count = v.history.len()).to_string(),
    );
    h.open("ol", &[]);
    for a in &v.history {
        h.open("li", &[]);
        h.text(&text::question(i18n, a.question)).text(": ");
        h.el("strong", &[], &text::answer(i18n, a.answer));
        h.text(" — ");
        h.el("bdi", &[], &text::person(i18n, &a.by_name))
            .text(", ")
            .text(&text::date(a.at));
        h.close("li");
    }
    h.close("ol").close("details");
    h.finish()
}

/// "Add or correct information": the questions with the current answers chosen.
#[component]
fn Contribute(v: VenueView, save: Command<AnswerVenue>) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(
        v.answers
            .iter()
            .map(|a| (a.question.code().to_owned(), answer_code(a.answer)))
            .collect::<Vec<_>>(),
    );
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || save.value().get().and_then(Result::ok);
    let id = v.id;
    view! {
        <section aria-labelledby="contribute">
            <h2 id="contribute">{t_string!(i18n, add_or_correct)}</h2>
            <p role="status" data-testid="answers-saved">{move || saved().map(|n| {
                if n == 0 {
                    t_string!(i18n, answers_unchanged).to_string()
                } else {
                    t_string!(i18n, answers_saved, count = n).to_string()
                }
            })}</p>
            {if v.can_answer {
                view! {
                    <form class="stack" data-testid="answers-form" novalidate on:submit=move |ev| {
                        ev.prevent_default();
                        save.dispatch(AnswerVenue { id, answers: typed.get_untracked() });
                    }>
                        <FormError error />
                        <AnswersEditor typed error />
                        <SubmitButton pending=save.pending() new_label=None />
                    </form>
                }.into_any()
            } else {
                view! { <LoginPrompt /> }.into_any()
            }}
        </section>
    }
}
