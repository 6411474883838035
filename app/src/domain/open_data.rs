//! The statistical-secrecy rules of Entraide's open data (issue 24): which areas a figure may be
//! published for, so that no person can be picked out, whatever an attacker adds or subtracts.
//!
//! A figure (listings posted, exchanges completed, hours…) is built from *parts*: one person's
//! count in one cell of the finest resolution ([`FINEST_RESOLUTION`], the public cell of every
//! place in the app). The rules, after the French statistics office's (INSEE):
//!
//! 1. **Threshold**: a published figure covers at least [`MIN_PEOPLE`] distinct people.
//! 2. **Dominance**: no person accounts for more than [`MAX_SHARE_PERCENT`] % of it.
//! 3. **A partition, from the top down**: areas are cells of the H3 hierarchy. Starting from the
//!    coarsest cells, a cell is split into its children only when *every* child with activity
//!    passes 1 and 2; otherwise the cell is published whole (if it passes) or not at all. So a
//!    cell and its children are never published together, each part counts in exactly one
//!    published area, and a parent minus its published children is always nothing.
//! 4. **The same tree for every view**: a coarser view (resolution 7) is the finer one (8) cut
//!    at 7, so its areas are unions of the finer view's areas. A period is split with the
//!    conditions of every period that adds up to it ([`Conditions`]): the fourth quarter's areas
//!    must pass in each quarter of its year, and the year's in every quarter and the year, so
//!    that a year is always exactly the sum of its published quarters, area by area, and nothing
//!    is learnt by subtracting them. A table broken down by category is split only where every
//!    category with activity passes, and the total too, so a total minus the published
//!    categories of the same area is always zero.
//! 5. No period shorter than a quarter, published only once it has ended ([`Quarter::ended`]);
//!    no per-person row, no exact point, no free text (the caller's part: parts carry only a
//!    cell, an anonymous person key and a count).
//!
//! Everything here is pure: the hierarchy is given as a function (`parent`), so the rules are
//! tested on small trees and on real H3 cells alike, and the page explaining them is generated
//! from these constants.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A published figure covers at least this many distinct people (INSEE: "moins de 11 unités ne
/// doit pas être diffusée").
pub const MIN_PEOPLE: usize = 11;

/// No person accounts for more than this share of a published figure, in percent (INSEE's
/// dominance rule for business statistics, applied here to people).
pub const MAX_SHARE_PERCENT: u64 = 85;

/// The finest resolution published: the public cell of every place in the app.
pub const FINEST_RESOLUTION: u8 = 8;

/// The coarser resolution offered (districts rather than streets).
pub const COARSE_RESOLUTION: u8 = 7;

/// A request with no proposal within this many days counts as an unmet need.
pub const UNMET_AFTER_DAYS: i64 = 14;

/// One person's part in one unit of a figure (a listing, an exchange, a registration…), in one
/// cell of the finest resolution, for one period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Part {
    /// A cell at [`FINEST_RESOLUTION`] (an H3 index, or any id of the caller's hierarchy).
    pub cell: u64,
    /// Who: any key that tells people apart; never published.
    pub person: i64,
    /// What is counted: an exchange has one unit and two parts, one per person.
    pub unit: i64,
    /// How much the unit adds to the figure: 1 for things counted, minutes for hours.
    pub amount: u64,
}

/// A figure as published: its value and the number of distinct people it covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figure {
    /// The sum of the amounts of its distinct units.
    pub value: u64,
    /// Distinct people.
    pub participants: u64,
}

/// The value of a figure and what each person accounts for in it.
fn tally<'a>(parts: impl IntoIterator<Item = &'a Part>) -> (Figure, u64) {
    let mut units: HashMap<i64, u64> = HashMap::new();
    let mut per_person: HashMap<i64, BTreeMap<i64, u64>> = HashMap::new();
    for part in parts {
        units.insert(part.unit, part.amount);
        per_person
            .entry(part.person)
            .or_default()
            .insert(part.unit, part.amount);
    }
    let top = per_person
        .values()
        .map(|units| units.values().sum::<u64>())
        .max()
        .unwrap_or(0);
    let figure = Figure {
        value: units.values().sum(),
        participants: per_person.len() as u64,
    };
    (figure, top)
}

/// A figure's value and people.
pub fn figure<'a>(parts: impl IntoIterator<Item = &'a Part>) -> Figure {
    tally(parts).0
}

/// Whether a figure made of these parts may be published: at least [`MIN_PEOPLE`] distinct
/// people, and no one taking part in more than [`MAX_SHARE_PERCENT`] % of it (of its
/// exchanges, its hours…). An empty figure (zero, no one) passes: it reveals nothing about
/// anyone.
pub fn passes<'a>(parts: impl IntoIterator<Item = &'a Part>) -> bool {
    let (figure, top) = tally(parts);
    figure.participants == 0
        || (figure.participants >= MIN_PEOPLE as u64
            && top * 100 <= figure.value * MAX_SHARE_PERCENT)
}

/// The figures that must all pass for an area to be split: one list of parts per condition
/// (each quarter of the year so far; each category of a table and its total).
pub type Conditions<'a> = [&'a [Part]];

/// The published areas: for each, the cell (at the resolution it was published at).
///
/// `parent` gives a cell's parent (`None` at the top of the hierarchy) and `resolution` its
/// resolution. Every part's cell must be at a resolution at least `max_resolution`; parts of
/// finer cells are counted in their ancestor at `max_resolution`. Areas whose activity fails at
/// the top of the hierarchy are not published (returned in [`Partition::withheld`]).
pub fn partition(
    conditions: &Conditions<'_>,
    max_resolution: u8,
    parent: impl Fn(u64) -> Option<u64>,
    resolution: impl Fn(u64) -> u8,
) -> Partition {
    // Each condition's parts by the cell they count in, and the tree of cells above those.
    // Parts are kept once, where they count, not under every ancestor: a million listings with
    // a table by category and quarter would otherwise be copied nine times each.
    let mut children: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
    let mut roots: BTreeSet<u64> = BTreeSet::new();
    let mut at: Vec<HashMap<u64, Vec<Part>>> = vec![HashMap::new(); conditions.len()];
    let mut placed: HashSet<u64> = HashSet::new();
    for (index, parts) in conditions.iter().enumerate() {
        for part in parts.iter() {
            let mut cell = part.cell;
            while resolution(cell) > max_resolution {
                match parent(cell) {
                    Some(up) => cell = up,
                    None => break,
                }
            }
            at[index].entry(cell).or_default().push(*part);
            if placed.insert(cell) {
                let mut c = cell;
                loop {
                    match parent(c) {
                        Some(up) => {
                            let new = children.entry(up).or_default().insert(c);
                            c = up;
                            if !new {
                                break;
                            }
                        }
                        None => {
                            roots.insert(c);
                            break;
                        }
                    }
                }
            }
        }
    }
    // Whether a cell passes every condition, from the parts of its whole subtree (memoised: a
    // cell is asked as a child, then maybe again as a parent).
    let mut memo: HashMap<u64, bool> = HashMap::new();
    let mut cell_passes = |cell: u64| -> bool {
        if let Some(known) = memo.get(&cell) {
            return *known;
        }
        let mut subtree = vec![cell];
        let mut i = 0;
        while i < subtree.len() {
            if let Some(kids) = children.get(&subtree[i]) {
                subtree.extend(kids.iter().copied());
            }
            i += 1;
        }
        let ok = at.iter().all(|parts| {
            passes(
                subtree
                    .iter()
                    .filter_map(|c| parts.get(c))
                    .flat_map(|v| v.iter()),
            )
        });
        memo.insert(cell, ok);
        ok
    };
    let mut out = Partition::default();
    let mut stack: Vec<u64> = roots.into_iter().rev().collect();
    while let Some(cell) = stack.pop() {
        let kids = children.get(&cell);
        let split = resolution(cell) < max_resolution
            && kids.is_some_and(|kids| kids.iter().all(|&kid| cell_passes(kid)));
        if split {
            stack.extend(kids.into_iter().flatten().rev());
        } else if cell_passes(cell) {
            out.areas.push(cell);
        } else {
            out.withheld.push(cell);
        }
    }
    out
}

/// What [`partition`] decided.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Partition {
    /// The published areas, each a cell; no two overlap.
    pub areas: Vec<u64>,
    /// Cells at the top of the hierarchy whose activity cannot be published at all.
    pub withheld: Vec<u64>,
}

/// What is counted, per area and period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Measure {
    /// Offers posted (one unit per listing, its author).
    Offers,
    /// Requests posted.
    Requests,
    /// Requests that received no proposal within [`UNMET_AFTER_DAYS`] days.
    Unmet,
    /// Exchanges completed (one unit, its two people), where the listing is.
    Exchanges,
    /// Volunteer minutes recorded at an event or a mission (published in hours).
    Hours,
    /// Event and mission slots held with at least one person registered (its people).
    Events,
    /// Registrations to slots held in the period.
    Registrations,
    /// People who joined and gave a home area (counted in its public cell).
    Members,
}

impl Measure {
    pub const ALL: [Measure; 8] = [
        Measure::Offers,
        Measure::Requests,
        Measure::Unmet,
        Measure::Exchanges,
        Measure::Hours,
        Measure::Events,
        Measure::Registrations,
        Measure::Members,
    ];

    /// Its name in URLs and files.
    pub fn code(self) -> &'static str {
        match self {
            Measure::Offers => "offers",
            Measure::Requests => "requests",
            Measure::Unmet => "unmet",
            Measure::Exchanges => "exchanges",
            Measure::Hours => "hours",
            Measure::Events => "events",
            Measure::Registrations => "registrations",
            Measure::Members => "members",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Whether it is broken down by category (a listing's, or an activity's).
    pub fn has_categories(self) -> bool {
        self != Measure::Members
    }
}

/// A published period: a quarter, or a whole year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Quarter(Quarter),
    Year(i32),
}

impl Period {
    /// `2026-Q3` or `2026`.
    pub fn code(self) -> String {
        match self {
            Period::Quarter(q) => format!("{}-Q{}", q.year, q.number),
            Period::Year(y) => y.to_string(),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code.split_once("-Q") {
            Some((year, number)) => {
                let year = year.parse().ok().filter(|y| (1970..=9999).contains(y))?;
                let number: u8 = number.parse().ok()?;
                (1..=4)
                    .contains(&number)
                    .then_some(Period::Quarter(Quarter { year, number }))
            }
            None => code
                .parse()
                .ok()
                .filter(|y| (1970..=9999).contains(y))
                .map(Period::Year),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Quarter(q) => q.year,
            Period::Year(y) => y,
        }
    }

    /// The quarters it is made of.
    pub fn quarters(self) -> Vec<Quarter> {
        match self {
            Period::Quarter(q) => vec![q],
            Period::Year(year) => (1..=4).map(|number| Quarter { year, number }).collect(),
        }
    }

    /// The periods whose figures its areas must pass (rule 4 above): for a quarter, each
    /// quarter of its year up to it; for a year, its four quarters and itself. Each is given
    /// as the quarters it covers.
    pub fn conditions(self) -> Vec<Vec<Quarter>> {
        match self {
            Period::Quarter(q) => q.year_so_far().map(|q| vec![q]).collect(),
            Period::Year(_) => {
                let quarters = self.quarters();
                quarters
                    .iter()
                    .map(|q| vec![*q])
                    .chain([quarters.clone()])
                    .collect()
            }
        }
    }

    /// Orders periods by when they end (a year after its last quarter): the newest is the
    /// greatest.
    pub fn recency(self) -> (Quarter, bool) {
        (self.last_quarter(), matches!(self, Period::Year(_)))
    }

    /// The last quarter it covers: published once that quarter has ended and
    /// [`UNMET_AFTER_DAYS`] more days have passed (so that unmet needs are known).
    pub fn last_quarter(self) -> Quarter {
        match self {
            Period::Quarter(q) => q,
            Period::Year(year) => Quarter { year, number: 4 },
        }
    }
}

/// A demand index at or above this is flagged as unusually high.
pub const DEMAND_HIGH: f64 = 2.0;
/// A demand index at or below this is flagged as unusually low.
pub const DEMAND_LOW: f64 = 0.5;
/// Fewer comparable areas than this, and no index is given: a median of two says nothing.
pub const DEMAND_MIN_AREAS: usize = 3;

/// How an area's demand compares with the median area's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Demand {
    High,
    Usual,
    Low,
}

impl Demand {
    pub fn code(self) -> &'static str {
        match self {
            Demand::High => "high",
            Demand::Usual => "usual",
            Demand::Low => "low",
        }
    }
}

/// The demand index of each area of a view for one measure of requests (all requests, or one
/// category's; unmet requests): its figure over the median of the comparable areas' figures,
/// and a flag ([`DEMAND_HIGH`], [`DEMAND_LOW`]). Comparable areas are those published at the
/// view's own resolution (`comparable`): an area merged into a larger cell covers more ground,
/// so it gets no index. It is computed from published figures only, so it reveals nothing they
/// do not. `None` for an area without one.
pub fn demand_index(areas: &[(u64, bool)]) -> Vec<Option<(f64, Demand)>> {
    let mut values: Vec<u64> = areas
        .iter()
        .filter(|(_, comparable)| *comparable)
        .map(|(v, _)| *v)
        .collect();
    if values.len() < DEMAND_MIN_AREAS {
        return vec![None; areas.len()];
    }
    values.sort_unstable();
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    };
    areas
        .iter()
        .map(|(value, comparable)| {
            (*comparable && median > 0.0).then(|| {
                let index = *value as f64 / median;
                let flag = if index >= DEMAND_HIGH {
                    Demand::High
                } else if index <= DEMAND_LOW {
                    Demand::Low
                } else {
                    Demand::Usual
                };
                (index, flag)
            })
        })
        .collect()
}

/// A territory's figure (a commune, a district… loaded by the operator): the sum of the
/// published areas of the finest view ([`FINEST_RESOLUTION`]) whose centre lies in it.
///
/// Territories follow no cell boundary, so a territory computed from the people in it would
/// differ from the published cells by a strip of a few people along its border, and a
/// territory minus the cells inside it would single them out. Built from published areas
/// only, a territory is a sum of published figures: subtracting cells, other territories,
/// periods or categories from it yields published figures or sums of them, never anything
/// new. The price: a territory's edge follows its areas' centres (an area merged into a large
/// cell counts wholly in the territory holding its centre), and someone active in two of its
/// areas counts in each (`participants` is a sum, as `value` is).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TerritoryFigure {
    /// The sum of its areas' values.
    pub value: u64,
    /// The sum of its areas' participants.
    pub participants: u64,
    /// How many published areas it sums.
    pub areas: u64,
}

/// The figure of each territory holding at least one published area: `areas` are the
/// published areas (cell, figure), `territories_of` gives the territories an area's centre
/// lies in (several when territories nest: a city and its districts).
pub fn territory_figures<T: Ord + Copy>(
    areas: &[(u64, Figure)],
    territories_of: impl Fn(u64) -> Vec<T>,
) -> BTreeMap<T, TerritoryFigure> {
    let mut out: BTreeMap<T, TerritoryFigure> = BTreeMap::new();
    for (cell, figure) in areas {
        for territory in territories_of(*cell) {
            let t = out.entry(territory).or_default();
            t.value += figure.value;
            t.participants += figure.participants;
            t.areas += 1;
        }
    }
    out
}

/// A figure per 1 000 inhabitants (`None` without a population).
pub fn per_thousand(value: f64, population: Option<i64>) -> Option<f64> {
    population
        .filter(|p| *p > 0)
        .map(|p| value * 1000.0 / p as f64)
}

/// A calendar quarter: the shortest period published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u8,
}

impl Quarter {
    /// The quarter a month (1 to 12) falls in.
    pub fn of(year: i32, month: u8) -> Self {
        Self {
            year,
            number: (month.clamp(1, 12) - 1) / 3 + 1,
        }
    }

    /// The first month (1 to 12) of the quarter.
    pub fn first_month(self) -> u8 {
        (self.number - 1) * 3 + 1
    }

    /// Whether the quarter has ended by the given date (year, month): published only then.
    pub fn ended(self, year: i32, month: u8) -> bool {
        Quarter::of(year, month) > self
    }

    /// The quarters of the same year up to this one: the conditions its areas must pass.
    pub fn year_so_far(self) -> impl Iterator<Item = Quarter> {
        (1..=self.number).map(move |number| Quarter {
            year: self.year,
            number,
        })
    }
}

/// The classes of the `/insights` map's colours: equal steps up to the largest value shown.
pub const CLASSES: u8 = 4;

/// The class (1 to [`CLASSES`]) of `value` when the largest value shown is `max`.
pub fn class_of(value: f64, max: f64) -> u8 {
    if max <= 0.0 || value <= 0.0 {
        return 1;
    }
    ((value / max * f64::from(CLASSES)).ceil() as u8).clamp(1, CLASSES)
}

/// What the `/insights` page asks for, as read from its address (codes as typed; unknown ones
/// fall back to the defaults, so an old shared link still shows figures).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InsightsQuery {
    pub measure: String,
    pub period: String,
    pub resolution: String,
    pub category: String,
    /// The map's labels write decimals with a comma (a French reader), as the table does.
    #[serde(default)]
    pub comma: bool,
}

/// One area of the `/insights` page: its row in the table and its label on the map, which
/// share its number.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InsightArea {
    /// 1 for the largest value, then down.
    pub number: u32,
    /// The H3 cell, in hexadecimal, as in the API; a territory's code.
    pub cell: String,
    /// A territory's name (none for a cell).
    pub name: Option<String>,
    /// A territory's figure per 1 000 inhabitants, as shown (two decimals).
    pub per_1000: Option<String>,
    /// Published as a larger cell than the view's resolution (too few people below it).
    pub merged: bool,
    /// The cell's centre.
    pub lat: f64,
    pub lng: f64,
    /// The figure as shown (hours with one decimal).
    pub value: String,
    pub participants: i64,
    /// For requests: [`Demand::code`] and the index with two decimals.
    pub demand: Option<String>,
    pub index: Option<String>,
    /// Its colour class, 1 to [`CLASSES`] (of its rate, when the map shows rates).
    pub class: u8,
}

/// The `resolution` of `/insights` that shows territories instead of cells.
pub const BY_TERRITORY: &str = "t";

/// The `/insights` page's figures, read from the published tables only.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InsightsView {
    /// Every published period, newest first.
    pub periods: Vec<String>,
    pub measure: Measure,
    /// The period shown (empty when nothing is published yet).
    pub period: String,
    pub resolution: u8,
    /// Territories are shown instead of cells.
    pub by_territory: bool,
    /// The operator has loaded territories (the page then offers them).
    pub has_territories: bool,
    /// The map's classes and legend are of rates per 1 000 inhabitants (territories whose
    /// population is known).
    pub rates: bool,
    /// The category shown, empty for all.
    pub category: String,
    /// The categories published for this measure and period.
    pub categories: Vec<String>,
    pub areas: Vec<InsightArea>,
    /// The upper bound of each colour class, as shown in the legend.
    pub bounds: Vec<String>,
    /// The areas' outlines with their number, class and label, for the map.
    pub geojson: String,
    /// Where the map opens (south, west, north, east): around the largest area, so its
    /// neighbours are readable; the other cities are a zoom out away, and all are in the table.
    pub focus: [f64; 4],
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A toy hierarchy for the tests: a cell at resolution `r` is `r * 10^6 + index`, its
    /// parent `(r - 1) * 10^6 + index / 7` (seven children each, like H3's hexagons).
    fn parent(cell: u64) -> Option<u64> {
        let (r, i) = (cell / 1_000_000, cell % 1_000_000);
        (r > 0).then(|| (r - 1) * 1_000_000 + i / 7)
    }

    fn resolution(cell: u64) -> u8 {
        (cell / 1_000_000) as u8
    }

    fn cell_at(r: u64, index: u64) -> u64 {
        r * 1_000_000 + index
    }

    /// The resolution-8 cells under a cell, as a range of indexes.
    fn covers(area: u64, cell: u64) -> bool {
        let mut c = cell;
        loop {
            if c == area {
                return true;
            }
            match parent(c) {
                Some(p) => c = p,
                None => return false,
            }
        }
    }

    fn people(parts: &[Part]) -> usize {
        parts
            .iter()
            .map(|p| p.person)
            .collect::<BTreeSet<_>>()
            .len()
    }

    fn parts_in(area: u64, parts: &[Part]) -> Vec<Part> {
        parts
            .iter()
            .filter(|p| covers(area, p.cell))
            .copied()
            .collect()
    }

    fn one(cell: u64, person: i64) -> Part {
        Part {
            cell: cell_at(8, cell),
            person,
            unit: person * 1000 + cell as i64,
            amount: 1,
        }
    }

    #[test]
    fn eleven_people_pass_ten_do_not() {
        let ten: Vec<Part> = (0..10).map(|p| one(0, p)).collect();
        // Counting a person twice does not make two people.
        let mut twice = ten.clone();
        twice.push(Part { unit: 77, ..ten[0] });
        assert!(!passes(&twice));
        let eleven: Vec<Part> = (0..11).map(|p| one(0, p)).collect();
        assert!(!passes(&ten));
        assert!(passes(&eleven));
        assert!(passes(&[]), "nothing published about no one");
    }

    #[test]
    fn one_very_active_person_cannot_dominate_a_cell() {
        // Eleven people; one of them gave in 57 of the 67 exchanges (85.07 %): withheld.
        let exchange = |unit: i64, giver: i64, receiver: i64| {
            [giver, receiver].map(|person| Part {
                cell: cell_at(8, 0),
                person,
                unit,
                amount: 1,
            })
        };
        let mut parts: Vec<Part> = (1..11).flat_map(|p| exchange(p, p, 100 + p)).collect();
        parts.extend((0..57).flat_map(|u| exchange(1000 + u, 0, 100 + u % 10)));
        assert_eq!(
            figure(&parts),
            Figure {
                value: 67,
                participants: 22
            }
        );
        assert!(!passes(&parts));
        // 56 of 66 (84.8 %): published.
        parts.truncate(parts.len() - 2);
        assert!(passes(&parts));
        // The dominating person is merged with a neighbour cell until the share falls.
        let mut heavy: Vec<Part> = (1..11).map(|p| one(0, p)).collect();
        heavy.push(Part {
            cell: cell_at(8, 0),
            person: 0,
            unit: -1,
            amount: 500,
        });
        let light: Vec<Part> = (100..140).map(|p| one(1, p)).collect();
        let all: Vec<Part> = heavy.iter().chain(&light).copied().collect();
        let cut = partition(&[&all], FINEST_RESOLUTION, parent, resolution);
        for area in &cut.areas {
            assert!(passes(&parts_in(*area, &all)), "published {area}");
        }
        assert!(!cut.areas.contains(&cell_at(8, 0)));
    }

    #[test]
    fn a_small_cell_merges_into_its_parent_with_its_siblings() {
        // Cell 0 has 12 people, cell 1 has 3: neither is published alone, their parent is.
        let mut parts: Vec<Part> = (0..12).map(|p| one(0, p)).collect();
        parts.extend((20..23).map(|p| one(1, p)));
        let cut = partition(&[&parts], FINEST_RESOLUTION, parent, resolution);
        assert_eq!(cut.areas, vec![cell_at(7, 0)]);
        // Both with 12: both published, the parent not.
        parts.extend((30..39).map(|p| one(1, p)));
        let cut = partition(&[&parts], FINEST_RESOLUTION, parent, resolution);
        assert_eq!(cut.areas, vec![cell_at(8, 0), cell_at(8, 1)]);
        // The coarser view is the same tree cut at 7.
        let cut = partition(&[&parts], COARSE_RESOLUTION, parent, resolution);
        assert_eq!(cut.areas, vec![cell_at(7, 0)]);
    }

    #[test]
    fn the_demand_index_compares_with_the_median_area() {
        // Medians of 20: 50 is high, 9 low, 20 usual; the merged area gets none.
        let areas = [(20, true), (50, true), (9, true), (20, true), (300, false)];
        let index = demand_index(&areas);
        assert_eq!(index[0], Some((1.0, Demand::Usual)));
        assert_eq!(index[1], Some((2.5, Demand::High)));
        assert_eq!(index[2].map(|i| i.1), Some(Demand::Low));
        assert_eq!(index[4], None);
        // Two comparable areas: no index at all.
        assert!(
            demand_index(&[(20, true), (50, true), (9, false)])
                .iter()
                .all(Option::is_none)
        );
        // An even count: the mean of the two middle ones.
        let even = demand_index(&[(10, true), (20, true), (30, true), (40, true)]);
        assert_eq!(even[0], Some((0.4, Demand::Low)));
        assert_eq!(even[3].map(|i| i.1), Some(Demand::Usual));
    }

    #[test]
    fn periods() {
        for code in ["2026-Q1", "2026-Q4", "2025"] {
            assert_eq!(
                Period::from_code(code).map(Period::code).as_deref(),
                Some(code)
            );
        }
        for bad in ["2026-Q5", "2026-Q0", "Q1", "", "20x6", "-1"] {
            assert_eq!(Period::from_code(bad), None, "{bad}");
        }
        let newest = ["2025", "2026-Q1", "2025-Q4", "2026-Q3"]
            .into_iter()
            .filter_map(Period::from_code)
            .max_by_key(|p| p.recency());
        assert_eq!(newest.map(Period::code).as_deref(), Some("2026-Q3"));
        assert!(Period::Year(2025).recency() > Period::from_code("2025-Q4").expect("q").recency());
        let q3 = Period::from_code("2026-Q3").expect("a quarter");
        assert_eq!(q3.conditions().len(), 3);
        let year = Period::Year(2026);
        assert_eq!(year.conditions().len(), 5);
        assert_eq!(year.conditions()[4].len(), 4);
        for m in Measure::ALL {
            assert_eq!(Measure::from_code(m.code()), Some(m));
        }
    }

    #[test]
    fn quarters() {
        assert_eq!(
            Quarter::of(2026, 1),
            Quarter {
                year: 2026,
                number: 1
            }
        );
        assert_eq!(
            Quarter::of(2026, 12),
            Quarter {
                year: 2026,
                number: 4
            }
        );
        assert_eq!(Quarter::of(2026, 5).first_month(), 4);
        assert!(!Quarter::of(2026, 12).ended(2026, 12));
        assert!(Quarter::of(2026, 12).ended(2027, 1));
        assert_eq!(Quarter::of(2026, 8).year_so_far().count(), 3);
    }

    /// Parts of one figure spread over a small region, with a few busy people: a period (0 to
    /// 3, the quarters) and a category (0 to 2) on each part.
    fn arb_parts() -> impl Strategy<Value = Vec<(Part, u8, u8)>> {
        proptest::collection::vec(
            (
                0u64..49,
                0i64..60,
                1u64..4,
                0u8..4,
                0u8..3,
                proptest::bool::weighted(0.05),
            ),
            0..400,
        )
        .prop_map(|raw| {
            raw.into_iter()
                .enumerate()
                .map(|(unit, (cell, person, amount, quarter, category, busy))| {
                    let amount = if busy { amount * 40 } else { amount };
                    let part = Part {
                        cell: cell_at(8, cell),
                        person,
                        unit: unit as i64,
                        amount,
                    };
                    (part, quarter, category)
                })
                .collect()
        })
    }

    /// Every published figure an attacker can read: (the set of parts it sums, as a key for
    /// each part, and its value), for both resolutions, every quarter's view, the year, the
    /// total and its categories.
    fn published(parts: &[(Part, u8, u8)]) -> Vec<BTreeSet<(u64, i64, u8, u8)>> {
        let select = |quarters: &[u8], category: Option<u8>| -> Vec<Part> {
            parts
                .iter()
                .filter(|(_, q, c)| quarters.contains(q) && category.is_none_or(|k| k == *c))
                .map(|(p, _, _)| *p)
                .collect()
        };
        let mut figures = Vec::new();
        for resolution_shown in [COARSE_RESOLUTION, FINEST_RESOLUTION] {
            // Quarter k, with the conditions of quarters 1..=k; then the year.
            for (periods, conditions_periods) in [
                (vec![0u8], vec![vec![0u8]]),
                (vec![1], vec![vec![0], vec![1]]),
                (vec![2], vec![vec![0], vec![1], vec![2]]),
                (vec![3], vec![vec![0], vec![1], vec![2], vec![3]]),
                (
                    vec![0, 1, 2, 3],
                    vec![vec![0], vec![1], vec![2], vec![3], vec![0, 1, 2, 3]],
                ),
            ] {
                // The total table, then the table by category (which must pass for the total
                // and every category).
                for by_category in [false, true] {
                    let mut condition_parts: Vec<Vec<Part>> = Vec::new();
                    for q in &conditions_periods {
                        condition_parts.push(select(q, None));
                        if by_category {
                            for c in 0..3 {
                                condition_parts.push(select(q, Some(c)));
                            }
                        }
                    }
                    let refs: Vec<&[Part]> = condition_parts.iter().map(Vec::as_slice).collect();
                    let cut = partition(&refs, resolution_shown, parent, resolution);
                    let categories: Vec<Option<u8>> = if by_category {
                        (0..3).map(Some).collect()
                    } else {
                        vec![None]
                    };
                    for area in cut.areas {
                        for category in &categories {
                            let set: BTreeSet<(u64, i64, u8, u8)> = parts
                                .iter()
                                .filter(|(p, q, c)| {
                                    periods.contains(q)
                                        && category.is_none_or(|k| k == *c)
                                        && covers(area, p.cell)
                                })
                                .map(|(p, q, c)| (p.cell, p.person, *q, *c))
                                .collect();
                            figures.push(set);
                        }
                    }
                }
            }
        }
        figures
    }

    fn people_of(set: &BTreeSet<(u64, i64, u8, u8)>) -> usize {
        set.iter().map(|k| k.1).collect::<BTreeSet<_>>().len()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every published area passes; each part counts in exactly one area of a view; a
        /// coarser view's areas are unions of the finer view's.
        #[test]
        fn a_partition_of_areas_that_pass(parts in arb_parts()) {
            let all: Vec<Part> = parts.iter().map(|(p, _, _)| *p).collect();
            let fine = partition(&[&all], FINEST_RESOLUTION, parent, resolution);
            let coarse = partition(&[&all], COARSE_RESOLUTION, parent, resolution);
            for cut in [&fine, &coarse] {
                for area in &cut.areas {
                    let inside = parts_in(*area, &all);
                    prop_assert!(people(&inside) >= MIN_PEOPLE);
                    prop_assert_eq!(figure(&inside).participants as usize, people(&inside));
                    prop_assert!(passes(&inside));
                }
                for part in &all {
                    let homes = cut.areas.iter().filter(|a| covers(**a, part.cell)).count()
                        + cut.withheld.iter().filter(|a| covers(**a, part.cell)).count();
                    prop_assert_eq!(homes, 1);
                }
            }
            for top in fine.withheld.iter().chain(&coarse.withheld) {
                prop_assert_eq!(parent(*top), None, "only the top of the hierarchy is withheld");
            }
            for area in &fine.areas {
                let within = coarse.areas.iter().filter(|c| covers(**c, *area)).count();
                let whole = coarse.withheld.iter().filter(|c| covers(**c, *area)).count();
                prop_assert_eq!(within + whole, 1, "a fine area inside exactly one coarse one");
            }
        }

        /// The attack: an attacker holds every published figure (two resolutions, four
        /// quarters and the year, the total and each category) and subtracts. Every figure
        /// covers at least 11 people, and for every figure, what remains after taking away
        /// any published figures contained in it is nothing or at least 11 people: there is
        /// no published parent whose children's figures leave a small group behind.
        #[test]
        fn differencing_across_resolutions_periods_and_categories_reveals_no_small_group(
            parts in arb_parts(),
        ) {
            let figures = published(&parts);
            for figure in &figures {
                prop_assert!(figure.is_empty() || people_of(figure) >= MIN_PEOPLE);
            }
            for figure in &figures {
                // The largest published figures strictly inside this one, and what they leave.
                let mut rest = figure.clone();
                for other in &figures {
                    if other.len() < figure.len() && !other.is_empty() && other.is_subset(figure) {
                        rest = &rest - other;
                    }
                }
                let rest_people = people_of(&rest);
                prop_assert!(
                    rest.is_empty() || rest_people >= MIN_PEOPLE,
                    "a figure minus published ones inside it leaves {} people",
                    rest_people
                );
                // And any single subtraction of a contained figure leaves nothing or ≥ 11.
                for other in &figures {
                    if other.len() < figure.len() && !other.is_empty() && other.is_subset(figure) {
                        let left = figure - other;
                        prop_assert!(left.is_empty() || people_of(&left) >= MIN_PEOPLE);
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// A territory is the sum of the published areas whose centre it holds, nested
        /// territories included (a city holding its districts): taking any published area, or
        /// another territory inside it, away from a territory leaves published areas, each of
        /// 11 people or more, or nothing.
        #[test]
        fn a_territory_is_a_sum_of_published_areas(parts in arb_parts(), split in 1u64..5) {
            let all: Vec<Part> = parts.iter().map(|(p, _, _)| *p).collect();
            let cut = partition(&[&all], FINEST_RESOLUTION, parent, resolution);
            let figures: Vec<(u64, Figure)> = cut
                .areas
                .iter()
                .map(|a| (*a, figure(&parts_in(*a, &all))))
                .collect();
            let of = |cell: u64| vec![(cell % 1_000_000) % split, 99];
            let territories = territory_figures(&figures, of);
            for (id, t) in &territories {
                let members: Vec<u64> = figures
                    .iter()
                    .filter(|(c, _)| of(*c).contains(id))
                    .map(|(c, _)| *c)
                    .collect();
                let sum = |pick: &dyn Fn(&Figure) -> u64| -> u64 {
                    figures
                        .iter()
                        .filter(|(c, _)| members.contains(c))
                        .map(|(_, f)| pick(f))
                        .sum()
                };
                prop_assert_eq!(t.value, sum(&|f| f.value));
                prop_assert_eq!(t.participants, sum(&|f| f.participants));
                prop_assert_eq!(t.areas as usize, members.len());
                for gone in &members {
                    let rest: Vec<Part> = members
                        .iter()
                        .filter(|c| *c != gone)
                        .flat_map(|c| parts_in(*c, &all))
                        .collect();
                    prop_assert!(rest.is_empty() || people(&rest) >= MIN_PEOPLE);
                }
                for (other, _) in territories.iter().filter(|(o, _)| *o != id) {
                    let inner: Vec<u64> = figures
                        .iter()
                        .filter(|(c, _)| of(*c).contains(other))
                        .map(|(c, _)| *c)
                        .collect();
                    if inner.iter().all(|c| members.contains(c)) {
                        let rest: Vec<Part> = members
                            .iter()
                            .filter(|c| !inner.contains(c))
                            .flat_map(|c| parts_in(*c, &all))
                            .collect();
                        prop_assert!(rest.is_empty() || people(&rest) >= MIN_PEOPLE);
                    }
                }
            }
        }
    }

    #[test]
    fn rates_per_thousand_need_a_population() {
        assert_eq!(per_thousand(30.0, Some(20_000)), Some(1.5));
        assert_eq!(per_thousand(30.0, None), None);
        assert_eq!(per_thousand(30.0, Some(0)), None);
    }

    #[test]
    fn the_map_classes_are_equal_steps_up_to_the_largest_value() {
        assert_eq!(class_of(100.0, 100.0), CLASSES);
        assert_eq!(class_of(75.0, 100.0), 3);
        assert_eq!(class_of(75.1, 100.0), 4);
        assert_eq!(class_of(25.0, 100.0), 1);
        assert_eq!(class_of(26.0, 100.0), 2);
        assert_eq!(class_of(0.0, 100.0), 1);
        assert_eq!(class_of(5.0, 0.0), 1);
    }
}
