//! Events and volunteer missions: posting them (an association's managers), signing up and
//! cancelling (anyone signed in), the association's answers, announcements and recorded hours,
//! and the upcoming list and map layer (public). Roles are checked on the server, in the backend
//! functions each of these calls.

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::activity::{
    ActivityForm, ActivitySummary, ActivityView, Certificate, NoticeView, Proposal, SignupStatus,
    SignupView, UpcomingFilter,
};

/// A manager posts an event or a mission for their association; answers its id.
#[server(endpoint = "create_activity", input = Json, output = JsonText)]
pub async fn create_activity(association_id: i64, form: ActivityForm) -> Result<i64, AppError> {
    use crate::backend::{activities, now, request, tx};
    request::as_user(|state, user| async move {
        let now = now();
        let draft = form.parse(now, true)?;
        tx::write(&state.db, |txn| {
            let draft = draft.clone();
            Box::pin(async move { activities::create(txn, user, association_id, draft, now).await })
        })
        .await
    })
    .await
}

/// A manager edits an activity's details (not its kind or slots).
#[server(endpoint = "update_activity", input = Json, output = JsonText)]
pub async fn update_activity(id: i64, form: ActivityForm) -> Result<(), AppError> {
    use crate::backend::{activities, now, request, tx};
    request::as_user(|state, user| async move {
        let now = now();
        let draft = form.parse(now, false)?;
        tx::write(&state.db, |txn| {
            let draft = draft.clone();
            Box::pin(async move { activities::update(txn, user, id, draft, now).await })
        })
        .await
    })
    .await
}

/// An activity's page, with the viewer's own sign-ups.
#[server(endpoint = "activity", input = Json, output = JsonText)]
pub async fn activity(id: i64) -> Result<ActivityView, AppError> {
    use crate::backend::{activities, request};
    request::as_visitor(
        |state, viewer| async move { activities::view(&state.db, viewer, id).await },
    )
    .await
}

/// Upcoming activities, soonest first, narrowed by the filter (and to one association).
#[server(endpoint = "upcoming_activities", input = Json, output = JsonText)]
pub async fn upcoming_activities(
    filter: UpcomingFilter,
    #[server(default)] association_id: Option<i64>,
) -> Result<Vec<ActivitySummary>, AppError> {
    use crate::backend::{activities, needs, now, request};
    request::as_visitor(|state, viewer| async move {
        let mut filter = filter.parse(now())?;
        filter.needs = needs::mine(&state.db, viewer).await?;
        activities::upcoming(&state.db, &filter, None, association_id).await
    })
    .await
}

/// The map layer: upcoming activities with a place inside the box.
#[server(endpoint = "activities_in", input = Json, output = JsonText)]
pub async fn activities_in(
    south: f64,
    west: f64,
    north: f64,
    east: f64,
    filter: UpcomingFilter,
) -> Result<Vec<ActivitySummary>, AppError> {
    use crate::backend::{activities, needs, now, request};
    use crate::domain::geo::Bbox;
    use crate::domain::{ErrorCode, Field};
    request::as_visitor(|state, viewer| async move {
        let bbox = Bbox::parse(south, west, north, east)
            .ok_or_else(|| AppError::field(Field::Location, ErrorCode::InvalidLocation))?;
        let mut filter = filter.parse(now())?;
        filter.needs = needs::mine(&state.db, viewer).await?;
        activities::upcoming(&state.db, &filter, Some(bbox), None).await
    })
    .await
}

/// Signs the signed-in user up to a slot; answers where they stand. `key`: as for
/// `create_listing`, a sign-up sent again with the same key is answered as the first was.
#[server(endpoint = "sign_up", input = Json, output = JsonText)]
pub async fn sign_up(
    slot_id: i64,
    #[server(default)] key: Option<String>,
) -> Result<SignupStatus, AppError> {
    use crate::backend::{Done, activities, idempotency, now, request, tx};
    request::as_user(|state, user| async move {
        tx::write(&state.db, |txn| {
            let key = key.clone();
            Box::pin(async move {
                let now = now();
                let join = async {
                    activities::sign_up(txn, user, slot_id, now)
                        .await
                        .map(Done::new)
                };
                idempotency::once(txn, user, key.as_deref(), "sign_up", &slot_id, now, join)
                    .await
                    .map(|done| done.value)
            })
        })
        .await
    })
    .await
}

/// The signed-in user leaves a slot; the first in line takes their place and is told.
#[server(endpoint = "cancel_signup", input = Json, output = JsonText)]
pub async fn cancel_signup(slot_id: i64) -> Result<(), AppError> {
    use crate::backend::{activities, command, now, request};
    request::as_user(|state, user| async move {
        command(&state, |txn| {
            Box::pin(async move { activities::cancel(txn, user, slot_id, now()).await })
        })
        .await
    })
    .await
}

/// A manager accepts or declines an application.
#[server(endpoint = "answer_signup", input = Json, output = JsonText)]
pub async fn answer_signup(signup_id: i64, accept: bool) -> Result<(), AppError> {
    use crate::backend::{activities, command, now, request};
    request::as_user(|state, user| async move {
        command(&state, |txn| {
            Box::pin(async move { activities::answer(txn, user, signup_id, accept, now()).await })
        })
        .await
    })
    .await
}

/// A manager changes a slot's capacity (blank: no limit).
#[server(endpoint = "set_slot_capacity", input = Json, output = JsonText)]
pub async fn set_slot_capacity(slot_id: i64, capacity: String) -> Result<(), AppError> {
    use crate::backend::{activities, command, now, request};
    use crate::domain::activity::parse_capacity;
    request::as_user(|state, user| async move {
        let capacity = parse_capacity(&capacity).map_err(|e| AppError::Validation(vec![e]))?;
        command(&state, |txn| {
            Box::pin(
                async move { activities::set_capacity(txn, user, slot_id, capacity, now()).await },
            )
        })
        .await
    })
    .await
}

/// A manager records a slot as done; everyone registered but `absent` is credited its hours.
#[server(endpoint = "complete_slot", input = Json, output = JsonText)]
pub async fn complete_slot(
    slot_id: i64,
    #[server(default)] absent: Vec<i64>,
) -> Result<(), AppError> {
    use crate::backend::{activities, now, request, tx};
    use crate::domain::activity::parse_absent;
    request::as_user(|state, user| async move {
        let absent = parse_absent(absent)?;
        tx::write(&state.db, |txn| {
            let absent = absent.clone();
            Box::pin(async move { activities::complete(txn, user, slot_id, &absent, now()).await })
        })
        .await
    })
    .await
}

/// Who signed up to an activity (its association's managers only).
#[server(endpoint = "activity_signups", input = Json, output = JsonText)]
pub async fn activity_signups(id: i64) -> Result<Vec<SignupView>, AppError> {
    use crate::backend::{activities, request};
    request::as_user(|state, user| async move { activities::signups(&state.db, user, id).await })
        .await
}

/// A manager's message to everyone signed up; answers how many were told.
#[server(endpoint = "announce", input = Json, output = JsonText)]
pub async fn announce(id: i64, message: String) -> Result<u64, AppError> {
    use crate::backend::{activities, command, now, request};
    use crate::domain::activity::parse_announcement;
    request::as_user(|state, user| async move {
        let body = parse_announcement(&message).map_err(|e| AppError::Validation(vec![e]))?;
        command(&state, |txn| {
            let body = body.clone();
            Box::pin(async move { activities::announce(txn, user, id, body, now()).await })
        })
        .await
    })
    .await
}

/// The signed-in volunteer's certificate of hours with one association.
#[server(endpoint = "hours_certificate", input = Json, output = JsonText)]
pub async fn hours_certificate(association_id: i64) -> Result<Certificate, AppError> {
    use crate::backend::{activities, now, request};
    request::as_user(|state, user| async move {
        activities::certificate(&state.db, user, association_id, now()).await
    })
    .await
}

/// The associations the signed-in volunteer has hours with: `(id, name, minutes)`.
#[server(endpoint = "my_hours", input = Json, output = JsonText)]
pub async fn my_hours() -> Result<Vec<(i64, String, i64)>, AppError> {
    use crate::backend::{activities, request};
    request::as_user(
        |state, user| async move { activities::volunteered_with(&state.db, user).await },
    )
    .await
}

/// The signed-in user's notices about activities and associations, newest first.
#[server(endpoint = "notices", input = Json, output = JsonText)]
pub async fn notices() -> Result<Vec<NoticeView>, AppError> {
    use crate::backend::{activities, request};
    request::as_user(|state, user| async move { activities::notices(&state.db, user).await }).await
}

/// Missions proposed to the signed-in user for their skills and area, with why (empty for a
/// visitor or a profile without skills).
#[server(endpoint = "proposed_missions", input = Json, output = JsonText)]
pub async fn proposed_missions() -> Result<Vec<Proposal>, AppError> {
    use crate::backend::{activities, now, request};
    request::as_visitor(|state, user| async move {
        match user {
            Some(user) => Ok(activities::proposed(&state.db, user, now()).await?),
            None => Ok(Vec::new()),
        }
    })
    .await
}
