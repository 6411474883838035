//! Creating an association.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::associations::CreateAssociation;
use crate::domain::association::AssociationForm;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::association_editor::AssociationEditor;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;

#[island(lazy)]
pub fn NewAssociationPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let action = Command::<CreateAssociation>::new();
    let error = super::go_on_success(action, |id| format!("/associations/{id}"));
    let on_submit = Callback::new(move |form: AssociationForm| {
        action.dispatch(CreateAssociation { form });
    });
    view! {
        <PageMeta title=t_string!(i18n, new_association_title).to_string() />
        <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
            {move || auth.user.get().map(|r| match r {
                Ok(Some(_)) => view! {
                    <div class="narrow">
                        <h1>{t_string!(i18n, new_association_title)}</h1>
                        <p class="help">{t_string!(i18n, new_association_help)}</p>
                        <AssociationEditor initial=AssociationForm::default() is_new=true on_submit
                            pending=action.pending() error />
                    </div>
                }.into_any(),
                _ => view! { <LoginPrompt /> }.into_any(),
            })}
        </Suspense>
    }
}
