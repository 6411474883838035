//! An action that may carry a message to the other person: "Decline" (why) and "Dispute" (what
//! went wrong). The first click opens a short form; the message is optional and lands in the
//! conversation with the change.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::exchanges::ActOnExchange;
use crate::domain::exchange::{ExchangeAction, MAX_MESSAGE_CHARS};
use crate::i18n::*;
use crate::ui::text;

/// The note forms a person has opened on a page, and what they typed, by exchange and action.
/// Provided by the page above its `Suspense` ([`provide_note_drafts`]): the page renders its
/// exchanges again when the other person acts or writes, and a form that kept its own state
/// would close under the person's fingers and lose what they were typing.
#[derive(Clone, Copy)]
pub struct NoteDrafts(RwSignal<HashMap<(i64, &'static str), String>>);

/// Called by a page that shows note actions, above its `Suspense`.
pub fn provide_note_drafts() {
    provide_context(NoteDrafts(RwSignal::new(HashMap::new())));
}

#[component]
pub fn NoteAction(
    id: i64,
    action: ExchangeAction,
    act: Command<ActOnExchange>,
    /// The button's text, in the page's language.
    label: Signal<String>,
    /// What the message box asks for.
    hint: Signal<String>,
    class: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    // Without a page's store (a page that does not re-render), one of its own.
    let drafts = use_context::<NoteDrafts>()
        .unwrap_or_else(|| NoteDrafts(RwSignal::new(HashMap::new())))
        .0;
    let key = (id, testid);
    let open = move || drafts.with(|d| d.contains_key(&key));
    let message = move || drafts.with(|d| d.get(&key).cloned().unwrap_or_default());
    let set_open = move |yes: bool| {
        drafts.update(|d| {
            if yes {
                d.entry(key).or_default();
            } else {
                d.remove(&key);
            }
        });
    };
    let box_id = format!("{testid}-note-{id}");
    let field_error = move || {
        act.value().get().and_then(Result::err).and_then(|e| {
            e.field_errors()
                .first()
                .map(|f| text::field_error(i18n, f.code))
        })
    };
    view! {
        <Show
            when=open
            fallback=move || view! {
                <button type="button" class=class data-testid=testid
                    on:click=move |_| set_open(true)>
                    {move || label.get()}
                </button>
            }
        >
            <form class="note-action" data-testid=format!("{testid}-form") on:submit=move |ev| {
                ev.prevent_default();
                act.dispatch(ActOnExchange { id, action, message: Some(untrack(message)) });
            }>
                <label for=box_id.clone()>{move || hint.get()}</label>
                <textarea id=box_id.clone() rows="2" maxlength=MAX_MESSAGE_CHARS.to_string() dir="auto"
                    data-testid=format!("{testid}-message")
                    prop:value=message
                    on:input=move |ev| { let text = event_target_value(&ev); drafts.update(|d| { d.insert(key, text); }); }></textarea>
                {move || field_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <div class="row">
                    <button type="submit" class=class data-testid=format!("{testid}-confirm")
                        disabled=move || act.pending().get()>
                        {move || label.get()}
                    </button>
                    <button type="button" class="link-button" on:click=move |_| set_open(false)>
                        {t_string!(i18n, back)}
                    </button>
                </div>
            </form>
        </Show>
    }
}
