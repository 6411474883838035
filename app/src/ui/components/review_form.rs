//! The review left after a completed exchange: a rating, a short public comment, and an
//! optional private reason that only moderators see.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::exchanges::LeaveReview;
use crate::domain::error::Field;
use crate::domain::exchange::{MAX_REVIEW_CHARS, ReviewForm};
use crate::i18n::*;
use crate::ui::components::field_error::FieldError;
use crate::ui::text;

#[component]
pub fn ReviewFormView(id: i64, other: String, action: Command<LeaveReview>) -> impl IntoView {
    let i18n = use_i18n();
    let rating = RwSignal::new(String::from("5"));
    let comment = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <form class="review" data-testid="review-form" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(LeaveReview {
                id,
                form: ReviewForm {
                    rating: rating.get_untracked(),
                    comment: comment.get_untracked(),
                    private_reason: reason.get_untracked(),
                },
            });
        }>
            <h2>{t_string!(i18n, review_title, name = other.clone())}</h2>
            <fieldset>
                <legend>{t_string!(i18n, review_rating)}</legend>
                <div class="row">
                    {(1..=5).map(|n| view! {
                        <label class="choice">
                            <input type="radio" name="rating" value=n.to_string()
                                prop:checked=move || rating.get() == n.to_string()
                                on:change=move |_| rating.set(n.to_string()) />
                            {"★".repeat(n)}
                            <span class="visually-hidden">{n}</span>
                        </label>
                    }).collect_view()}
                </div>
                <FieldError error field=Field::Rating />
            </fieldset>
            <label for="review-comment">{t_string!(i18n, review_comment)}</label>
            <textarea id="review-comment" rows="2" maxlength=MAX_REVIEW_CHARS.to_string() dir="auto"
                data-testid="review-comment"
                prop:value=move || comment.get()
                on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            <FieldError error field=Field::Comment />
            <label for="review-reason">{t_string!(i18n, review_private_reason)}</label>
            <select id="review-reason" data-testid="review-reason"
                on:change=move |ev| reason.set(event_target_value(&ev))>
                <option value="" selected>{t_string!(i18n, review_reason_none)}</option>
                <option value="no_show">{t_string!(i18n, review_reason_no_show)}</option>
                <option value="late">{t_string!(i18n, review_reason_late)}</option>
                <option value="rude">{t_string!(i18n, review_reason_rude)}</option>
            </select>
            <p class="muted">{t_string!(i18n, review_private_note)}</p>
            <FieldError error field=Field::PrivateReason />
            {move || action.value().get().and_then(Result::err).filter(|e| e.field_errors().is_empty()).map(|e| view! {
                <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
            })}
            <button type="submit" class="primary" data-testid="review-submit">{t_string!(i18n, review_submit)}</button>
        </form>
    }
}
