//! The demo's past (issue 24): a year and more of listings and completed exchanges in real
//! neighbourhoods of the demo's three cities, so that `/insights` shows contrasts on a first run
//! once `server open-data-due` (or the hourly job) has computed the quarters.
//!
//! Each neighbourhood has its people (demo accounts of its city), the categories they are active
//! in, how often an offer ends in an exchange (its ties) and whether its requests go unanswered.
//! Every number is chosen so that each neighbourhood passes the secrecy rules on its own in every
//! quarter (at least [`MIN_PEOPLE`] people per category, none dominant): a neighbourhood that
//! failed would merge its whole district into one area and hide the others' contrasts. All of a
//! neighbourhood's activity is placed at its public cell's centre (a community centre, say):
//! the demo's own invented points.

use app::backend::entities::{exchange, listing};
use app::backend::insights::{quarter_end, quarter_of, quarter_start};
use app::backend::listings;
use app::domain::geo::GeoPoint;
use app::domain::listing::{Category, ListingDraft, ListingKind, Nature};
use app::domain::open_data::{MIN_PEOPLE, Quarter};
use app::domain::vocab::{Code, DAY};
use h3o::{LatLng, Resolution};
use rand::Rng;
use rand::rngs::StdRng;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::seed::IDEAS;

/// A demo neighbourhood's life.
struct Neighbourhood {
    lat: f64,
    lng: f64,
    /// Index of its city in `seed::CITIES` (its people are that city's demo accounts).
    city: usize,
    people: usize,
    /// (category, share of its people who offer, share who ask) each quarter.
    categories: &'static [(Category, f64, f64)],
    /// Share of offers that end in a completed exchange.
    ties: f64,
    /// Share of the askers whose requests get no proposal (0 where neighbours answer).
    unmet: f64,
}

const NEIGHBOURHOODS: &[Neighbourhood] = &[
    // Paris: Belleville answers everything; La Goutte d'Or asks for papers and food and waits.
    Neighbourhood {
        lat: 48.8722,
        lng: 2.3795,
        city: 0,
        people: 30,
        categories: &[(Category::Tutoring, 0.5, 0.9), (Category::Food, 0.7, 0.4)],
        ties: 0.9,
        unmet: 0.0,
    },
    Neighbourhood {
        lat: 48.8858,
        lng: 2.3540,
        city: 0,
        people: 28,
        categories: &[
            (Category::AdministrativeHelp, 0.45, 0.95),
            (Category::Food, 0.45, 0.8),
        ],
        ties: 0.5,
        unmet: 0.7,
    },
    Neighbourhood {
        lat: 48.8853,
        lng: 2.3190,
        city: 0,
        people: 22,
        categories: &[
            (Category::Childcare, 0.6, 0.6),
            (Category::Repairs, 0.7, 0.55),
        ],
        ties: 0.8,
        unmet: 0.0,
    },
    Neighbourhood {
        lat: 48.8532,
        lng: 2.3692,
        city: 0,
        people: 20,
        categories: &[(Category::ComputerHelp, 0.7, 0.6)],
        ties: 0.7,
        unmet: 0.0,
    },
    Neighbourhood {
        lat: 48.8270,
        lng: 2.3500,
        city: 0,
        people: 16,
        categories: &[(Category::ElderlyCompany, 0.8, 0.8)],
        ties: 0.85,
        unmet: 0.0,
    },
    // Lyon: La Croix-Rousse repairs and shares; La Guillotière learns French and waits.
    Neighbourhood {
        lat: 45.7745,
        lng: 4.8320,
        city: 1,
        people: 30,
        categories: &[(Category::Repairs, 0.7, 0.5), (Category::Food, 0.6, 0.45)],
        ties: 0.9,
        unmet: 0.0,
    },
    Neighbourhood {
        lat: 45.7560,
        lng: 4.8430,
        city: 1,
        people: 28,
        categories: &[
            (Category::LanguageExchange, 0.45, 0.9),
            (Category::AdministrativeHelp, 0.45, 0.75),
        ],
        ties: 0.55,
        unmet: 0.75,
    },
    Neighbourhood {
        lat: 45.7740,
        lng: 4.8050,
        city: 1,
        people: 16,
        categories: &[(Category::Tutoring, 0.8, 0.8)],
        ties: 0.75,
        unmet: 0.0,
    },
    // Marseille: Noailles and La Belle de Mai ask more than they are answered.
    Neighbourhood {
        lat: 43.2960,
        lng: 5.3830,
        city: 2,
        people: 22,
        categories: &[(Category::Food, 0.55, 0.95)],
        ties: 0.6,
        unmet: 0.75,
    },
    Neighbourhood {
        lat: 43.3120,
        lng: 5.3850,
        city: 2,
        people: 18,
        categories: &[(Category::Tutoring, 0.7, 0.95)],
        ties: 0.6,
        unmet: 0.7,
    },
    Neighbourhood {
        lat: 43.2990,
        lng: 5.3680,
        city: 2,
        people: 14,
        categories: &[(Category::ElderlyCompany, 0.85, 0.85)],
        ties: 0.8,
        unmet: 0.0,
    },
];

/// How many of `people` do something, at least enough for the rules.
fn at_least(people: usize, share: f64) -> usize {
    ((people as f64 * share).round() as usize).clamp(MIN_PEOPLE + 1, people)
}

/// The centre of a point's public cell.
fn cell_centre(lat: f64, lng: f64) -> Option<GeoPoint> {
    let cell = (GeoPoint { lat, lng }).cell(Resolution::Eight)?;
    let ll = LatLng::from(cell);
    Some(GeoPoint {
        lat: ll.lat(),
        lng: ll.lng(),
    })
}

/// The quarters of the demo's past: from the first of last year to the one before `now`'s.
fn quarters(now: i64) -> Vec<Quarter> {
    let current = quarter_of(now);
    let mut out = Vec::new();
    let mut q = Quarter {
        year: current.year - 1,
        number: 1,
    };
    while q != current {
        out.push(q);
        q = quarter_of(quarter_end(q));
    }
    out
}

/// One listing to write, and what happens to it.
struct Planned {
    row: listing::ActiveModel,
    /// The person who answered it (gave or received), and when the exchange was proposed and
    /// completed; `None`: nobody answered.
    exchange: Option<(i64, i64, i64)>,
}

/// Writes the demo's past for the demo accounts `ids` (in the order of `seed::CITIES`, `counts`
/// per city). Returns (listings, exchanges) written.
pub async fn fill(
    txn: &impl ConnectionTrait,
    ids: &[i64],
    counts: &[usize],
    rng: &mut StdRng,
    now: i64,
) -> Result<(usize, usize), String> {
    // The people of each neighbourhood: the next accounts of its city, in order.
    let mut next_of_city: Vec<usize> = counts
        .iter()
        .scan(0, |start, n| {
            let s = *start;
            *start += n;
            Some(s)
        })
        .collect();
    let city_end: Vec<usize> = next_of_city
        .iter()
        .zip(counts)
        .map(|(s, n)| s + n)
        .collect();
    let mut plans = Vec::new();
    for n in NEIGHBOURHOODS {
        let from = next_of_city[n.city];
        let to = (from + n.people).min(city_end[n.city]);
        next_of_city[n.city] = to;
        let people = &ids[from..to];
        if people.len() <= MIN_PEOPLE {
            continue;
        }
        let Some(place) = cell_centre(n.lat, n.lng) else {
            continue;
        };
        for (qi, q) in quarters(now).into_iter().enumerate() {
            let start = quarter_start(q);
            // Activity grows a little each quarter.
            let growth = 1.0 + qi as f64 * 0.05;
            for (ci, &(category, offer_share, ask_share)) in n.categories.iter().enumerate() {
                let (nature, offer_title, ask_title) = IDEAS
                    .iter()
                    .find(|(c, ..)| *c == category)
                    .map(|(_, nature, o, r)| (*nature, *o, *r))
                    .unwrap_or((Nature::Service, "Coup de main", "Besoin d'un coup de main"));
                let rotate = (qi * 7 + ci * 3) % people.len();
                let turn = |k: usize| people[(rotate + k) % people.len()];
                let offerers = at_least(people.len(), offer_share * growth);
                let askers = at_least(people.len(), ask_share * growth);
                let unmet_askers = (askers as f64 * n.unmet).ceil() as usize;
                let mut helper = 0usize;
                let mut next_helper = |not: i64| loop {
                    helper += 1;
                    let h = people[(rotate + helper * 5) % people.len()];
                    if h != not {
                        return h;
                    }
                };
                for (kind, authors, title) in [
                    (ListingKind::Offer, offerers, offer_title),
                    (ListingKind::Request, askers, ask_title),
                ] {
                    for k in 0..authors {
                        let author = turn(if kind == ListingKind::Offer {
                            k
                        } else {
                            people.len() - 1 - k
                        });
                        for _ in 0..rng.random_range(1..=2) {
                            let created =
                                start + rng.random_range(0..75) * DAY + rng.random_range(0..DAY);
                            let draft = ListingDraft {
                                kind,
                                nature,
                                category,
                                title: title.to_owned(),
                                description: format!("{title}. (Annonce de démonstration, passée)"),
                                remote: false,
                                price: 0,
                                expires_in_days: 30,
                                location: place,
                                radius_m: 3_000,
                            };
                            let mut row = listings::new_row(author, &draft, created);
                            // Past: matched long ago, no longer on the map's counts.
                            row.matched_at = Set(Some(created));
                            row.counted = Set(false);
                            let answered = match kind {
                                ListingKind::Offer => rng.random_bool(n.ties.clamp(0.0, 1.0)),
                                ListingKind::Request => k >= unmet_askers,
                            };
                            let exchange = answered.then(|| {
                                let proposed = created + rng.random_range(1..=3) * DAY;
                                let done = proposed + rng.random_range(1..=8) * DAY;
                                (next_helper(author), proposed, done)
                            });
                            plans.push(Planned { row, exchange });
                        }
                    }
                }
            }
        }
    }
    write(txn, plans).await
}

async fn write(txn: &impl ConnectionTrait, plans: Vec<Planned>) -> Result<(usize, usize), String> {
    let before: Option<i64> = listing::Entity::find()
        .select_only()
        .column(listing::Column::Id)
        .order_by_desc(listing::Column::Id)
        .into_tuple()
        .one(txn)
        .await
        .map_err(|e| e.to_string())?;
    let rows: Vec<listing::ActiveModel> = plans.iter().map(|p| p.row.clone()).collect();
    for chunk in rows.chunks(200) {
        listing::Entity::insert_many(chunk.to_vec())
            .exec(txn)
            .await
            .map_err(|e| e.to_string())?;
    }
    // Written in order into a table only this transaction writes: the new ids are in order.
    let written: Vec<(i64, i64, String)> = listing::Entity::find()
        .select_only()
        .columns([
            listing::Column::Id,
            listing::Column::AuthorId,
            listing::Column::Kind,
        ])
        .filter(listing::Column::Id.gt(before.unwrap_or(0)))
        .order_by_asc(listing::Column::Id)
        .into_tuple()
        .all(txn)
        .await
        .map_err(|e| e.to_string())?;
    let mut exchanges = Vec::new();
    for ((id, author, kind), plan) in written.iter().zip(&plans) {
        let Some((other, proposed, done)) = plan.exchange else {
            continue;
        };
        let (giver, receiver) = if *kind == ListingKind::Offer.code() {
            (*author, other)
        } else {
            (other, *author)
        };
        exchanges.push(exchange::ActiveModel {
            listing_id: Set(*id),
            author_id: Set(*author),
            proposer_id: Set(other),
            giver_id: Set(giver),
            receiver_id: Set(receiver),
            state: Set("completed".to_owned()),
            list_price: Set(0),
            price: Set(Some(0)),
            author_confirmed_at: Set(Some(done)),
            proposer_confirmed_at: Set(Some(done)),
            created_at: Set(proposed),
            updated_at: Set(done),
            ..Default::default()
        });
    }
    for chunk in exchanges.chunks(200) {
        exchange::Entity::insert_many(chunk.to_vec())
            .exec(txn)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok((written.len(), exchanges.len()))
}
