//! Venues: anyone may read them; adding one or answering its questions takes an account.

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::accessibility::Need;
use crate::domain::page::Paged;
use crate::domain::venue::{VenueCard, VenueForm, VenueView};

/// One answer as typed: a question's code and `yes`, `no`, `unknown` or a number.
pub type TypedAnswer = (String, String);

/// Adds a venue with the answers its author gave; answers its id.
#[server(endpoint = "create_venue", input = Json, output = JsonText)]
pub async fn create_venue(
    form: VenueForm,
    #[server(default)] answers: Vec<TypedAnswer>,
) -> Result<i64, AppError> {
    use crate::backend::{now, request, tx, venues};
    use crate::domain::venue::parse_answers;
    request::as_user(|state, user| async move {
        // Every field and every answer is checked before anything is saved.
        let draft = form.parse();
        let answers = parse_answers(&answers);
        let (draft, answers) = match (draft, answers) {
            (Ok(d), Ok(a)) => (d, a),
            (Err(AppError::Validation(mut a)), Err(AppError::Validation(b))) => {
                a.extend(b);
                return Err(AppError::Validation(a).into());
            }
            (Err(e), _) | (_, Err(e)) => return Err(e.into()),
        };
        tx::write(&state.db, |txn| {
            let (draft, answers) = (draft.clone(), answers.clone());
            Box::pin(async move { venues::create(txn, user, draft, answers, now()).await })
        })
        .await
    })
    .await
}

/// Records my answers about a venue; answers how many changed.
#[server(endpoint = "answer_venue", input = Json, output = JsonText)]
pub async fn answer_venue(id: i64, answers: Vec<TypedAnswer>) -> Result<usize, AppError> {
    use crate::backend::{now, request, tx, venues};
    use crate::domain::venue::parse_answers;
    request::as_user(|state, user| async move {
        let answers = parse_answers(&answers)?;
        tx::write(&state.db, |txn| {
            let answers = answers.clone();
            Box::pin(async move { venues::answer(txn, user, id, answers, now()).await })
        })
        .await
    })
    .await
}

/// A venue's public page.
#[server(endpoint = "venue", input = Json, output = JsonText)]
pub async fn venue(id: i64) -> Result<VenueView, AppError> {
    use crate::backend::{now, request, venues};
    request::as_visitor(
        |state, viewer| async move { venues::view(&state.db, viewer, id, now()).await },
    )
    .await
}

/// A manager of `association_id` says the venue is its premises.
#[server(endpoint = "claim_venue", input = Json, output = JsonText)]
pub async fn claim_venue(id: i64, association_id: i64) -> Result<(), AppError> {
    use crate::backend::{request, tx, venues};
    request::as_user(|state, user| async move {
        tx::write(&state.db, |txn| {
            Box::pin(async move { venues::claim(txn, user, id, association_id).await })
        })
        .await
    })
    .await
}

/// The association that claimed the venue, or a moderator, says it is not its premises.
#[server(endpoint = "release_venue", input = Json, output = JsonText)]
pub async fn release_venue(id: i64) -> Result<(), AppError> {
    use crate::backend::{request, tx, venues};
    request::as_user(|state, user| async move {
        tx::write(&state.db, |txn| {
            Box::pin(async move { venues::release(txn, user, id).await })
        })
        .await
    })
    .await
}

/// A venue's name (the form of an event held there shows it).
#[server(endpoint = "venue_name", input = Json, output = JsonText)]
pub async fn venue_name(id: i64) -> Result<String, AppError> {
    use crate::backend::{request, venues};
    request::public(|state| async move { venues::name_of(&state.db, id).await }).await
}

/// The places described near a point (the form of an event offers to hold it at one): id,
/// name and address, nearest first.
#[server(endpoint = "venues_near", input = Json, output = JsonText)]
pub async fn venues_near(lat: f64, lng: f64) -> Result<Vec<(i64, String, String)>, AppError> {
    use crate::backend::{request, venues};
    use crate::domain::geo::GeoPoint;
    let at = GeoPoint::parse(lat, lng).map_err(|e| AppError::Validation(vec![e]))?;
    request::public(|state| async move { venues::near(&state.db, at).await }).await
}

/// "I was there, this is right": confirms a venue's current answer.
#[server(endpoint = "confirm_answer", input = Json, output = JsonText)]
pub async fn confirm_answer(id: i64) -> Result<(), AppError> {
    use crate::backend::{now, request, tx, venues};
    request::as_user(|state, user| async move {
        tx::write(&state.db, |txn| {
            Box::pin(async move { venues::confirm(txn, user, id, now()).await })
        })
        .await
    })
    .await
}

/// A moderator reverts a wrong answer.
#[server(endpoint = "revert_answer", input = Json, output = JsonText)]
pub async fn revert_answer(id: i64) -> Result<(), AppError> {
    use crate::backend::{moderation, now, request, tx, venues};
    request::as_user(|state, user| async move {
        let moderator = moderation::require_moderator(&state.db, user).await?;
        tx::write(&state.db, |txn| {
            Box::pin(async move { venues::revert(txn, moderator, id, now()).await })
        })
        .await
    })
    .await
}

/// A moderator removes a venue (a private home, a place that does not exist).
#[server(endpoint = "remove_venue", input = Json, output = JsonText)]
pub async fn remove_venue(id: i64) -> Result<(), AppError> {
    use crate::backend::{moderation, request, tx, venues};
    request::as_user(|state, user| async move {
        moderation::require_moderator(&state.db, user).await?;
        tx::write(&state.db, |txn| {
            Box::pin(async move { venues::remove(txn, id).await })
        })
        .await
    })
    .await
}

/// A page of venues that suit `needs` (codes of `Need`) or might, of `kind` (a `VenueKind`
/// code, or empty for every kind), with the needs it was filtered on. The needs are the
/// asker's own choice, read for this answer only and never stored; with `mine`, they are the
/// asker's own needs (their profile's, or their browser's) instead.
#[server(endpoint = "venue_list", input = Json, output = JsonText)]
pub async fn venue_list(
    #[server(default)] needs: Vec<String>,
    #[server(default)] kind: String,
    #[server(default)] page: u32,
    #[server(default)] mine: bool,
) -> Result<(Vec<Need>, Paged<VenueCard>), AppError> {
    use crate::backend::{needs as my, request, venues};
    use crate::domain::error::Field;
    use crate::domain::venue::VenueKind;
    use crate::domain::vocab::{Code, choice};
    request::as_visitor(|state, viewer| async move {
        let mut chosen = Vec::new();
        for code in needs.iter().take(Need::CHOICES.len()) {
            chosen.push(
                choice::<Need>(Field::Accessibility, code)
                    .map_err(|e| AppError::Validation(vec![e]))?,
            );
        }
        chosen.sort();
        chosen.dedup();
        let kind = match kind.as_str() {
            "" => None,
            code => Some(
                choice::<VenueKind>(Field::Kind, code)
                    .map_err(|e| AppError::Validation(vec![e]))?,
            ),
        };
        if mine {
            chosen = my::mine(&state.db, viewer).await?;
        }
        let list = venues::list(&state.db, &chosen, kind, page).await?;
        Ok((chosen, list))
    })
    .await
}

/// The asker's own accessibility needs, and whether they are kept with an account (else by
/// their browser). Nobody else's.
#[server(endpoint = "my_needs", input = Json, output = JsonText)]
pub async fn my_needs() -> Result<(Vec<Need>, bool), AppError> {
    use crate::backend::{needs, request};
    request::as_visitor(|state, viewer| async move {
        Ok((needs::mine(&state.db, viewer).await?, viewer.is_some()))
    })
    .await
}
