//! Matching: which listings answer each other, and how well. Everything a user can be shown.
//!
//! The rules live here, as pure functions over plain values, so that they are unit-tested and so
//! that the public "how matching works" page is generated from the very numbers the server uses
//! ([`WEIGHTS`], [`RELATED`], [`super::vocab::RADIUS_CHOICES_KM`],
//! [`MAX_REMOTE_CANDIDATES`], [`MAX_NEARBY_CANDIDATES`]). There are no other inputs to a score: no
//! paid boosts, no hidden signals.
//! One more input orders matches without changing their score, and the same page states it:
//! reports of a bad experience (see [`rank`]).
//!
//! - **Who can match**: an offer and a request (never two of a kind), of the same category or of
//!   two [related](RELATED) categories, by two different people, both open, and either within
//!   both authors' radius of each other, or both services that can be done remotely.
//! - **How they rank**: the sum of the points of the [`Factor`]s in [`score`].

use std::collections::BTreeSet;

#[cfg(feature = "ssr")]
use h3o::{CellIndex, Resolution};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::geo::cell_to_i64;
use super::geo::{DistanceBand, GeoPoint};
use super::listing::{Category, ListingKind, Nature};
#[cfg(feature = "ssr")]
use super::vocab::DAY;

/// How many points each reason for a match is worth. One place, read by the matcher and by the
/// explanation page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    /// Both listings are in the same category.
    pub same_category: u32,
    /// The categories are [related](RELATED).
    pub related_category: u32,
    /// By distance band between the two listings, nearest first (under 1 km, 1–3, 3–10, 10–30).
    pub distance: [u32; 4],
    /// Far apart, but both are services that can be done remotely.
    pub remote: u32,
    /// How recently the other listing was posted: within a day, a week, a month.
    pub fresh: [u32; 3],
    /// The two people have a language in common on their profiles.
    pub common_language: u32,
    /// Per word the two titles have in common, up to [`Weights::max_common_words`] words.
    pub common_word: u32,
    pub max_common_words: u32,
    /// Missions: per skill the mission wants that the person has, up to
    /// [`Weights::max_common_skills`].
    pub common_skill: u32,
    pub max_common_skills: u32,
}

/// The weights in force.
pub const WEIGHTS: Weights = Weights {
    same_category: 40,
    related_category: 20,
    distance: [30, 22, 12, 4],
    remote: 10,
    fresh: [15, 10, 5],
    common_language: 10,
    common_word: 5,
    max_common_words: 3,
    common_skill: 25,
    max_common_skills: 3,
};

/// How far from a person's home an in-person mission is proposed to them.
pub const MISSION_RADIUS_KM: i64 = 30;
/// How many missions are proposed at once.
pub const MAX_PROPOSED_MISSIONS: usize = 10;

/// Reports (the private reason of a review: no-show, late, rude) older than this are not
/// counted on the moderators' page. Reports never change matches, their score or their order:
/// anything a person sees that moved with a report would tell them who was reported.
pub const REPORT_WINDOW_DAYS: i64 = 180;

/// The age limits (in days) of the three freshness steps of [`Weights::fresh`].
pub const FRESH_DAYS: [i64; 3] = [1, 7, 30];

/// Pairs of categories close enough that an offer in one may answer a request in the other.
pub const RELATED: [(Category, Category); 6] = [
    (Category::Tools, Category::Repairs),
    (Category::Furniture, Category::Transport),
    (Category::Errands, Category::Transport),
    (Category::Errands, Category::ElderlyCompany),
    (Category::Tutoring, Category::LanguageExchange),
    (Category::ComputerHelp, Category::AdministrativeHelp),
];

/// Far-away remote services considered per listing: the most recently posted ones.
pub const MAX_REMOTE_CANDIDATES: u64 = 100;
/// Nearby listings looked at per listing, nearest first: in a busy city centre the search stops
/// at the ring of cells where this many counterparts have been seen, so matching one listing
/// costs about the same among a thousand listings or a million. Further listings are not proposed
/// to this one; they stay on the map.
pub const MAX_NEARBY_CANDIDATES: usize = 400;
/// How many matches of a listing are kept; lower-ranked ones are not stored.
pub const MAX_STORED_MATCHES: usize = 50;
/// How many of the best matches are notified by default (a deployment can change it).
pub const DEFAULT_NOTIFY_BEST: usize = 5;

/// The categories a listing in `category` can match: itself first, then related ones.
pub fn matching_categories(category: Category) -> Vec<Category> {
    let mut out = vec![category];
    for (a, b) in RELATED {
        if a == category {
            out.push(b);
        } else if b == category {
            out.push(a);
        }
    }
    out
}

#[cfg(feature = "ssr")]
fn related(a: Category, b: Category) -> bool {
    RELATED.contains(&(a, b)) || RELATED.contains(&(b, a))
}

/// One side of a possible match: a listing and what its author shows on their profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub listing_id: i64,
    pub author_id: i64,
    pub kind: ListingKind,
    pub nature: Nature,
    pub category: Category,
    pub title: String,
    pub remote: bool,
    pub location: GeoPoint,
    pub radius_m: i64,
    pub created_at: i64,
    /// Language codes from the author's profile.
    pub languages: Vec<String>,
}

#[cfg(feature = "ssr")]
impl Side {
    fn remote_service(&self) -> bool {
        self.remote && self.nature == Nature::Service
    }
}

/// A reason two listings match, in words the user can read (see `ui::text::reason`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    SameCategory(Category),
    RelatedCategory {
        mine: Category,
        theirs: Category,
    },
    Distance(DistanceBand),
    /// Both can be done remotely, and they are farther apart than the radius.
    Remote,
    /// The other listing was this many whole days old when matched.
    Fresh {
        days: i64,
    },
    CommonLanguage(String),
    CommonWords(Vec<String>),
    /// Skills a mission wants that the person has.
    CommonSkills(Vec<String>),
}

/// A reason and the points it adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factor {
    pub reason: Reason,
    pub points: u32,
}

/// A scored match, from the point of view of one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scored {
    pub points: u32,
    pub factors: Vec<Factor>,
}

/// How far apart two eligible listings are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Near(DistanceBand),
    Remote,
}

impl Reach {
    /// The factor of a distance, or of being done remotely.
    pub fn factor(self) -> Factor {
        match self {
            Self::Near(band) => Factor {
                reason: Reason::Distance(band),
                points: distance_points(band),
            },
            Self::Remote => Factor {
                reason: Reason::Remote,
                points: WEIGHTS.remote,
            },
        }
    }
}

/// A person to whom missions may be proposed: what their profile says.
#[derive(Debug, Clone, PartialEq)]
pub struct Volunteer {
    /// Lower case, as `parse_skills` keeps them.
    pub skills: Vec<String>,
    pub home: Option<GeoPoint>,
    pub languages: Vec<String>,
}

/// A mission as the proposer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct MissionSide {
    pub skills: Vec<String>,
    pub online: bool,
    pub location: Option<GeoPoint>,
    pub languages: Vec<String>,
}

#[cfg(feature = "ssr")]
/// How well a mission fits a person, or `None` when it should not be proposed to them: it must
/// want at least one of their skills, and be online or within [`MISSION_RADIUS_KM`] of their
/// home. Scored with the matcher's own weights and reasons.
pub fn mission_fit(person: &Volunteer, mission: &MissionSide) -> Option<Scored> {
    let common: Vec<String> = mission
        .skills
        .iter()
        .filter(|s| person.skills.contains(s))
        .cloned()
        .collect();
    if common.is_empty() {
        return None;
    }
    let reach = if mission.online {
        Reach::Remote
    } else {
        let metres = person.home?.distance_m(mission.location?);
        if metres > (MISSION_RADIUS_KM * 1_000) as f64 {
            return None;
        }
        Reach::Near(DistanceBand::from_m(metres))
    };
    let w = WEIGHTS;
    let counted = common.len().min(w.max_common_skills as usize);
    let mut factors = vec![
        Factor {
            reason: Reason::CommonSkills(common.into_iter().take(counted).collect()),
            points: w.common_skill * counted as u32,
        },
        reach.factor(),
    ];
    if let Some(lang) = person
        .languages
        .iter()
        .find(|l| mission.languages.contains(l))
    {
        factors.push(Factor {
            reason: Reason::CommonLanguage(lang.clone()),
            points: w.common_language,
        });
    }
    Some(Scored {
        points: factors.iter().map(|f| f.points).sum(),
        factors,
    })
}

#[cfg(feature = "ssr")]
/// Whether two listings can match at all, and how they reach each other.
pub fn eligible(a: &Side, b: &Side) -> Option<Reach> {
    if a.kind == b.kind
        || a.author_id == b.author_id
        || a.listing_id == b.listing_id
        || !(a.category == b.category || related(a.category, b.category))
    {
        return None;
    }
    let metres = a.location.distance_m(b.location);
    if metres <= a.radius_m.min(b.radius_m) as f64 {
        Some(Reach::Near(DistanceBand::from_m(metres)))
    } else if a.remote_service() && b.remote_service() {
        Some(Reach::Remote)
    } else {
        None
    }
}

#[cfg(feature = "ssr")]
/// The score of `theirs` as a match for `mine`, or `None` when they cannot match. Freshness is
/// that of the other listing, so the two sides of a pair may score it slightly differently.
pub fn score(mine: &Side, theirs: &Side, now: i64) -> Option<Scored> {
    let reach = eligible(mine, theirs)?;
    let w = WEIGHTS;
    let mut factors = Vec::new();
    if mine.category == theirs.category {
        factors.push(Factor {
            reason: Reason::SameCategory(mine.category),
            points: w.same_category,
        });
    } else {
        factors.push(Factor {
            reason: Reason::RelatedCategory {
                mine: mine.category,
                theirs: theirs.category,
            },
            points: w.related_category,
        });
    }
    factors.push(reach.factor());
    let days = (now - theirs.created_at).max(0) / DAY;
    if let Some(points) = fresh_points(days) {
        factors.push(Factor {
            reason: Reason::Fresh { days },
            points,
        });
    }
    if let Some(lang) = mine.languages.iter().find(|l| theirs.languages.contains(l)) {
        factors.push(Factor {
            reason: Reason::CommonLanguage(lang.clone()),
            points: w.common_language,
        });
    }
    let words = common_words(&mine.title, &theirs.title);
    if !words.is_empty() {
        let counted = words.len().min(w.max_common_words as usize);
        factors.push(Factor {
            reason: Reason::CommonWords(words.into_iter().take(counted).collect()),
            points: w.common_word * counted as u32,
        });
    }
    Some(Scored {
        points: factors.iter().map(|f| f.points).sum(),
        factors,
    })
}

/// The points of a distance band (0 past 30 km, which only a remote match can be).
pub fn distance_points(band: DistanceBand) -> u32 {
    match band {
        DistanceBand::UnderOneKm => WEIGHTS.distance[0],
        DistanceBand::OneToThreeKm => WEIGHTS.distance[1],
        DistanceBand::ThreeToTenKm => WEIGHTS.distance[2],
        DistanceBand::TenToThirtyKm => WEIGHTS.distance[3],
        DistanceBand::OverThirtyKm => 0,
    }
}

#[cfg(feature = "ssr")]
fn fresh_points(days: i64) -> Option<u32> {
    FRESH_DAYS
        .iter()
        .zip(WEIGHTS.fresh)
        .find(|(limit, _)| days < **limit)
        .map(|(_, points)| points)
}

/// Short words too common to say anything (English and French); words under three letters are
/// dropped anyway.
const STOP_WORDS: [&str; 24] = [
    "and", "the", "for", "with", "from", "who", "any", "can", "les", "des", "pour", "avec", "une",
    "dans", "sur", "qui", "est", "aux", "par", "pas", "help", "aide", "need", "besoin",
];

fn words(title: &str) -> BTreeSet<String> {
    title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// The words two titles share (case-insensitive, any script), in alphabetical order.
pub fn common_words(a: &str, b: &str) -> Vec<String> {
    let b = words(b);
    words(a).into_iter().filter(|w| b.contains(w)).collect()
}

/// The cells to look in for listings within `radius_m` of `point`, at the finest stored
/// resolution that needs a small disk. Any point within the radius is in one of these cells.
///
/// The cells come in `batches`, nearest first (rings 0–2, then two rings at a time), so that the
/// matcher can stop once it has looked at [`MAX_NEARBY_CANDIDATES`] listings.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDisk {
    pub resolution: Resolution,
    pub batches: Vec<Vec<i64>>,
}

#[cfg(feature = "ssr")]
impl SearchDisk {
    /// Every cell of the disk, nearest first.
    pub fn cells(&self) -> impl Iterator<Item = i64> + '_ {
        self.batches.iter().flatten().copied()
    }
}

#[cfg(feature = "ssr")]
/// The largest grid distance searched before moving to a coarser resolution (a disk of k = 12
/// holds 469 cells).
const MAX_DISK_K: u32 = 12;

#[cfg(feature = "ssr")]
/// Covers the circle of `radius_m` around `point` with a grid disk: the cell of the point and
/// every cell within `k` steps, `k` chosen from the cell's own size (cells vary across the
/// globe) with a margin for the grid's distortion.
pub fn search_disk(point: GeoPoint, radius_m: i64) -> SearchDisk {
    let radius = radius_m.max(0) as f64;
    let mut last = None;
    for resolution in [Resolution::Eight, Resolution::Six, Resolution::Four] {
        let Some(cell) = point.cell(resolution) else {
            break;
        };
        let k = disk_k(cell, radius);
        last = Some((resolution, cell, k));
        if k <= MAX_DISK_K {
            break;
        }
    }
    match last {
        Some((resolution, cell, k)) => {
            let mut batches = vec![Vec::new(); ring_batch(k) + 1];
            for (c, ring) in cell.grid_disk_distances::<Vec<(CellIndex, u32)>>(k) {
                batches[ring_batch(ring)].push(cell_to_i64(c));
            }
            batches.retain(|b| !b.is_empty());
            SearchDisk {
                resolution,
                batches,
            }
        }
        None => SearchDisk {
            resolution: Resolution::Eight,
            batches: Vec::new(),
        },
    }
}

#[cfg(feature = "ssr")]
/// The batch of ring `ring`: rings 0–2 together (19 cells), then two rings at a time (the disk
/// grows to 61, 127, 217, 331, 469 cells), so a search stops within a few queries and reads at
/// most about twice the cap (three times after the first batch).
fn ring_batch(ring: u32) -> usize {
    (ring.saturating_sub(1) / 2) as usize
}

#[cfg(feature = "ssr")]
/// The grid disk around `point` at a given resolution, large enough for `radius_m`.
pub fn disk_at(point: GeoPoint, radius_m: i64, resolution: Resolution) -> Vec<i64> {
    point.cell(resolution).map_or_else(Vec::new, |cell| {
        cell.grid_disk::<Vec<CellIndex>>(disk_k(cell, radius_m.max(0) as f64))
            .into_iter()
            .map(cell_to_i64)
            .collect()
    })
}

#[cfg(feature = "ssr")]
/// Grid steps needed to reach every cell within `radius` metres. A point's cell centre is at most
/// one edge `e` from it, so centres of cells holding points within the radius are within
/// `radius + 2e`; ring `k` of a hexagonal grid is at least `1.5·k·e` away. The 0.8 factor covers
/// neighbours smaller than this cell.
fn disk_k(cell: CellIndex, radius: f64) -> u32 {
    let edge = (2.0 * cell.area_m2() / (3.0 * 3f64.sqrt())).sqrt();
    ((radius + 2.0 * edge) / (1.5 * edge * 0.8)).ceil() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::RADIUS_CHOICES_KM;

    fn volunteer() -> Volunteer {
        Volunteer {
            skills: vec!["cuisine".into(), "accueil".into()],
            home: Some(GeoPoint {
                lat: 45.76,
                lng: 4.84,
            }),
            languages: vec!["ar".into(), "fr".into()],
        }
    }

    fn mission(skills: &[&str], km_north: f64) -> MissionSide {
        MissionSide {
            skills: skills.iter().map(|s| s.to_string()).collect(),
            online: false,
            location: Some(GeoPoint {
                lat: 45.76 + km_north / 111.2,
                lng: 4.84,
            }),
            languages: vec!["fr".into()],
        }
    }

    #[test]
    fn a_mission_wanting_my_skills_nearby_is_proposed_with_its_reasons() {
        let fit =
            mission_fit(&volunteer(), &mission(&["accueil", "cuisine", "tri"], 0.5)).expect("fits");
        assert_eq!(
            fit.factors,
            vec![
                Factor {
                    reason: Reason::CommonSkills(vec!["accueil".into(), "cuisine".into()]),
                    points: 2 * WEIGHTS.common_skill,
                },
                Factor {
                    reason: Reason::Distance(DistanceBand::UnderOneKm),
                    points: WEIGHTS.distance[0],
                },
                Factor {
                    reason: Reason::CommonLanguage("fr".into()),
                    points: WEIGHTS.common_language,
                },
            ]
        );
        assert_eq!(fit.points, 2 * 25 + 30 + 10);
    }

    #[test]
    fn no_common_skill_too_far_or_no_home_means_no_proposal() {
        assert_eq!(
            mission_fit(&volunteer(), &mission(&["menuiserie"], 1.0)),
            None
        );
        assert_eq!(
            mission_fit(&volunteer(), &mission(&["cuisine"], 31.0)),
            None
        );
        assert!(mission_fit(&volunteer(), &mission(&["cuisine"], 29.0)).is_some());
        let homeless = Volunteer {
            home: None,
            ..volunteer()
        };
        assert_eq!(mission_fit(&homeless, &mission(&["cuisine"], 1.0)), None);
        let no_skills = Volunteer {
            skills: Vec::new(),
            ..volunteer()
        };
        assert_eq!(mission_fit(&no_skills, &mission(&["cuisine"], 1.0)), None);
    }

    #[test]
    fn an_online_mission_reaches_anyone_and_skills_count_up_to_the_cap() {
        let person = Volunteer {
            skills: vec!["a1".into(), "b2".into(), "c3".into(), "d4".into()],
            home: None,
            languages: Vec::new(),
        };
        let online = MissionSide {
            skills: vec!["a1".into(), "b2".into(), "c3".into(), "d4".into()],
            online: true,
            location: None,
            languages: Vec::new(),
        };
        let fit = mission_fit(&person, &online).expect("fits");
        assert_eq!(
            fit.points,
            WEIGHTS.common_skill * WEIGHTS.max_common_skills + WEIGHTS.remote
        );
        assert_eq!(fit.factors[1].reason, Reason::Remote);
    }

    const NOW: i64 = 1_800_000_000;

    fn side(kind: ListingKind, category: Category, at: GeoPoint) -> Side {
        Side {
            listing_id: rand_id(at, kind),
            author_id: rand_id(at, kind) + 1,
            kind,
            nature: Nature::Service,
            category,
            title: "Maths homework".into(),
            remote: false,
            location: at,
            radius_m: 5_000,
            created_at: NOW,
            languages: vec!["fr".into()],
        }
    }

    fn rand_id(at: GeoPoint, kind: ListingKind) -> i64 {
        (at.lat * 1e6) as i64 + (at.lng * 1e3) as i64 + kind as i64 * 7
    }

    const PARIS: GeoPoint = GeoPoint {
        lat: 48.8566,
        lng: 2.3522,
    };

    /// A point `metres` east of `p` (small distances).
    fn east(p: GeoPoint, metres: f64) -> GeoPoint {
        GeoPoint {
            lat: p.lat,
            lng: p.lng + metres / (111_320.0 * p.lat.to_radians().cos()),
        }
    }

    #[test]
    fn an_offer_matches_a_nearby_request_of_the_same_category() {
        let offer = side(ListingKind::Offer, Category::Tutoring, PARIS);
        let request = Side {
            title: "Homework for my son".into(),
            created_at: NOW - 2 * DAY,
            ..side(
                ListingKind::Request,
                Category::Tutoring,
                east(PARIS, 1_500.0),
            )
        };
        let s = score(&offer, &request, NOW).expect("match");
        assert_eq!(
            s.factors,
            vec![
                Factor {
                    reason: Reason::SameCategory(Category::Tutoring),
                    points: 40
                },
                Factor {
                    reason: Reason::Distance(DistanceBand::OneToThreeKm),
                    points: 22
                },
                Factor {
                    reason: Reason::Fresh { days: 2 },
                    points: 10
                },
                Factor {
                    reason: Reason::CommonLanguage("fr".into()),
                    points: 10
                },
                Factor {
                    reason: Reason::CommonWords(vec!["homework".into()]),
                    points: 5
                },
            ]
        );
        assert_eq!(s.points, 87);
    }

    #[test]
    fn two_of_a_kind_never_match() {
        let a = side(ListingKind::Offer, Category::Food, PARIS);
        let b = side(ListingKind::Offer, Category::Food, east(PARIS, 100.0));
        assert_eq!(eligible(&a, &b), None);
    }

    #[test]
    fn own_listings_never_match() {
        let a = side(ListingKind::Offer, Category::Food, PARIS);
        let b = Side {
            author_id: a.author_id,
            ..side(ListingKind::Request, Category::Food, east(PARIS, 100.0))
        };
        assert_eq!(eligible(&a, &b), None);
    }

    #[test]
    fn unrelated_categories_never_match_and_related_ones_score_less() {
        let a = side(ListingKind::Offer, Category::Tools, PARIS);
        let b = side(ListingKind::Request, Category::Food, east(PARIS, 100.0));
        assert_eq!(eligible(&a, &b), None);
        let c = side(ListingKind::Request, Category::Repairs, east(PARIS, 100.0));
        let s = score(&a, &c, NOW).expect("related");
        assert_eq!(
            s.factors[0],
            Factor {
                reason: Reason::RelatedCategory {
                    mine: Category::Tools,
                    theirs: Category::Repairs
                },
                points: WEIGHTS.related_category
            }
        );
        const { assert!(WEIGHTS.related_category < WEIGHTS.same_category) };
    }

    #[test]
    fn a_listing_just_outside_the_radius_does_not_match() {
        let a = side(ListingKind::Offer, Category::Food, PARIS);
        let inside = side(ListingKind::Request, Category::Food, east(PARIS, 4_950.0));
        let outside = side(ListingKind::Request, Category::Food, east(PARIS, 5_050.0));
        assert!(eligible(&a, &inside).is_some());
        assert_eq!(eligible(&a, &outside), None);
    }

    #[test]
    fn the_smaller_radius_of_the_two_applies_both_ways() {
        let a = Side {
            radius_m: 1_000,
            ..side(ListingKind::Offer, Category::Food, PARIS)
        };
        let b = side(ListingKind::Request, Category::Food, east(PARIS, 2_000.0));
        assert_eq!(eligible(&a, &b), None);
        assert_eq!(eligible(&b, &a), None);
    }

    #[test]
    fn remote_services_match_far_away_but_goods_do_not() {
        let lyon = GeoPoint {
            lat: 45.764,
            lng: 4.8357,
        };
        let a = Side {
            remote: true,
            ..side(ListingKind::Offer, Category::ComputerHelp, PARIS)
        };
        let b = Side {
            remote: true,
            ..side(ListingKind::Request, Category::ComputerHelp, lyon)
        };
        assert_eq!(eligible(&a, &b), Some(Reach::Remote));
        let s = score(&a, &b, NOW).expect("remote");
        assert!(s.factors.contains(&Factor {
            reason: Reason::Remote,
            points: WEIGHTS.remote
        }));
        // Only one side accepts remote help: no match.
        let c = Side {
            remote: false,
            ..b.clone()
        };
        assert_eq!(eligible(&a, &c), None);
        // Goods cannot be handed over remotely.
        let g1 = Side {
            nature: Nature::Good,
            ..a.clone()
        };
        let g2 = Side {
            nature: Nature::Good,
            ..b
        };
        assert_eq!(eligible(&g1, &g2), None);
    }

    #[test]
    fn freshness_and_words_are_capped() {
        let a = Side {
            title: "bike repair tools pump wheel".into(),
            ..side(ListingKind::Offer, Category::Tools, PARIS)
        };
        let b = Side {
            title: "Wheel, pump, tools and bike!".into(),
            created_at: NOW - 90 * DAY,
            languages: vec![],
            ..side(ListingKind::Request, Category::Tools, PARIS)
        };
        let s = score(&a, &b, NOW).expect("match");
        assert!(
            !s.factors
                .iter()
                .any(|f| matches!(f.reason, Reason::Fresh { .. }))
        );
        let words = s
            .factors
            .iter()
            .find(|f| matches!(f.reason, Reason::CommonWords(_)))
            .expect("words");
        assert_eq!(words.points, 15);
        assert_eq!(
            words.reason,
            Reason::CommonWords(vec!["bike".into(), "pump".into(), "tools".into()])
        );
    }

    #[test]
    fn words_ignore_case_short_words_and_work_in_arabic() {
        assert_eq!(
            common_words("Cours de FRANÇAIS", "français pour débutants"),
            vec!["français".to_string()]
        );
        assert_eq!(common_words("a b of to", "a b of to"), Vec::<String>::new());
        assert_eq!(
            common_words("دروس اللغة العربية", "أبحث عن دروس"),
            vec!["دروس".to_string()]
        );
    }

    #[test]
    fn the_score_is_the_sum_of_its_factors_and_symmetric_but_for_freshness() {
        let a = side(ListingKind::Offer, Category::Food, PARIS);
        let b = side(ListingKind::Request, Category::Food, east(PARIS, 800.0));
        let ab = score(&a, &b, NOW).expect("ab");
        let ba = score(&b, &a, NOW).expect("ba");
        assert_eq!(ab.points, ab.factors.iter().map(|f| f.points).sum::<u32>());
        assert_eq!(ab.points, ba.points);
    }

    #[test]
    fn related_categories_go_both_ways() {
        assert_eq!(
            matching_categories(Category::Repairs),
            vec![Category::Repairs, Category::Tools]
        );
        assert_eq!(
            matching_categories(Category::Errands),
            vec![
                Category::Errands,
                Category::Transport,
                Category::ElderlyCompany
            ]
        );
        assert_eq!(matching_categories(Category::Food), vec![Category::Food]);
    }

    /// Every point within the radius lies in a cell of the search disk, for radii of every
    /// choice and places from the equator to the far north.
    #[test]
    fn the_search_disk_holds_every_point_within_the_radius() {
        let places = [
            PARIS,
            GeoPoint {
                lat: 0.5,
                lng: 10.0,
            },
            GeoPoint {
                lat: 64.1,
                lng: -21.9,
            },
            GeoPoint {
                lat: -33.9,
                lng: 151.2,
            },
        ];
        for place in places {
            for km in RADIUS_CHOICES_KM {
                let radius = km * 1_000;
                let disk = search_disk(place, radius);
                let cells: std::collections::HashSet<i64> = disk.cells().collect();
                assert!(cells.len() <= 469, "{} cells", cells.len());
                for i in 0..720 {
                    let bearing = (i as f64 / 2.0).to_radians();
                    let dist = radius as f64 * (0.999 - (i % 7) as f64 * 0.1).max(0.0);
                    let p = GeoPoint {
                        lat: place.lat + dist * bearing.cos() / 111_320.0,
                        lng: place.lng
                            + dist * bearing.sin() / (111_320.0 * place.lat.to_radians().cos()),
                    };
                    if place.distance_m(p) > radius as f64 {
                        continue;
                    }
                    let cell = p.cell(disk.resolution).map(cell_to_i64).expect("cell");
                    assert!(cells.contains(&cell), "{place:?} r={km}km misses {p:?}");
                }
            }
        }
    }

    #[test]
    fn a_disk_at_a_fixed_resolution_covers_the_widest_alert() {
        let cells = disk_at(PARIS, 25_000, Resolution::Six);
        let far = east(PARIS, 24_500.0);
        let cell = far.cell(Resolution::Six).map(cell_to_i64).expect("cell");
        assert!(cells.contains(&cell));
        assert!(cells.len() < 400);
    }

    /// Batches come nearest first: every cell of a batch is at least as far (in grid steps) from
    /// the centre as every cell of the batches before it, and no cell appears twice.
    #[test]
    fn the_search_disk_comes_in_batches_nearest_first() {
        let disk = search_disk(PARIS, 5_000);
        let centre = PARIS.cell(disk.resolution).expect("cell");
        let steps = |c: i64| {
            let cell = crate::domain::geo::cell_from_i64(c).expect("valid cell");
            centre.grid_distance(cell).expect("distance")
        };
        assert!(disk.batches.len() >= 4, "{} batches", disk.batches.len());
        assert_eq!(disk.batches[0].len(), 19);
        let mut furthest = 0;
        for batch in &disk.batches {
            let near = batch.iter().map(|c| steps(*c)).min().expect("non-empty");
            assert!(near > furthest || furthest == 0, "{near} after {furthest}");
            furthest = batch.iter().map(|c| steps(*c)).max().expect("non-empty");
        }
        let all: std::collections::HashSet<i64> = disk.cells().collect();
        assert_eq!(all.len(), disk.cells().count());
    }

    #[test]
    fn small_radii_search_fine_cells_and_large_ones_coarser() {
        assert_eq!(search_disk(PARIS, 1_000).resolution, Resolution::Eight);
        assert_eq!(search_disk(PARIS, 25_000).resolution, Resolution::Six);
    }
}
