//! The message under a refused form field.

use leptos::prelude::*;

use crate::domain::{AppError, Field};
use crate::i18n::*;
use crate::ui::text;

/// The id the field's `aria-describedby` points at.
pub fn error_id(field: Field) -> String {
    format!("err-{field:?}").to_ascii_lowercase()
}

/// Whether `error` refuses `field` (for `aria-invalid`).
pub fn is_invalid(error: Option<AppError>, field: Field) -> bool {
    error.is_some_and(|e| e.field_errors().iter().any(|f| f.field == field))
}

/// Shows the translated reason `field` was refused, if it was.
#[component]
pub fn FieldError(error: Signal<Option<AppError>>, field: Field) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        error.get().and_then(|e| {
            e.field_errors()
                .iter()
                .find(|f| f.field == field)
                .map(|f| text::field_error(i18n, f.code))
        })
    };
    view! {
        <p class="field-error" id=error_id(field) role="alert" hidden=move || message().is_none()>
            {message}
        </p>
    }
}

/// The banner above a form when it was refused as a whole (or to point at field errors).
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || error.get().map(|e| text::error(i18n, &e));
    view! {
        <p class="form-error" role="alert" data-testid="form-error" hidden=move || message().is_none()>
            {message}
        </p>
    }
}
