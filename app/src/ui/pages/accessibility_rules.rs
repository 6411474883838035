//! "How accessibility is rated", written from the rules the app applies
//! (`domain::accessibility`), so the page cannot drift from the code. Read-only text, written
//! with `ui::html` (see there why).

use leptos::prelude::*;

use crate::domain::accessibility::{Criterion, Need, Question, STALE_AFTER_DAYS, rule};
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::html::Html;
use crate::ui::text;

#[component]
pub fn AccessibilityRulesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta title=t_string!(i18n, a11y_rules_title).to_string() />
        <div class="narrow prose">
            <div data-testid="accessibility-rules" inner_html=move || rules(i18n) />
            <p class="row">
                <a href="/venues" class="button primary">{t_string!(i18n, venues_title)}</a>
                <a href="/venues/new" class="button">{t_string!(i18n, new_venue_title)}</a>
            </p>
        </div>
    }
}

fn rules(i18n: leptos_i18n::I18nContext<Locale>) -> String {
    let mut h = Html::new();
    let criteria = |h: &mut Html, list: &[Criterion]| {
        h.open("ul", &[]);
        for c in list {
            h.el("li", &[], &text::criterion(i18n, *c));
        }
        h.close("ul");
    };
    h.el("h1", &[], t_string!(i18n, a11y_rules_title));
    h.el("p", &[], t_string!(i18n, a11y_rules_intro));
    h.open("p", &[])
        .el("strong", &[], t_string!(i18n, a11y_rules_unknown))
        .close("p");
    h.el("h2", &[], t_string!(i18n, a11y_levels_heading));
    h.open("dl", &[("class", "levels")]);
    for (level, rule) in [
        (
            t_string!(i18n, level_accessible).to_string(),
            t_string!(i18n, a11y_level_accessible_rule).to_string(),
        ),
        (
            t_string!(i18n, level_partly).to_string(),
            t_string!(i18n, a11y_level_partly_rule).to_string(),
        ),
        (
            t_string!(i18n, level_not_accessible).to_string(),
            t_string!(i18n, a11y_level_not_rule).to_string(),
        ),
        (
            t_string!(i18n, level_unknown).to_string(),
            t_string!(i18n, a11y_level_unknown_rule).to_string(),
        ),
    ] {
        h.el("dt", &[], &level).el("dd", &[], &rule);
    }
    h.close("dl");
    h.el("h2", &[], t_string!(i18n, a11y_needs_heading));
    for n in Need::CHOICES {
        let r = rule(*n);
        h.open(
            "section",
            &[("data-testid", "need-rule"), ("data-need", n.code())],
        );
        h.el("h3", &[], &text::need(i18n, *n));
        h.el("h4", &[], t_string!(i18n, a11y_required));
        criteria(&mut h, r.required);
        h.el("h4", &[], t_string!(i18n, a11y_suggested));
        criteria(&mut h, r.suggested);
        h.close("section");
    }
    h.el("h2", &[], t_string!(i18n, a11y_grade_heading));
    h.el("p", &[], t_string!(i18n, a11y_grade_rule));
    h.el("h2", &[], t_string!(i18n, a11y_questions_heading));
    h.el("p", &[], t_string!(i18n, a11y_questions_intro));
    h.open("table", &[("class", "rules"), ("data-testid", "questions")]);
    h.open("thead", &[]).open("tr", &[]);
    h.el("th", &[], t_string!(i18n, a11y_question));
    h.el("th", &[], t_string!(i18n, a11y_column));
    h.close("tr").close("thead").open("tbody", &[]);
    for q in Question::CHOICES {
        h.open("tr", &[]).el("td", &[], &text::question(i18n, *q));
        h.open("td", &[]);
        match q.acceslibre() {
            Some((column, Some(kind))) => {
                h.el("code", &[("dir", "ltr")], &format!("{column}: {kind}"));
            }
            Some((column, None)) => {
                h.el("code", &[("dir", "ltr")], column);
            }
            None => {
                h.text(t_string!(i18n, a11y_not_in_acceslibre));
            }
        }
        h.close("td").close("tr");
    }
    h.close("tbody").close("table");
    h.el(
        "p",
        &[],
        &t_string!(i18n, a11y_stale, years = STALE_AFTER_DAYS / 365).to_string(),
    );
    h.finish()
}
