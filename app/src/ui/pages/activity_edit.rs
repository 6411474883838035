//! Editing an event or a volunteer mission (an association's managers).

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::activities::{UpdateActivity, activity};
use crate::domain::AppError;
use crate::domain::activity::ActivityForm;
use crate::i18n::*;
use crate::ui::components::activity_editor::ActivityEditor;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text;

#[component]
pub fn EditActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::use_id_param();
    view! {
    <PageMeta title=t_string!(i18n, edit_activity_title).to_string() /> <EditActivityPageIsland id /> }
}

/// The page's island: its code runs in the browser.
#[island(lazy)]
fn EditActivityPageIsland(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let id = Signal::stored(id);
    let page = Resource::new(move || id.get(), activity);
    let action = Command::<UpdateActivity>::new();
    let error = super::go_on_success(action, move |_| {
        format!("/activities/{}", id.get_untracked())
    });
    let on_submit = Callback::new(move |form: ActivityForm| {
        action.dispatch(UpdateActivity {
            id: id.get_untracked(),
            form,
        });
    });
    view! {
        <div class="narrow">
            <h1>{t_string!(i18n, edit_activity_title)}</h1>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || page.get().map(|r| match r {
                    Ok(a) if a.can_manage => {
                        let venue_name = Signal::stored(a.venue.as_ref().map(|v| v.name.clone()));
                        view! {
                            <ActivityEditor initial=a.to_form() is_new=false on_submit pending=action.pending() error
                                venue_name=venue_name />
                        }.into_any()
                    }
                    Ok(_) => view! { <p class="form-error" role="alert">{text::error(i18n, &AppError::Forbidden)}</p> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
