//! "Draw lots at a deadline" on a listing's page: for its author, the form that starts a draw
//! (or the button that goes back to choosing by hand); for everyone, the deadline and the
//! number of entries; once drawn, the seed and, for each entrant, their ticket and place, so
//! the draw can be checked.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::draws::{CancelDraw, DrawLots};
use crate::domain::AppError;
use crate::domain::draw::{DrawForm, DrawInfo, DrawView, MAX_WINNERS, MyDraw};
use crate::domain::error::Field;
use crate::i18n::*;
use crate::ui::components::field_error::{FieldError, error_id, is_invalid};
use crate::ui::text;

/// The deadlines offered, in days.
const DAY_CHOICES: [i64; 6] = [1, 2, 3, 5, 7, 14];

/// For everyone: the draw under way or done, if there is one. `info` is read by the page's
/// island (the proposals also need to know whether a draw is pending).
#[component]
pub fn DrawPanel(
    info: Signal<Option<Result<DrawInfo, AppError>>>,
    cancel: Command<CancelDraw>,
    is_mine: bool,
) -> impl IntoView {
    move || match info.get() {
        Some(Ok(DrawInfo {
            draw: Some(draw), ..
        })) => view! { <DrawState draw cancel is_mine /> }.into_any(),
        _ => ().into_any(),
    }
}

/// For the author, when no draw is under way: the form that starts one.
#[component]
pub fn StartDrawPanel(
    listing_id: i64,
    info: Signal<Option<Result<DrawInfo, AppError>>>,
    start: Command<DrawLots>,
) -> impl IntoView {
    move || match info.get() {
        Some(Ok(DrawInfo {
            draw: None,
            may_start: true,
            ..
        })) => view! { <StartDraw listing_id start /> }.into_any(),
        _ => ().into_any(),
    }
}

#[component]
fn StartDraw(listing_id: i64, start: Command<DrawLots>) -> impl IntoView {
    let i18n = use_i18n();
    let form = DrawForm::default();
    let days = RwSignal::new(form.days);
    let winners = RwSignal::new(form.winners);
    let error = Signal::derive(move || start.value().get().and_then(Result::err));
    view! {
        <details class="draw" data-testid="draw-start">
            <summary>{t_string!(i18n, draw_heading)}</summary>
            <p>{t_string!(i18n, draw_intro)}</p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                start.dispatch(DrawLots {
                    listing_id,
                    form: DrawForm { days: days.get_untracked(), winners: winners.get_untracked() },
                });
            }>
                <label for="draw-days">{t_string!(i18n, draw_deadline_label)}</label>
                <select id="draw-days" data-testid="draw-days"
                    aria-invalid=move || is_invalid(error.get(), Field::DrawDays).to_string()
                    aria-describedby=error_id(Field::DrawDays)
                    on:change=move |ev| days.set(event_target_value(&ev))>
                    {DAY_CHOICES.iter().map(|&n| {
                        let value = n.to_string();
                        view! {
                            <option value=n.to_string() selected=move || days.get() == value>
                                {move || t_string!(i18n, draw_in_days, count = n).to_string()}
                            </option>
                        }
                    }).collect_view()}
                </select>
                <FieldError error field=Field::DrawDays />
                <label for="draw-winners">{t_string!(i18n, draw_winners_label)}</label>
                <input id="draw-winners" type="number" min="1" max=MAX_WINNERS.to_string()
                    inputmode="numeric" data-testid="draw-winners"
                    aria-invalid=move || is_invalid(error.get(), Field::Winners).to_string()
                    aria-describedby=error_id(Field::Winners)
                    prop:value=move || winners.get()
                    on:input=move |ev| winners.set(event_target_value(&ev)) />
                <FieldError error field=Field::Winners />
                {move || error.get().filter(|e| e.field_errors().is_empty()).map(|e| view! {
                    <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                })}
                <p><button type="submit" class="primary" data-testid="draw-submit"
                    disabled=move || start.pending().get()>{t_string!(i18n, draw_start)}</button></p>
            </form>
        </details>
    }
}

#[component]
fn DrawState(draw: DrawView, cancel: Command<CancelDraw>, is_mine: bool) -> impl IntoView {
    let i18n = use_i18n();
    let listing_id = draw.listing_id;
    let (deadline, winners, entries) = (draw.deadline, draw.winners, draw.entries_so_far);
    let when = text::date_time(deadline);
    let closed = draw.result.is_none() && draw.closed;
    let body = match draw.result {
        None => view! {
            <p data-testid="draw-pending">{t_string!(i18n, draw_pending, date = when.clone())}</p>
            <p data-testid="draw-entries">{t_string!(i18n, draw_entries, entries = entries, winners = winners)}</p>
            {is_mine.then(|| view! {
                <p class="muted">{t_string!(i18n, draw_author_wait)}</p>
                <p><button type="button" class="secondary" data-testid="draw-cancel"
                    on:click=move |_| { cancel.dispatch(CancelDraw { listing_id }); }>
                    {t_string!(i18n, draw_cancel)}
                </button></p>
                {move || cancel.value().get().and_then(Result::err).map(|e| view! {
                    <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                })}
            })}
        }
        .into_any(),
        Some(result) => {
            let done = text::date_time(result.drawn_at);
            let total = result.entries;
            view! {
                <p data-testid="draw-done">{t_string!(i18n, draw_done, date = done, entries = total, winners = winners)}</p>
                {match result.mine {
                    MyDraw::Won => view! { <p class="notice" data-testid="draw-won">{t_string!(i18n, draw_won)}</p> }.into_any(),
                    MyDraw::Lost => view! { <p class="notice" data-testid="draw-lost">{t_string!(i18n, draw_lost)}</p> }.into_any(),
                    MyDraw::NotEntered => ().into_any(),
                }}
                <details data-testid="draw-check">
                    <summary>{t_string!(i18n, draw_check)}</summary>
                    <p>{t_string!(i18n, draw_rule)}</p>
                    <p>{t_string!(i18n, draw_seed)} " " <code dir="ltr" data-testid="draw-seed">{result.seed.clone()}</code></p>
                    {result.my_ticket.clone().map(|(id, ticket)| {
                        let rank = result.my_rank.unwrap_or_default();
                        view! {
                            <p>{t_string!(i18n, draw_my_ticket, id = id, rank = rank)} " "
                                <code dir="ltr" class="ticket" data-testid="draw-ticket">{ticket}</code></p>
                        }
                    })}
                </details>
            }
            .into_any()
        }
    };
    view! {
        <section class="draw notice-box" aria-labelledby="draw-heading" data-testid="draw">
            <h2 id="draw-heading">{t_string!(i18n, draw_heading)}</h2>
            {body}
            {closed.then(|| view! { <p class="muted">{t_string!(i18n, draw_closed)}</p> })}
        </section>
    }
}
