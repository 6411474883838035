//! Posting an event or a volunteer mission (an association's managers).

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::activities::CreateActivity;
use crate::api::venues::venue_name;
use crate::domain::activity::ActivityForm;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::activity_editor::ActivityEditor;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::nav::query_param;

#[component]
pub fn NewActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::use_id_param();
    // Opened from a venue's page ("hold an event or a mission here").
    let venue = query_param("venue").and_then(|v| v.parse::<i64>().ok());
    view! {
    <PageMeta title=t_string!(i18n, new_activity).to_string() /> <NewActivityPageIsland id venue /> }
}

/// The page's island: its code runs in the browser.
#[island(lazy)]
fn NewActivityPageIsland(id: i64, venue: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let id = Signal::stored(id);
    // Read in the browser only: a resource of this island's own would be numbered differently
    // on the server, where other islands' resources come first.
    let name = LocalResource::new(move || async move {
        match venue {
            Some(v) => venue_name(v).await.ok(),
            None => None,
        }
    });
    let venue_label = Signal::derive(move || name.get().flatten());
    let action = Command::<CreateActivity>::new();
    let error = super::go_on_success(action, |id| format!("/activities/{id}"));
    let on_submit = Callback::new(move |form: ActivityForm| {
        action.dispatch(CreateActivity {
            association_id: id.get_untracked(),
            form,
        });
    });
    view! {
        <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
            {move || auth.user.get().map(|r| match r {
                Ok(Some(_)) => {
                    let initial = ActivityForm { venue, ..ActivityForm::default() };
                    view! {
                        <div class="narrow">
                            <h1>{t_string!(i18n, new_activity)}</h1>
                            <ActivityEditor initial is_new=true on_submit
                                pending=action.pending() error venue_name=venue_label />
                        </div>
                    }.into_any()
                }
                _ => view! { <LoginPrompt /> }.into_any(),
            })}
        </Suspense>
    }
}
