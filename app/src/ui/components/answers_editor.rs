//! The accessibility questions of a venue, each answered yes / no / I don't know (or with a
//! number). What is chosen lives in one signal owned by the page, so a refused submission or a
//! refresh loses nothing.

use leptos::prelude::*;

use super::field_error::{FieldError, error_id};
use crate::domain::accessibility::{AnswerKind, Question};
use crate::domain::vocab::Code;
use crate::domain::{AppError, Field};
use crate::i18n::*;
use crate::ui::text;

/// Answers as typed, by question code: `yes`, `no`, `unknown` or a number.
pub type Typed = RwSignal<Vec<(String, String)>>;

/// The typed answer to `question` (`unknown` when none).
pub fn typed_answer(typed: Typed, question: Question) -> String {
    typed
        .read()
        .iter()
        .find(|(q, _)| q == question.code())
        .map(|(_, a)| a.clone())
        .unwrap_or_else(|| "unknown".into())
}

fn set_answer(typed: Typed, question: Question, value: String) {
    typed.update(|v| {
        v.retain(|(q, _)| q != question.code());
        v.push((question.code().to_owned(), value));
    });
}

#[component]
pub fn AnswersEditor(typed: Typed, #[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="answers stack" data-testid="answers-editor">
            {Question::CHOICES.iter().map(|q| {
                let q = *q;
                let code = q.code();
                match q.kind() {
                    AnswerKind::YesNo => {
                        let radio = move |value: &'static str, label: AnyView| view! {
                            <label class="choice">
                                <input type="radio" name=format!("q-{code}") value=value
                                    prop:checked=move || typed_answer(typed, q) == value
                                    on:change=move |_| set_answer(typed, q, value.to_owned()) />
                                <span>{label}</span>
                            </label>
                        };
                        view! {
                            <fieldset class="question" data-question=code>
                                <legend>{move || text::question(i18n, q)}</legend>
                                <div class="choices">
                                    {radio("yes", t_string!(i18n, answer_yes).into_any())}
                                    {radio("no", t_string!(i18n, answer_no).into_any())}
                                    {radio("unknown", t_string!(i18n, answer_unknown).into_any())}
                                </div>
                            </fieldset>
                        }.into_any()
                    }
                    AnswerKind::Number { max, .. } => {
                        let value = move || {
                            let a = typed_answer(typed, q);
                            if a == "unknown" { String::new() } else { a }
                        };
                        view! {
                            <label class="question" data-question=code>
                                <span>{move || text::question(i18n, q)}</span>
                                <input type="number" inputmode="numeric" min="0" max=max.to_string()
                                    name=format!("q-{code}") prop:value=value
                                    aria-describedby=error_id(Field::Answer)
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        let v = if v.trim().is_empty() { "unknown".to_owned() } else { v };
                                        set_answer(typed, q, v);
                                    } />
                            </label>
                        }.into_any()
                    }
                }
            }).collect_view()}
            <p class="help">{t_string!(i18n, answers_help)}</p>
            <FieldError error field=Field::Answer />
            <FieldError error field=Field::Question />
        </div>
    }
}
