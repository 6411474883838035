//! Events and volunteer missions, one file per sub-area: posting and editing them
//! ([`editing`]), signing up and the waiting list ([`signups`]), recorded hours and certificates
//! ([`hours`]), notices ([`notices`]), and reading them: pages, lists, calendar files and
//! proposals ([`queries`]).

mod editing;
mod hours;
mod notices;
mod queries;
mod signups;

pub use editing::*;
pub use hours::*;
pub use notices::*;
pub use queries::*;
pub use signups::*;

use super::entities::activity;
use crate::domain::geo::GeoPoint;

/// How many activities a list or the map shows at most.
pub const SHOWN: usize = 200;

pub(super) fn point(row: &activity::Model) -> Option<GeoPoint> {
    match (row.lat, row.lng) {
        (Some(lat), Some(lng)) if !row.online => Some(GeoPoint { lat, lng }),
        _ => None,
    }
}
