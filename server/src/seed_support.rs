//! Demo support sites (issue 21): a few dozen plausible places around the demo cities (meals,
//! showers, shelters, day centres, care, advice), with varied hours, a closure this week, a
//! message about the showers, a mobile food van with its stops, a site not checked for months,
//! and sites run by the demo associations (whose managers can then edit them). Names say
//! "(démo)": none is a real organisation.

use app::backend::entities::{association, support_notice, support_site};
use app::backend::support;
use app::domain::support::{
    Condition, Fullness, Holidays, Minute, Price, Public, ServiceCategory, ServiceDraft, SiteDraft,
    Slot, StopDraft, WeeklyHours,
};
use app::domain::vocab::DAY;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

/// Hours as a week: `(days, from, to)` slots, days as Monday-first bit flags.
fn week(slots: &[(u8, Minute, Minute)], holidays: Holidays) -> WeeklyHours {
    let mut w = WeeklyHours {
        holidays,
        ..Default::default()
    };
    for (days, from, to) in slots {
        for d in 0..7 {
            if days & (1 << d) != 0
                && let Some(s) = Slot::new(*from, *to)
            {
                w.days[d].push(s);
            }
        }
    }
    for d in &mut w.days {
        d.sort_by_key(|s| s.start);
    }
    w
}

const WEEKDAYS: u8 = 0b001_1111;
const EVERY_DAY: u8 = 0b111_1111;
const TUE_SAT: u8 = 0b011_1110;

fn h(hours: u16, minutes: u16) -> Minute {
    hours * 60 + minutes
}

/// The kinds of demo sites: name, services, hours, description.
struct Kind {
    name: &'static str,
    description: &'static str,
    services: &'static [(ServiceCategory, Condition)],
    hours: fn() -> WeeklyHours,
    publics: &'static [Public],
    fullness: Fullness,
}

const KINDS: &[Kind] = &[
    Kind {
        name: "Restaurant solidaire",
        description: "Repas chauds à midi, sans inscription. Entrée libre, on peut venir seul ou en famille.",
        services: &[(ServiceCategory::Food, Condition::Unconditional)],
        hours: || week(&[(EVERY_DAY, h(11, 30), h(13, 30))], Holidays::Open),
        publics: &[],
        fullness: Fullness::Sometimes,
    },
    Kind {
        name: "Bains-douches",
        description: "Douches gratuites, serviettes et savon prêtés. Casiers pour les affaires.",
        services: &[(ServiceCategory::Hygiene, Condition::Unconditional)],
        hours: || {
            week(
                &[(TUE_SAT, h(8, 0), h(12, 0)), (TUE_SAT, h(14, 0), h(17, 30))],
                Holidays::Closed,
            )
        },
        publics: &[],
        fullness: Fullness::Sometimes,
    },
    Kind {
        name: "Accueil de jour",
        description: "Un lieu pour se poser, boire un café, recharger son téléphone, laver son linge et rencontrer des travailleurs sociaux.",
        services: &[
            (ServiceCategory::Welcome, Condition::Unconditional),
            (ServiceCategory::Digital, Condition::Unconditional),
            (ServiceCategory::Hygiene, Condition::Registration),
        ],
        hours: || week(&[(WEEKDAYS, h(8, 30), h(17, 0))], Holidays::Closed),
        publics: &[],
        fullness: Fullness::Room,
    },
    Kind {
        name: "Halte de nuit",
        description: "Mise à l'abri pour la nuit, boisson chaude et collation. Orientation par le 115 ou sur place selon les places.",
        services: &[(ServiceCategory::Housing, Condition::Unconditional)],
        hours: || week(&[(EVERY_DAY, h(19, 0), h(8, 0))], Holidays::Open),
        publics: &[],
        fullness: Fullness::Often,
    },
    Kind {
        name: "Permanence d'accès aux droits",
        description: "Aide pour les papiers, la domiciliation, les droits sociaux et le titre de séjour. Interprètes certains jours.",
        services: &[(ServiceCategory::Advice, Condition::Appointment)],
        hours: || {
            week(
                &[
                    (0b000_0101, h(9, 30), h(12, 30)),
                    (0b000_1010, h(14, 0), h(17, 0)),
                ],
                Holidays::Closed,
            )
        },
        publics: &[
            Public::AsylumSeekers,
            Public::Refugees,
            Public::Undocumented,
        ],
        fullness: Fullness::Sometimes,
    },
    Kind {
        name: "Centre de soins gratuits",
        description: "Consultations de médecine générale et soins infirmiers sans avance de frais, avec ou sans couverture maladie.",
        services: &[(ServiceCategory::Health, Condition::Unconditional)],
        hours: || {
            week(
                &[
                    (WEEKDAYS, h(9, 0), h(12, 0)),
                    (0b000_0101, h(14, 0), h(18, 0)),
                ],
                Holidays::Closed,
            )
        },
        publics: &[],
        fullness: Fullness::Sometimes,
    },
    Kind {
        name: "Vestiaire solidaire",
        description: "Vêtements, chaussures, couvertures et duvets, gratuits ou à petit prix.",
        services: &[(ServiceCategory::Equipment, Condition::Unconditional)],
        hours: || week(&[(0b001_0100, h(14, 0), h(18, 0))], Holidays::Closed),
        publics: &[],
        fullness: Fullness::Room,
    },
    Kind {
        name: "Épicerie sociale",
        description: "Produits d'épicerie à 10 % du prix, sur inscription auprès d'un travailleur social.",
        services: &[(ServiceCategory::Food, Condition::Referral)],
        hours: || week(&[(0b001_1010, h(10, 0), h(13, 0))], Holidays::Closed),
        publics: &[Public::Families],
        fullness: Fullness::Room,
    },
    Kind {
        name: "Accueil femmes",
        description: "Accueil de jour réservé aux femmes et à leurs enfants : repos, douche, écoute, conseils.",
        services: &[
            (ServiceCategory::Welcome, Condition::Unconditional),
            (ServiceCategory::Hygiene, Condition::Unconditional),
        ],
        hours: || week(&[(WEEKDAYS, h(9, 0), h(16, 0))], Holidays::Unknown),
        publics: &[Public::Women],
        fullness: Fullness::Sometimes,
    },
    Kind {
        name: "Point d'accueil jeunes",
        description: "Écoute, aide à la recherche de formation et d'emploi pour les moins de 25 ans.",
        services: &[
            (ServiceCategory::TrainingJobs, Condition::Unconditional),
            (ServiceCategory::Advice, Condition::Unconditional),
        ],
        hours: || week(&[(0b000_1110, h(13, 30), h(18, 0))], Holidays::Closed),
        publics: &[Public::Young],
        fullness: Fullness::Room,
    },
    Kind {
        name: "Espace numérique solidaire",
        description: "Ordinateurs, wifi, impression et recharge de téléphone, avec de l'aide pour les démarches en ligne.",
        services: &[(ServiceCategory::Digital, Condition::Unconditional)],
        hours: || {
            week(
                &[
                    (0b001_1111, h(10, 0), h(12, 30)),
                    (0b000_0110, h(14, 0), h(17, 0)),
                ],
                Holidays::Closed,
            )
        },
        publics: &[],
        fullness: Fullness::Room,
    },
    Kind {
        name: "Distribution alimentaire du soir",
        description: "Repas à emporter distribués sur le trottoir, sans condition.",
        services: &[(ServiceCategory::Food, Condition::Unconditional)],
        hours: || week(&[(EVERY_DAY, h(19, 0), h(20, 30))], Holidays::Open),
        publics: &[],
        fullness: Fullness::Often,
    },
];

/// Places per city: (city index, offset north in degrees, offset east, address).
const PLACES: &[(usize, f64, f64, &str)] = &[
    (0, 0.041, 0.008, "Porte de la Chapelle, 75018 Paris"),
    (0, 0.035, 0.004, "12 rue Marx Dormoy, 75018 Paris"),
    (0, 0.030, 0.012, "54 boulevard de la Villette, 75019 Paris"),
    (0, 0.023, 0.004, "Gare du Nord, 75010 Paris"),
    (0, 0.018, 0.010, "Gare de l'Est, 75010 Paris"),
    (0, 0.011, 0.011, "Place de la République, 75011 Paris"),
    (0, 0.004, 0.028, "Rue Oberkampf, 75011 Paris"),
    (0, -0.010, 0.020, "Place de la Bastille, 75012 Paris"),
    (0, -0.020, 0.005, "Boulevard Saint-Marcel, 75013 Paris"),
    (0, -0.018, -0.030, "Rue de Vaugirard, 75015 Paris"),
    (0, 0.032, -0.020, "Place de Clichy, 75017 Paris"),
    (0, 0.003, -0.004, "Rue de Rivoli, 75004 Paris"),
    (0, 0.027, 0.030, "Avenue Jean-Jaurès, 75019 Paris"),
    (0, -0.002, 0.045, "Rue des Pyrénées, 75020 Paris"),
    (1, 0.005, 0.002, "Place des Terreaux, 69001 Lyon"),
    (1, -0.012, -0.005, "Cours de Verdun, 69002 Lyon"),
    (1, -0.010, 0.020, "Place Gabriel-Péri, 69007 Lyon"),
    (1, 0.002, 0.025, "Rue Paul-Bert, 69003 Lyon"),
    (1, -0.020, 0.010, "Avenue Berthelot, 69007 Lyon"),
    (1, 0.020, 0.010, "Croix-Rousse, 69004 Lyon"),
    (1, -0.005, 0.040, "Cours Gambetta, 69007 Lyon"),
    (1, 0.012, -0.015, "Quai Pierre-Scize, 69005 Lyon"),
    (2, 0.005, 0.004, "Cours Belsunce, 13001 Marseille"),
    (2, 0.008, -0.004, "Rue de la République, 13002 Marseille"),
    (2, 0.010, 0.012, "Boulevard National, 13003 Marseille"),
    (2, -0.004, 0.010, "La Plaine, 13005 Marseille"),
    (2, 0.035, 0.010, "Chemin de Saint-Louis, 13015 Marseille"),
    (2, -0.015, 0.006, "Castellane, 13006 Marseille"),
    (2, 0.020, 0.002, "Gare Saint-Charles, 13001 Marseille"),
    (2, -0.008, -0.010, "Vieux-Port, 13007 Marseille"),
];

const CITIES: [(f64, f64); 3] = [(48.8566, 2.3522), (45.7640, 4.8357), (43.2965, 5.3698)];

const LANGUAGE_SETS: &[&[&str]] = &[
    &["fr"],
    &["fr", "en"],
    &["fr", "ar"],
    &["fr", "en", "fa", "ps"],
    &["fr", "ar", "ur"],
    &["fr", "en", "ti"],
];

fn draft(
    kind: &Kind,
    i: usize,
    (city, north, east, address): (usize, f64, f64, &str),
) -> SiteDraft {
    let (lat, lng) = CITIES[city];
    SiteDraft {
        name: format!(
            "{} {} (démo)",
            kind.name,
            address.split(',').next().unwrap_or("")
        ),
        description: kind.description.to_owned(),
        address: address.to_owned(),
        point: Some((lat + north, lng + east)),
        phone: format!("01 40 00 {:02} {:02}", 10 + i, 20 + i),
        website: String::new(),
        languages: LANGUAGE_SETS[i % LANGUAGE_SETS.len()]
            .iter()
            .map(|l| (*l).to_owned())
            .collect(),
        hours: (kind.hours)(),
        services: kind
            .services
            .iter()
            .map(|(category, condition)| ServiceDraft {
                category: *category,
                conditions: vec![*condition],
                publics: kind.publics.to_vec(),
                pets: i.is_multiple_of(3),
                price: if *category == ServiceCategory::Food && *condition == Condition::Referral {
                    Price::Symbolic
                } else {
                    Price::Free
                },
                fullness: kind.fullness,
                hours: None,
                note: String::new(),
            })
            .collect(),
        stops: Vec::new(),
    }
}

/// The mobile food van of the Paris demo association: three evening stops a week.
fn food_van() -> SiteDraft {
    let stop = |place: &str, north: f64, east: f64, weekday: u8| StopDraft {
        place: place.to_owned(),
        lat: CITIES[0].0 + north,
        lng: CITIES[0].1 + east,
        weekday,
        start: h(19, 30),
        end: h(21, 0),
    };
    SiteDraft {
        name: "Camion repas du soir (démo)".into(),
        description: "Un camion qui sert une soupe, un plat chaud et du pain, sans condition. Les bénévoles orientent vers les accueils de jour.".into(),
        address: "Paris, 10e, 18e et 19e arrondissements".into(),
        point: None,
        phone: "06 12 34 56 78".into(),
        website: String::new(),
        languages: vec!["fr".into(), "ar".into(), "fa".into()],
        hours: WeeklyHours::default(),
        services: vec![ServiceDraft {
            category: ServiceCategory::Food,
            conditions: vec![Condition::Unconditional],
            publics: Vec::new(),
            pets: true,
            price: Price::Free,
            fullness: Fullness::Room,
            hours: None,
            note: String::new(),
        }],
        stops: vec![
            stop("Porte de la Chapelle, sortie du métro", 0.041, 0.009, 0),
            stop("Gare de l'Est, parvis", 0.018, 0.010, 2),
            stop("Place de la République, côté Magenta", 0.011, 0.010, 4),
            stop("Porte de la Chapelle, sortie du métro", 0.041, 0.009, 6),
        ],
    }
}

/// Adds the demo support sites when there are none and the demo accounts exist (so a database
/// seeded before support sites existed gets them too).
pub async fn fill_if_empty(
    conn: &impl ConnectionTrait,
    zone: &jiff::tz::TimeZone,
) -> Result<Option<usize>, String> {
    let fail = |e: sea_orm::DbErr| e.to_string();
    if support_site::Entity::find()
        .count(conn)
        .await
        .map_err(fail)?
        > 0
    {
        return Ok(None);
    }
    let demo = app::backend::entities::user::Entity::find()
        .filter(app::backend::entities::user::Column::Email.eq(crate::seed::DEMO_MODERATOR))
        .count(conn)
        .await
        .map_err(fail)?;
    if demo == 0 {
        return Ok(None);
    }
    let now = app::backend::now();
    let association_named = |name: &'static str| async move {
        association::Entity::find()
            .filter(association::Column::Name.eq(name))
            .one(conn)
            .await
            .map(|a| a.map(|a| a.id))
    };
    let food_bank = association_named("Banque alimentaire du 18e")
        .await
        .map_err(fail)?;
    let refugees = association_named("Accueil Réfugiés Paris Nord")
        .await
        .map_err(fail)?;
    let showers = association_named("Douches solidaires Lyon")
        .await
        .map_err(fail)?;
    let marseille = association_named("Entraide Marseille Nord")
        .await
        .map_err(fail)?;
    let err = |e: app::backend::Error| format!("{:?}", app::domain::AppError::from(e));
    let mut ids = Vec::new();
    for (i, place) in PLACES.iter().enumerate() {
        let kind = &KINDS[i % KINDS.len()];
        let run_by = match (i, place.0) {
            (0, _) | (11, _) => food_bank,
            (4, _) => refugees,
            (15, _) => showers,
            (26, _) => marseille,
            _ => None,
        };
        // A few sites were last checked long ago.
        let checked = if i % 9 == 7 {
            now - 240 * DAY
        } else {
            now - (i as i64 % 20) * DAY
        };
        let id = support::create(conn, &draft(kind, i, *place), None, run_by, checked)
            .await
            .map_err(err)?;
        ids.push(id);
    }
    let van = support::create(conn, &food_van(), None, food_bank, now)
        .await
        .map_err(err)?;
    ids.push(van);
    // This week: the first Paris showers close tomorrow and the day after for works; the day
    // centre near Gare du Nord says its showers are out of order.
    let today = app::domain::opening::local_now(
        jiff::Timestamp::from_second(now).unwrap_or_default(),
        zone,
    )
    .date();
    let day = |n: i64| {
        today
            .checked_add(jiff::Span::new().days(n))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let notice = |site: i64, kind: &str, from: String, to: Option<String>, text: &str| {
        support_notice::ActiveModel {
            site_id: Set(site),
            service_id: Set(None),
            kind: Set(kind.to_owned()),
            from_day: Set(from),
            to_day: Set(to),
            text: Set(text.to_owned()),
            hours: Set(None),
            created_by: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
    };
    support_notice::Entity::insert_many([
        notice(ids[1], "closure", day(1), Some(day(2)), "travaux"),
        notice(
            ids[2],
            "message",
            day(0),
            Some(day(6)),
            "Pas de douches cette semaine, le reste est ouvert.",
        ),
    ])
    .exec(conn)
    .await
    .map_err(fail)?;
    // Some sites' premises are described for accessibility (one in four: step-free or up
    // two steps), so "accessible to me" has something to choose from.
    let moderator = app::backend::entities::user::Entity::find()
        .filter(app::backend::entities::user::Column::Email.eq(crate::seed::DEMO_MODERATOR))
        .one(conn)
        .await
        .map_err(fail)?
        .map(|u| u.id);
    if let Some(by) = moderator {
        use app::domain::accessibility::{Answer, Question};
        for (i, place) in PLACES.iter().enumerate().step_by(4) {
            let site = draft(&KINDS[i % KINDS.len()], i, *place);
            let Some((lat, lng)) = site.point else {
                continue;
            };
            let answers = if i % 8 == 0 {
                vec![
                    (Question::StepFreeEntrance, Some(Answer::Yes)),
                    (Question::EntranceSteps, Some(Answer::Number(0))),
                    (Question::StepFreeToReception, Some(Answer::Yes)),
                    (Question::DoorWidth, Some(Answer::Number(90))),
                    (Question::RevolvingDoor, Some(Answer::No)),
                    (Question::RoughOutsidePath, Some(Answer::No)),
                ]
            } else {
                vec![
                    (Question::StepFreeEntrance, Some(Answer::No)),
                    (Question::EntranceSteps, Some(Answer::Number(2))),
                ]
            };
            let venue = app::domain::venue::VenueDraft {
                name: site.name.clone(),
                kind: app::domain::venue::VenueKind::AssociationPremises,
                address: site.address.clone(),
                location: app::domain::geo::GeoPoint { lat, lng },
                website: String::new(),
                hours: String::new(),
            };
            if let Some(v) = app::backend::venues::import(conn, by, venue, answers, now)
                .await
                .map_err(err)?
            {
                support_site::Entity::update_many()
                    .col_expr(
                        support_site::Column::VenueId,
                        sea_orm::sea_query::Expr::value(v),
                    )
                    .filter(support_site::Column::Id.eq(ids[i]))
                    .exec(conn)
                    .await
                    .map_err(fail)?;
            }
        }
    }
    Ok(Some(ids.len()))
}
