//! Posting an event or a volunteer mission (an association's managers).

use leptos::prelude::*;

use crate::api::activities::CreateActivity;
use crate::domain::activity::ActivityForm;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::activity_editor::ActivityEditor;
use crate::ui::components::login_prompt::LoginPrompt;

#[component]
pub fn NewActivityPage() -> impl IntoView {
    let id = super::use_id_param();
    view! { <NewActivityPageIsland id /> }
}

/// The page's island: its code runs in the browser.
#[island(lazy)]
fn NewActivityPageIsland(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let id = Signal::stored(id);
    let action = ServerAction::<CreateActivity>::new();
    let error = super::go_on_success(action, |id| format!("/activities/{id}"));
    let on_submit = Callback::new(move |form: ActivityForm| {
        action.dispatch(CreateActivity {
            association_id: id.get_untracked(),
            form,
        });
    });
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || auth.user.get().map(|r| match r {
                Ok(Some(_)) => view! {
                    <div class="narrow">
                        <h1>{t!(i18n, new_activity)}</h1>
                        <ActivityEditor initial=ActivityForm::default() is_new=true on_submit
                            pending=action.pending() error />
                    </div>
                }.into_any(),
                _ => view! { <LoginPrompt /> }.into_any(),
            })}
        </Suspense>
    }
}
