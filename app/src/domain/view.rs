//! What the map asks for and what it gets back.

use serde::{Deserialize, Serialize};

use super::geo::{Bbox, GeoPoint};
use super::listing::{Category, ListingKind, Nature};

/// Above this many listings in view, the map gets counts per cell instead of markers.
pub const MARKER_LIMIT: u64 = 200;
/// How many listings the list beside the map shows when the map shows counts.
pub const LIST_LIMIT: u64 = 50;

/// Filters a viewer can set; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    pub kind: Option<ListingKind>,
    pub nature: Option<Nature>,
    pub category: Option<Category>,
    pub remote_only: bool,
}

/// A short listing for markers and the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingSummary {
    pub id: i64,
    pub kind: ListingKind,
    pub nature: Nature,
    pub category: Category,
    pub title: String,
    pub remote: bool,
    pub price: i64,
    pub created_at: i64,
    /// The public stand-in point, never the exact one.
    pub area: GeoPoint,
}

/// A count of listings in one cell, drawn where the cell's centre is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub center: GeoPoint,
    pub count: u64,
}

/// The answer to "what is in this viewport".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewResult {
    /// Listings in view that pass the filters.
    pub total: u64,
    /// Set when there are too many for markers.
    pub clusters: Vec<Cluster>,
    /// Every listing when there are few, the newest ones otherwise.
    pub listings: Vec<ListingSummary>,
    /// Public places in view, when there are at most [`VENUE_PIN_LIMIT`] (else `venue_areas`),
    /// leaving out those known not to suit the reader's own needs.
    #[serde(default)]
    pub venues: Vec<VenuePin>,
    /// How many places there are per part of the view, when there are many.
    #[serde(default)]
    pub venue_areas: Vec<Cluster>,
    /// Support sites in view (a mobile one at each of its stops in view), when there are at
    /// most [`SUPPORT_PIN_LIMIT`]; none beyond (`/help` lists them).
    #[serde(default)]
    pub support: Vec<SupportPin>,
}

/// Above this many support sites in view, the map shows none of them.
pub const SUPPORT_PIN_LIMIT: usize = 60;

/// A support site on the map (its point is public), and whether it is open now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportPin {
    pub id: i64,
    pub at: GeoPoint,
    pub name: String,
    pub open: bool,
}

/// Above this many places in view, the map gets counts per part of the view instead of pins.
pub const VENUE_PIN_LIMIT: u64 = 60;

/// A public place on the map (its point is public).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VenuePin {
    pub id: i64,
    pub at: GeoPoint,
    pub name: String,
    /// How it suits the reader's own needs (`None` when they gave none).
    pub fit: Option<super::accessibility::Fit>,
}

impl ViewResult {
    pub fn is_clustered(&self) -> bool {
        !self.clusters.is_empty()
    }
}

/// Settings the map needs: where tiles come from and the first view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapSettings {
    /// Tile URL template (`{z}/{x}/{y}`); empty for no tiles (tests, offline use).
    pub tile_url: String,
    /// Credit shown on the map for the tiles.
    pub attribution: String,
    /// Where the map opens for visitors without a home area.
    pub center: GeoPoint,
    pub zoom: f64,
}

impl Default for MapSettings {
    fn default() -> Self {
        Self {
            tile_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned(),
            attribution: "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors".to_owned(),
            center: GeoPoint { lat: 48.8566, lng: 2.3522 },
            zoom: 12.0,
        }
    }
}

/// The viewport a visitor first sees, before the map reports its real size.
pub fn initial_bbox(center: GeoPoint, zoom: f64) -> Option<Bbox> {
    // A 1024×640 px map at this zoom, in Web Mercator degrees.
    let deg_per_px = 360.0 / (256.0 * 2f64.powf(zoom));
    let half_lng = deg_per_px * 512.0;
    let half_lat = deg_per_px * 320.0 * center.lat.to_radians().cos();
    Bbox::around(center, half_lat, half_lng)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_bbox_is_city_sized_at_zoom_12() {
        let b = initial_bbox(
            GeoPoint {
                lat: 48.8566,
                lng: 2.3522,
            },
            12.0,
        )
        .expect("bbox");
        let width_km = (b.east - b.west) * 111.0 * 48.8566f64.to_radians().cos();
        assert!(width_km > 15.0 && width_km < 40.0, "{width_km}");
        assert!(b.contains(GeoPoint {
            lat: 48.8566,
            lng: 2.3522
        }));
    }
}
