//! Editing an association's page (its owner and managers).

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::associations::{UpdateAssociation, association};
use crate::domain::AppError;
use crate::domain::association::{AssociationForm, MemberRole};
use crate::i18n::*;
use crate::ui::components::association_editor::AssociationEditor;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text;

#[component]
pub fn EditAssociationPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::use_id_param();
    view! {
    <PageMeta title=t_string!(i18n, edit_association_title).to_string() /> <EditAssociationPageIsland id /> }
}

/// The page's island: its code runs in the browser.
#[island(lazy)]
fn EditAssociationPageIsland(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let id = Signal::stored(id);
    let page = Resource::new(move || id.get(), |id| association(id, 0));
    let action = Command::<UpdateAssociation>::new();
    let error = super::go_on_success(action, move |_| {
        format!("/associations/{}", id.get_untracked())
    });
    let on_submit = Callback::new(move |form: AssociationForm| {
        action.dispatch(UpdateAssociation {
            id: id.get_untracked(),
            form,
        });
    });
    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, edit_association_title)}</h1>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || page.get().map(|r| match r {
                    Ok(a) if a.my_role.is_some_and(MemberRole::manages) => view! {
                        <AssociationEditor initial=a.to_form() is_new=false on_submit
                            pending=action.pending() error />
                    }.into_any(),
                    Ok(_) => view! { <p class="form-error" role="alert">{text::error(i18n, &AppError::Forbidden)}</p> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
