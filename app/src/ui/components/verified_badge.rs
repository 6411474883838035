//! The "verified" or "not yet verified" badge of an association.

use leptos::prelude::*;

use crate::i18n::*;

/// The "verified" or "not yet verified" badge.
#[component]
pub fn VerifiedBadge(verified: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=if verified { "badge badge-verified" } else { "badge badge-unverified" }
            data-testid="verified-badge" data-verified=verified.to_string()>
            {move || if verified {
                t_string!(i18n, verified).to_string()
            } else {
                t_string!(i18n, not_verified).to_string()
            }}
        </span>
    }
}
