//! An action that may carry a message to the other person: "Decline" (why) and "Dispute" (what
//! went wrong). The first click opens a short form; the message is optional and lands in the
//! conversation with the change.

use leptos::prelude::*;

use crate::api::exchanges::ActOnExchange;
use crate::domain::exchange::{ExchangeAction, MAX_MESSAGE_CHARS};
use crate::i18n::*;
use crate::ui::text;

#[component]
pub fn NoteAction(
    id: i64,
    action: ExchangeAction,
    act: ServerAction<ActOnExchange>,
    /// The button's text, in the page's language.
    label: Signal<String>,
    /// What the message box asks for.
    hint: Signal<String>,
    class: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let message = RwSignal::new(String::new());
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
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class=class data-testid=testid
                    on:click=move |_| open.set(true)>
                    {move || label.get()}
                </button>
            }
        >
            <form class="note-action" data-testid=format!("{testid}-form") on:submit=move |ev| {
                ev.prevent_default();
                act.dispatch(ActOnExchange { id, action, message: Some(message.get_untracked()) });
            }>
                <label for=box_id.clone()>{move || hint.get()}</label>
                <textarea id=box_id.clone() rows="2" maxlength=MAX_MESSAGE_CHARS.to_string() dir="auto"
                    data-testid=format!("{testid}-message")
                    prop:value=move || message.get()
                    on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                {move || field_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <div class="row">
                    <button type="submit" class=class data-testid=format!("{testid}-confirm")
                        disabled=move || act.pending().get()>
                        {move || label.get()}
                    </button>
                    <button type="button" class="link-button" on:click=move |_| open.set(false)>
                        {t!(i18n, back)}
                    </button>
                </div>
            </form>
        </Show>
    }
}
