//! Support sites (issue 21): the `/help` list and a site's page, public and read without an
//! account. Changes (notices, "checked", reports) are plain forms sent without script, handled
//! by the server binary (`server/src/support.rs`), so they work on any phone.

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::page::Paged;
use crate::domain::support::{HelpQuery, SiteCard, SiteView};

/// What `/help` shows: a page of sites, and how it placed the asker.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HelpAnswer {
    pub sites: Paged<SiteCard>,
    /// The list is sorted by distance from a point (given, or found from the place typed).
    pub located: bool,
    /// A place was typed and no public place matched it.
    pub place_unknown: bool,
    /// The reader said their accessibility needs (in their account or their browser), so
    /// "accessible to me" means something.
    pub has_needs: bool,
}

/// The support sites that fit `query`, open now first, then nearest to the asker's point (used
/// for this answer only, never stored or logged) or by name.
#[server(endpoint = "help_list", input = Json, output = JsonText)]
pub async fn help_list(query: HelpQuery) -> Result<HelpAnswer, AppError> {
    use crate::backend::{needs, request, support};
    use crate::domain::geo::GeoPoint;
    request::as_visitor(|state, viewer| async move {
        let mut from = match (query.lat, query.lng) {
            (Some(lat), Some(lng)) => {
                Some(GeoPoint::parse(lat, lng).map_err(|e| AppError::Validation(vec![e]))?)
            }
            _ => None,
        };
        // The reader's own needs, for "accessible to me": from their account or their
        // browser's cookie, used for this answer only.
        let mine = needs::mine(&state.db, viewer).await?;
        let mut place_unknown = false;
        if from.is_none() && !query.place.trim().is_empty() {
            if query.place.chars().count() > 200 {
                return Err(AppError::Validation(vec![crate::domain::FieldError::new(
                    crate::domain::Field::Location,
                    crate::domain::ErrorCode::TooLong { max: 200 },
                )])
                .into());
            }
            from = support::place_point(&state.db, &query.place).await?;
            place_unknown = from.is_none();
        }
        let at = jiff::Timestamp::now();
        let now = support::local(&state.time_zone, at);
        let sites = support::help(&state.db, now, at.as_second(), &query, from, &mine).await?;
        Ok(HelpAnswer {
            sites,
            located: from.is_some(),
            place_unknown,
            has_needs: !mine.is_empty(),
        })
    })
    .await
}

/// A support site's page; its managers and moderators also see its open reports.
#[server(endpoint = "support_site", input = Json, output = JsonText)]
pub async fn support_site(id: i64) -> Result<SiteView, AppError> {
    use crate::backend::{request, support};
    request::as_visitor(|state, viewer| async move {
        support::view(
            &state.db,
            &state.time_zone,
            jiff::Timestamp::now(),
            id,
            viewer,
        )
        .await
    })
    .await
}

/// The sites that wait for the asker (open reports, or not checked for six months): id, name,
/// open reports, out of date.
#[server(endpoint = "support_to_review", input = Json, output = JsonText)]
pub async fn support_to_review() -> Result<Vec<(i64, String, u64, bool)>, AppError> {
    use crate::backend::{now, request, support};
    // A visitor has none (and the page that asks must not answer 401 for it).
    request::as_visitor(|state, user| async move {
        match user {
            Some(user) => support::to_review(&state.db, user, now()).await,
            None => Ok(Vec::new()),
        }
    })
    .await
}

/// A printable sheet of the sites that fit `query`: at most [`SHEET_SIZE`], as on `/help`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PrintSheet {
    pub sites: Vec<SiteView>,
    /// Today, `YYYY-MM-DD`, in the deployment's zone.
    pub today: String,
    /// The deployment's address, for the link printed under the sheet.
    pub public_url: String,
}

/// How many sites one printed page holds.
pub const SHEET_SIZE: usize = 10;

/// The sheet of `/help/print`: the first sites of the same list, each with its week and
/// notices.
#[server(endpoint = "help_sheet", input = Json, output = JsonText)]
pub async fn help_sheet(query: HelpQuery) -> Result<PrintSheet, AppError> {
    use crate::backend::{request, support};
    use crate::domain::geo::GeoPoint;
    request::public(|state| async move {
        let mut from = match (query.lat, query.lng) {
            (Some(lat), Some(lng)) => {
                Some(GeoPoint::parse(lat, lng).map_err(|e| AppError::Validation(vec![e]))?)
            }
            _ => None,
        };
        if from.is_none() && !query.place.trim().is_empty() && query.place.chars().count() <= 200 {
            from = support::place_point(&state.db, &query.place).await?;
        }
        let at = jiff::Timestamp::now();
        let now = support::local(&state.time_zone, at);
        let first = HelpQuery {
            page: 0,
            ..query.clone()
        };
        // A sheet is handed to others: the printer's own needs do not choose its sites.
        let list = support::help(&state.db, now, at.as_second(), &first, from, &[]).await?;
        let mut sites = Vec::new();
        for card in list.items.iter().take(SHEET_SIZE) {
            sites.push(support::view(&state.db, &state.time_zone, at, card.id, None).await?);
        }
        Ok(PrintSheet {
            sites,
            today: now.date().to_string(),
            public_url: state.public_url.to_owned(),
        })
    })
    .await
}
