//! One association: its badge, members (a page at a time), upcoming activities; for its owner,
//! invitations, roles and the logo. What each person may do is decided by the server; the page
//! only hides what it would refuse.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::activities::upcoming_activities;
use crate::api::associations::{
    InviteMember, RemoveLogo, RemoveMember, SetMemberRole, VerifyAssociation, association,
    upload_logo,
};
use crate::domain::activity::UpcomingFilter;
use crate::domain::association::{
    AssociationView, GRANTABLE_ROLES, MAX_LOGO_KB, MAX_LOGO_PX, MemberRole,
};
use crate::domain::vocab::Code;
use crate::domain::{AppError, Field};
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::activity_card::ActivityCard;
use crate::ui::components::field_error::{FieldError, FormError, error_id};
use crate::ui::components::logo::Logo;
use crate::ui::components::map::area_map::AreaMap;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::pager::{Pager, use_page_param};
use crate::ui::components::verified_badge::VerifiedBadge;
use crate::ui::text;
use web_sys::FormData;

/// What the association's page does, made above its `Suspense` (see the notifications page).
#[derive(Clone, Copy)]
struct Actions {
    verify: Command<VerifyAssociation>,
    invite: Command<InviteMember>,
    set_role: Command<SetMemberRole>,
    remove: Command<RemoveMember>,
    upload_logo: Action<FormData, Result<String, AppError>>,
    remove_logo: Command<RemoveLogo>,
}

#[component]
pub fn AssociationPage() -> impl IntoView {
    let id = super::use_id_param();
    view! { <AssociationPageIsland id /> }
}

/// The page's island: its code runs in the browser.
#[island(lazy)]
fn AssociationPageIsland(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let id = Signal::stored(id);
    let auth = use_auth();
    let actions = Actions {
        verify: Command::new(),
        invite: Command::new(),
        set_role: Command::new(),
        remove: Command::new(),
        // `FormData` is the browser's; Leptos sends it as `multipart/form-data`.
        upload_logo: Action::new_local(|data: &FormData| upload_logo(data.clone().into())),
        remove_logo: Command::new(),
    };
    let members_page = use_page_param("members");
    let page = Resource::new(
        move || {
            (
                id.get(),
                members_page.get(),
                actions.verify.version().get(),
                // Not `invite`: an invitation changes nothing this page shows, and loading the
                // page again made its forms anew, emptying what the manager was typing.
                actions.set_role.version().get(),
                actions.remove.version().get(),
                actions.upload_logo.version().get(),
                actions.remove_logo.version().get(),
            )
        },
        |(id, members_page, ..)| association(id, members_page),
    );
    let upcoming = Resource::new(
        move || id.get(),
        |id| upcoming_activities(UpcomingFilter::default(), Some(id)),
    );
    view! {
        <div class="narrow">
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || page.get().zip(auth.user.get()).map(|(r, me)| match r {
                    Ok(a) => {
                        let me = me.ok().flatten();
                        view! { <AssociationDetails a me actions /> }.into_any()
                    }
                    Err(e) => view! {
                        <h1>{t_string!(i18n, not_found_title)}</h1>
                        <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                    }.into_any(),
                })}
                <section aria-labelledby="upcoming-heading">
                    <h2 id="upcoming-heading">{t_string!(i18n, upcoming_heading)}</h2>
                    {move || upcoming.get().map(|r| match r {
                        Ok(items) if items.is_empty() => view! { <p class="muted">{t_string!(i18n, no_activities)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="cards" data-testid="association-activities">
                                {items.into_iter().map(|activity| view! { <ActivityCard activity /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                    })}
                </section>
            </Suspense>
        </div>
    }
}

#[component]
fn AssociationDetails(
    a: AssociationView,
    me: Option<crate::domain::user::Me>,
    actions: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = a.id;
    let role = a.my_role;
    let manages = role.is_some_and(MemberRole::manages);
    let owns = role.is_some_and(MemberRole::owns);
    let moderator = me.as_ref().is_some_and(|m| m.moderator);
    let my_id = me.as_ref().map(|m| m.id);
    let cats = a.categories.clone();
    let verified = a.verified;
    let website = a.website.clone();
    let members = a.members.clone();
    let members_view = role.is_some().then(|| {
        view! {
            <section aria-labelledby="members-heading">
                <h2 id="members-heading">{t_string!(i18n, members_heading)}</h2>
                <MemberList id members owns set_role=actions.set_role remove=actions.remove />
                <Pager page=a.members_page more=a.more_members name="members" />
                {owns.then(|| view! { <InviteForm id invite=actions.invite /> })}
                {(role.is_some() && !owns).then(|| my_id.map(|me| view! {
                    <button type="button" class="secondary" data-testid="leave"
                        on:click=move |_| { actions.remove.dispatch(RemoveMember { id, user_id: me }); }>
                        {t_string!(i18n, leave_association)}
                    </button>
                }))}
            </section>
        }
        .into_any()
    });
    let logo = a.logo.clone();
    view! {
        <PageMeta title=a.name.clone() description=a.description.clone() />
        <article class="association" data-testid="association">
            <p><VerifiedBadge verified /></p>
            <div class="association-heading">
                {a.logo.clone().map(|src| view! { <Logo src name=a.name.clone() testid="logo" /> })}
                <h1 dir="auto">{a.name.clone()}</h1>
            </div>
            <p class="description" dir="auto">{a.description.clone()}</p>
            <p class="card-meta">
                {move || text::joined(i18n, &cats, text::category)}
            </p>
            <dl class="facts">
                <dt>{t_string!(i18n, field_public_address)}</dt>
                <dd><bdi>{a.address.clone()}</bdi></dd>
                {(!website.is_empty()).then(|| view! {
                    <dt>{t_string!(i18n, field_website)}</dt>
                    <dd><a href=website.clone() rel="nofollow noopener" target="_blank" dir="ltr">{website.clone()}</a></dd>
                })}
                {(!a.contact.is_empty()).then(|| view! {
                    <dt>{t_string!(i18n, field_contact)}</dt>
                    <dd><bdi>{a.contact.clone()}</bdi></dd>
                })}
            </dl>
            <AreaMap area=a.location label=t_string!(i18n, field_association_place).to_string() />
            {moderator.then(|| view! {
                <p class="owner-actions">
                    <button type="button" class=if verified { "secondary" } else { "primary" } data-testid="verify"
                        disabled=move || actions.verify.pending().get()
                        on:click=move |_| { actions.verify.dispatch(VerifyAssociation { id, verified: !verified }); }>
                        {move || if verified {
                            t_string!(i18n, unverify_association).to_string()
                        } else {
                            t_string!(i18n, verify_association).to_string()
                        }}
                    </button>
                </p>
            }.into_any())}
            {manages.then(|| view! {
                <p class="row owner-actions">
                    <a href=format!("/associations/{id}/activities/new") class="button primary" data-testid="new-activity">
                        {t_string!(i18n, new_activity)}
                    </a>
                    <a href=format!("/associations/{id}/edit") class="button">{t_string!(i18n, edit)}</a>
                    <a href=format!("/listings/new?association={id}") class="button">{t_string!(i18n, post_listing_for_association)}</a>
                </p>
                <LogoForm id has_logo=logo.is_some() upload=actions.upload_logo remove=actions.remove_logo />
            }.into_any())}
            {role.map(|r| view! {
                <p class="muted" data-testid="my-role">{t_string!(i18n, your_role)} " " {move || text::member_role(i18n, r)}</p>
            })}
            {members_view}
        </article>
    }
    .into_any()
}

/// The members, with the owner's buttons to change roles and remove.
#[component]
fn MemberList(
    id: i64,
    members: Vec<crate::domain::association::MemberView>,
    owns: bool,
    set_role: Command<SetMemberRole>,
    remove: Command<RemoveMember>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="members" data-testid="members">
            {members.into_iter().map(|m| {
                let (uid, mrole) = (m.user_id, m.role);
                view! {
                    <li data-testid="member" data-role=mrole.code()>
                        <a href=format!("/users/{uid}")><bdi>{m.name.clone()}</bdi></a>
                        " · " {move || text::member_role(i18n, mrole)}
                        {(owns && mrole != MemberRole::Owner).then(|| view! {
                            <span class="row">
                                <button type="button" class="secondary" data-testid="toggle-role"
                                    on:click=move |_| {
                                        let next = if mrole == MemberRole::Manager { MemberRole::Member } else { MemberRole::Manager };
                                        set_role.dispatch(SetMemberRole { id, user_id: uid, role: next.code().to_owned() });
                                    }>
                                    {move || if mrole == MemberRole::Manager {
                                        t_string!(i18n, make_member).to_string()
                                    } else {
                                        t_string!(i18n, make_manager).to_string()
                                    }}
                                </button>
                                <button type="button" class="danger" data-testid="remove-member"
                                    on:click=move |_| { remove.dispatch(RemoveMember { id, user_id: uid }); }>
                                    {t_string!(i18n, remove_member)}
                                </button>
                            </span>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The owner invites someone by e-mail address or name, as member or manager. The answer is
/// "invitation sent" whoever it is (see `backend::associations::invite`).
#[component]
fn InviteForm(id: i64, invite: Command<InviteMember>) -> impl IntoView {
    let i18n = use_i18n();
    let invitee = RwSignal::new(String::new());
    let role = RwSignal::new(MemberRole::Member.code().to_owned());
    let error = Signal::derive(move || invite.value().get().and_then(Result::err));
    // The field empties when its invitation has left, and only if it still holds what was sent:
    // a name typed while the previous invitation was on its way is kept.
    let sent = StoredValue::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(())) = invite.value().get()
            && invitee.get_untracked() == sent.get_value()
        {
            invitee.set(String::new());
        }
    });
    view! {
        <form class="stack invite" data-testid="invite-form" novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                sent.set_value(invitee.get_untracked());
                invite.dispatch(InviteMember { id, invitee: invitee.get_untracked(), role: role.get_untracked() });
            }>
            <h3>{t_string!(i18n, invite_heading)}</h3>
            <FormError error />
            <label>
                <span>{t_string!(i18n, field_invitee)}</span>
                <input type="text" name="invitee" bind:value=invitee aria-describedby=error_id(Field::Invitee) />
                <FieldError error field=Field::Invitee />
            </label>
            <label>
                <span>{t_string!(i18n, field_role)}</span>
                <select name="role" on:change=move |ev| role.set(event_target_value(&ev))>
                    {GRANTABLE_ROLES.iter().map(|r| {
                        let r = *r;
                        view! { <option value=r.code() selected=move || role.get() == r.code()>{move || text::member_role(i18n, r)}</option> }
                    }).collect_view()}
                </select>
                <FieldError error field=Field::MemberRole />
            </label>
            <button type="submit" class="primary" disabled=move || invite.pending().get()>{t_string!(i18n, invite)}</button>
            <p class="muted" role="status" data-testid="invited" hidden=move || !matches!(invite.value().get(), Some(Ok(())))>{t_string!(i18n, invited)}</p>
        </form>
    }
}

/// Managers upload, replace or remove the logo. The server checks the file's bytes and size; the
/// `accept` list only narrows the phone's file picker.
#[component]
fn LogoForm(
    id: i64,
    has_logo: bool,
    upload: Action<FormData, Result<String, AppError>>,
    remove: Command<RemoveLogo>,
) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let i18n = use_i18n();
    let form = NodeRef::<leptos::html::Form>::new();
    let error = Signal::derive(move || {
        upload
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
    });
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(form)) = (upload.value().get(), form.get_untracked()) {
            form.reset();
        }
    });
    let pending = move || upload.pending().get() || remove.pending().get();
    view! {
        <form class="stack logo-form" data-testid="logo-form" node_ref=form novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                remove.clear();
                let data = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
                    .and_then(|f| FormData::new_with_form(&f).ok());
                if let Some(data) = data {
                    upload.dispatch_local(data);
                }
            }>
            <h2>{t_string!(i18n, logo_heading)}</h2>
            <FormError error />
            <input type="hidden" name="association" value=id.to_string() />
            <label>
                <span>{t_string!(i18n, field_logo)}</span>
                <input type="file" name="logo" accept="image/png,image/jpeg,image/webp"
                    data-testid="logo-file" aria-describedby=format!("logo-help {}", error_id(Field::Logo)) />
                <span class="help" id="logo-help">
                    {t_string!(i18n, logo_help, max_kb = MAX_LOGO_KB, max_px = MAX_LOGO_PX)}
                </span>
                <FieldError error field=Field::Logo />
            </label>
            <p class="row">
                <button type="submit" class="primary" disabled=pending>{t_string!(i18n, upload_logo)}</button>
                {has_logo.then(|| view! {
                    <button type="button" class="secondary" data-testid="remove-logo" disabled=pending
                        on:click=move |_| {
                            upload.clear();
                            remove.dispatch(RemoveLogo { id });
                        }>
                        {t_string!(i18n, remove_logo)}
                    </button>
                })}
            </p>
            <p class="muted" role="status" data-testid="logo-status">
                {move || match (upload.value().get(), remove.value().get()) {
                    (Some(Ok(_)), _) => t_string!(i18n, logo_saved).to_string(),
                    (_, Some(Ok(()))) => t_string!(i18n, logo_removed).to_string(),
                    _ => String::new(),
                }}
            </p>
        </form>
    }
}
