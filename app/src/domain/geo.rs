//! Points, cells and privacy rules for locations.
//!
//! Exact points (a home, where a listing is) are stored but never shown to anyone else. Others
//! see the centre of the point's H3 cell at [`PUBLIC_RESOLUTION`]: a fixed point per cell, so
//! many listings from the same home cannot be averaged into the exact address, and distances
//! that others see are rounded into [`DistanceBand`]s.
//!
//! # The rule
//! **Nothing that another person can observe may depend on a location beyond its public cell.**
//! A band, a radius test, a ranking factor, a filter, an order or a count that involves
//! someone else's place is computed from [`GeoPoint::public`] (or from cells, which
//! [`stored_cells`] derives from the public point), never from the exact point: otherwise a
//! stranger who moves their own home and watches a band edge flip could bisect their way to the
//! exact address (trilateration). Exact points are used only between a person and their own
//! data (their own listing's pin, their own home on their profile). [`DistanceBand::public`] is
//! the one way to measure between two people.

#[cfg(feature = "ssr")]
use h3o::geom::{ContainmentMode, TilerBuilder};
#[cfg(feature = "ssr")]
use h3o::{CellIndex, LatLng, Resolution};
use serde::{Deserialize, Serialize};

use super::error::{ErrorCode, Field, FieldError};

#[cfg(feature = "ssr")]
/// The resolution whose cell centre stands in for an exact point (cells of about 0.7 km²).
pub const PUBLIC_RESOLUTION: Resolution = Resolution::Eight;

#[cfg(feature = "ssr")]
/// The resolutions stored with each located row, from the finest to the coarsest.
pub const STORED_RESOLUTIONS: [Resolution; 3] =
    [Resolution::Eight, Resolution::Six, Resolution::Four];

#[cfg(feature = "ssr")]
/// The largest number of cells a viewport is covered with; past it a coarser resolution is used.
pub const MAX_COVER_CELLS: usize = 600;

/// A point on Earth in degrees (WGS84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lng: f64,
}

impl GeoPoint {
    /// Accepts finite coordinates inside the map's projection (latitudes beyond ±85° cannot be
    /// picked on a web map).
    pub fn parse(lat: f64, lng: f64) -> Result<Self, FieldError> {
        let valid = lat.is_finite()
            && lng.is_finite()
            && (-85.0..=85.0).contains(&lat)
            && (-180.0..=180.0).contains(&lng);
        if valid {
            Ok(Self { lat, lng })
        } else {
            Err(FieldError::new(Field::Location, ErrorCode::InvalidLocation))
        }
    }

    #[cfg(feature = "ssr")]
    fn to_h3(self) -> Option<LatLng> {
        LatLng::new(self.lat, self.lng).ok()
    }

    #[cfg(feature = "ssr")]
    /// The H3 cell holding this point at a resolution.
    pub fn cell(self, resolution: Resolution) -> Option<CellIndex> {
        self.to_h3().map(|ll| ll.to_cell(resolution))
    }

    #[cfg(feature = "ssr")]
    /// The point others are shown instead of this one.
    pub fn public(self) -> Self {
        self.cell(PUBLIC_RESOLUTION).map_or(self, cell_center)
    }

    #[cfg(feature = "ssr")]
    /// Great-circle distance in metres.
    pub fn distance_m(self, other: Self) -> f64 {
        match (self.to_h3(), other.to_h3()) {
            (Some(a), Some(b)) => a.distance_m(b),
            _ => f64::INFINITY,
        }
    }
}

#[cfg(feature = "ssr")]
/// The centre of a cell as a point.
pub fn cell_center(cell: CellIndex) -> GeoPoint {
    let ll = LatLng::from(cell);
    GeoPoint {
        lat: ll.lat(),
        lng: ll.lng(),
    }
}

#[cfg(feature = "ssr")]
/// A stored cell id. H3 indexes never use bit 63, so they fit in an `i64` (PostgreSQL has no
/// unsigned integers).
pub fn cell_to_i64(cell: CellIndex) -> i64 {
    i64::try_from(u64::from(cell)).unwrap_or(i64::MAX)
}

#[cfg(feature = "ssr")]
/// The cell behind a stored id, if it is one.
pub fn cell_from_i64(id: i64) -> Option<CellIndex> {
    u64::try_from(id)
        .ok()
        .and_then(|v| CellIndex::try_from(v).ok())
}

#[cfg(feature = "ssr")]
/// The cells of a point at each of [`STORED_RESOLUTIONS`], finest first, taken from its public
/// point: every point of one public cell gets the same three cells, so a search or a count by
/// cell reveals nothing finer than the public cell (the exact point's own coarse cell could
/// differ near a coarse cell's edge).
pub fn stored_cells(point: GeoPoint) -> [i64; 3] {
    let public = point.public();
    STORED_RESOLUTIONS.map(|res| public.cell(res).map_or(0, cell_to_i64))
}

/// A distance rounded so that it reveals no exact location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DistanceBand {
    UnderOneKm,
    OneToThreeKm,
    ThreeToTenKm,
    TenToThirtyKm,
    OverThirtyKm,
}

impl DistanceBand {
    /// The band a distance in metres falls in; a bound belongs to the farther band.
    pub fn from_m(metres: f64) -> Self {
        match metres {
            m if m < 1_000.0 => Self::UnderOneKm,
            m if m < 3_000.0 => Self::OneToThreeKm,
            m if m < 10_000.0 => Self::ThreeToTenKm,
            m if m < 30_000.0 => Self::TenToThirtyKm,
            _ => Self::OverThirtyKm,
        }
    }

    #[cfg(feature = "ssr")]
    /// The band between two points as given. Between two people use [`Self::public`].
    pub fn between(a: GeoPoint, b: GeoPoint) -> Self {
        Self::from_m(a.distance_m(b))
    }

    #[cfg(feature = "ssr")]
    /// The band between two people's places, measured between their public points, so that
    /// it stays the same wherever either exact point lies in its public cell.
    pub fn public(a: GeoPoint, b: GeoPoint) -> Self {
        Self::between(a.public(), b.public())
    }
}

/// The visible part of the map, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bbox {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl Bbox {
    /// Orders and clamps the corners into the map's range; `None` for non-finite input or an
    /// empty box.
    pub fn parse(south: f64, west: f64, north: f64, east: f64) -> Option<Self> {
        if ![south, west, north, east].iter().all(|v| v.is_finite()) {
            return None;
        }
        let (south, north) = (south.min(north).max(-85.0), south.max(north).min(85.0));
        let (west, east) = (west.min(east).max(-180.0), west.max(east).min(180.0));
        (north > south && east > west).then_some(Self {
            south,
            west,
            north,
            east,
        })
    }

    /// Whether a point lies inside (edges included).
    pub fn contains(&self, p: GeoPoint) -> bool {
        (self.south..=self.north).contains(&p.lat) && (self.west..=self.east).contains(&p.lng)
    }

    /// A box of `half_lat` × `half_lng` degrees around a point.
    pub fn around(center: GeoPoint, half_lat: f64, half_lng: f64) -> Option<Self> {
        Self::parse(
            center.lat - half_lat,
            center.lng - half_lng,
            center.lat + half_lat,
            center.lng + half_lng,
        )
    }

    /// A box reaching at least `km` kilometres from a point in every direction.
    pub fn around_km(center: GeoPoint, km: f64) -> Option<Self> {
        const KM_PER_DEGREE: f64 = 111.32;
        let half_lat = km / KM_PER_DEGREE;
        let half_lng = km / (KM_PER_DEGREE * center.lat.to_radians().cos().max(0.01));
        Self::around(center, half_lat, half_lng)
    }

    #[cfg(feature = "ssr")]
    fn polygon(&self) -> geo_types::Polygon<f64> {
        geo_types::Polygon::new(
            geo_types::LineString::from(vec![
                (self.west, self.south),
                (self.east, self.south),
                (self.east, self.north),
                (self.west, self.north),
                (self.west, self.south),
            ]),
            vec![],
        )
    }
}

#[cfg(feature = "ssr")]
/// The cells that cover a viewport, at the finest stored resolution that needs no more than
/// [`MAX_COVER_CELLS`] of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub resolution: Resolution,
    pub cells: Vec<i64>,
}

#[cfg(feature = "ssr")]
/// Covers a viewport with stored-resolution cells. A viewport too large for even the coarsest
/// resolution is shrunk around its centre until it fits, so a query never lists thousands of
/// cells.
pub fn cover(bbox: Bbox) -> Cover {
    let mut bbox = bbox;
    loop {
        for resolution in STORED_RESOLUTIONS {
            if let Some(cells) = cover_at(bbox, resolution) {
                return Cover { resolution, cells };
            }
        }
        let (clat, clng) = (
            (bbox.south + bbox.north) / 2.0,
            (bbox.west + bbox.east) / 2.0,
        );
        let (hlat, hlng) = (
            (bbox.north - bbox.south) / 4.0,
            (bbox.east - bbox.west) / 4.0,
        );
        match Bbox::around(
            GeoPoint {
                lat: clat,
                lng: clng,
            },
            hlat,
            hlng,
        ) {
            Some(smaller) => bbox = smaller,
            None => {
                return Cover {
                    resolution: Resolution::Four,
                    cells: Vec::new(),
                };
            }
        }
    }
}

#[cfg(feature = "ssr")]
fn cover_at(bbox: Bbox, resolution: Resolution) -> Option<Vec<i64>> {
    // A cheap estimate from the areas; only tile when it promises a cover of acceptable size.
    let km_per_deg = 111.32;
    let mid_lat = ((bbox.south + bbox.north) / 2.0)
        .to_radians()
        .cos()
        .abs()
        .max(0.01);
    let area =
        (bbox.north - bbox.south) * km_per_deg * (bbox.east - bbox.west) * km_per_deg * mid_lat;
    if area / resolution.area_km2() > (MAX_COVER_CELLS * 2) as f64 {
        return None;
    }
    let mut tiler = TilerBuilder::new(resolution)
        .containment_mode(ContainmentMode::Covers)
        .build();
    tiler.add(bbox.polygon()).ok()?;
    let cells: Vec<i64> = tiler.into_coverage().map(cell_to_i64).collect();
    (cells.len() <= MAX_COVER_CELLS).then_some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_in_kilometres_reaches_that_far() {
        let lyon = GeoPoint {
            lat: 45.76,
            lng: 4.84,
        };
        let b = Bbox::around_km(lyon, 30.0).expect("box");
        for (lat, lng) in [(0.265, 0.0), (-0.265, 0.0), (0.0, 0.38), (0.0, -0.38)] {
            let p = GeoPoint {
                lat: lyon.lat + lat,
                lng: lyon.lng + lng,
            };
            let km = p.distance_m(lyon) / 1_000.0;
            assert!(km < 30.0, "{km}");
            assert!(b.contains(p), "{p:?} is {km} km away");
        }
        assert!(!b.contains(GeoPoint {
            lat: lyon.lat + 0.3,
            lng: lyon.lng
        }));
    }
    use rstest::rstest;

    const PARIS: GeoPoint = GeoPoint {
        lat: 48.8566,
        lng: 2.3522,
    };

    #[rstest]
    #[case(0.0, 0.0, true)]
    #[case(48.85, 2.35, true)]
    #[case(85.1, 0.0, false)]
    #[case(0.0, 180.5, false)]
    #[case(f64::NAN, 0.0, false)]
    #[case(0.0, f64::INFINITY, false)]
    fn points_are_validated(#[case] lat: f64, #[case] lng: f64, #[case] ok: bool) {
        assert_eq!(GeoPoint::parse(lat, lng).is_ok(), ok);
    }

    #[test]
    fn public_point_hides_the_exact_point_but_stays_close() {
        let public = PARIS.public();
        assert_ne!(public, PARIS);
        let d = public.distance_m(PARIS);
        assert!(d > 0.0 && d < 1_000.0, "{d}");
    }

    #[test]
    fn public_point_is_the_same_for_every_point_of_a_cell() {
        // Two homes a few metres apart in one cell give the same public point, so repeated
        // listings cannot be averaged towards either.
        let a = PARIS;
        let b = GeoPoint {
            lat: PARIS.lat + 0.0002,
            lng: PARIS.lng + 0.0002,
        };
        assert_eq!(a.cell(PUBLIC_RESOLUTION), b.cell(PUBLIC_RESOLUTION));
        assert_eq!(a.public(), b.public());
        assert_eq!(a.public().public(), a.public());
    }

    #[rstest]
    #[case(0.0, DistanceBand::UnderOneKm)]
    #[case(999.0, DistanceBand::UnderOneKm)]
    #[case(1_000.0, DistanceBand::OneToThreeKm)]
    #[case(2_999.0, DistanceBand::OneToThreeKm)]
    #[case(3_000.0, DistanceBand::ThreeToTenKm)]
    #[case(10_000.0, DistanceBand::TenToThirtyKm)]
    #[case(30_000.0, DistanceBand::OverThirtyKm)]
    #[case(f64::INFINITY, DistanceBand::OverThirtyKm)]
    fn distances_fall_in_bands(#[case] metres: f64, #[case] band: DistanceBand) {
        assert_eq!(DistanceBand::from_m(metres), band);
    }

    #[test]
    fn band_between_paris_and_versailles() {
        let versailles = GeoPoint {
            lat: 48.8049,
            lng: 2.1204,
        };
        assert_eq!(
            DistanceBand::between(PARIS, versailles),
            DistanceBand::TenToThirtyKm
        );
    }

    proptest::proptest! {
        /// Everything a stranger's answer is computed from is the same for every exact point
        /// of one public cell: the public point, the stored cells (searches and counts) and
        /// the band from any other place.
        #[test]
        fn every_point_of_a_public_cell_answers_the_same(
            lat in 41.0..51.0_f64,
            lng in -5.0..9.0_f64,
            dlat in -0.004..0.004_f64,
            dlng in -0.006..0.006_f64,
            vlat in -0.1..0.1_f64,
            vlng in -0.1..0.1_f64,
        ) {
            let a = GeoPoint { lat, lng };
            let b = GeoPoint { lat: lat + dlat, lng: lng + dlng };
            proptest::prop_assume!(a.cell(PUBLIC_RESOLUTION) == b.cell(PUBLIC_RESOLUTION));
            let viewer = GeoPoint { lat: lat + vlat, lng: lng + vlng };
            proptest::prop_assert_eq!(a.public(), b.public());
            proptest::prop_assert_eq!(stored_cells(a), stored_cells(b));
            proptest::prop_assert_eq!(DistanceBand::public(viewer, a), DistanceBand::public(viewer, b));
            proptest::prop_assert_eq!(DistanceBand::public(a, viewer), DistanceBand::public(b, viewer));
        }
    }

    #[test]
    fn cells_round_trip_through_i64() {
        for res in STORED_RESOLUTIONS {
            let cell = PARIS.cell(res).expect("cell");
            let id = cell_to_i64(cell);
            assert!(id > 0);
            assert_eq!(cell_from_i64(id), Some(cell));
        }
        assert_eq!(cell_from_i64(-1), None);
        assert_eq!(cell_from_i64(42), None);
    }

    #[test]
    fn stored_cells_nest() {
        let [r8, r6, r4] = stored_cells(PARIS);
        let r8 = cell_from_i64(r8).expect("r8");
        assert_eq!(r8.parent(Resolution::Six).map(cell_to_i64), Some(r6));
        assert_eq!(r8.parent(Resolution::Four).map(cell_to_i64), Some(r4));
    }

    #[test]
    fn bbox_is_ordered_and_clamped() {
        let b = Bbox::parse(50.0, 3.0, 48.0, 2.0).expect("bbox");
        assert_eq!((b.south, b.west, b.north, b.east), (48.0, 2.0, 50.0, 3.0));
        let b = Bbox::parse(-90.0, -200.0, 90.0, 200.0).expect("bbox");
        assert_eq!(
            (b.south, b.west, b.north, b.east),
            (-85.0, -180.0, 85.0, 180.0)
        );
        assert!(Bbox::parse(1.0, 1.0, 1.0, 2.0).is_none());
        assert!(Bbox::parse(f64::NAN, 1.0, 1.0, 2.0).is_none());
    }

    #[test]
    fn a_city_viewport_is_covered_at_fine_resolution_and_every_point_inside_is_in_the_cover() {
        let bbox = Bbox::around(PARIS, 0.05, 0.08).expect("bbox");
        let c = cover(bbox);
        assert_eq!(c.resolution, Resolution::Eight);
        assert!(!c.cells.is_empty() && c.cells.len() <= MAX_COVER_CELLS);
        for i in 0..=10 {
            for j in 0..=10 {
                let p = GeoPoint {
                    lat: bbox.south + (bbox.north - bbox.south) * f64::from(i) / 10.0,
                    lng: bbox.west + (bbox.east - bbox.west) * f64::from(j) / 10.0,
                };
                let cell = p.cell(c.resolution).map(cell_to_i64).expect("cell");
                assert!(c.cells.contains(&cell), "{p:?} not covered");
            }
        }
    }

    #[test]
    fn a_country_viewport_is_covered_coarsely_and_the_world_stays_bounded() {
        let france = Bbox::parse(42.0, -5.0, 51.0, 8.0).expect("bbox");
        let c = cover(france);
        assert_eq!(c.resolution, Resolution::Four);
        assert!(c.cells.len() <= MAX_COVER_CELLS);
        let world = Bbox::parse(-85.0, -180.0, 85.0, 180.0).expect("bbox");
        let c = cover(world);
        assert!(!c.cells.is_empty() && c.cells.len() <= MAX_COVER_CELLS);
    }
}
