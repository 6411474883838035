//! Offers and requests: the fixed taxonomy, what a listing form accepts, and what is shown.

use serde::{Deserialize, Serialize};

use super::error::{AppError, ErrorCode, Errors, Field, FieldError};
use super::geo::{DistanceBand, GeoPoint};
use super::vocab::{Code, DAY, DEFAULT_RADIUS_KM, choice, in_range, parse_radius_km, text};

/// Offer or request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ListingKind {
    Offer,
    Request,
}

/// A good (a thing) or a service (some time and skill).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Nature {
    Good,
    Service,
}

/// Whether a listing is live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListingStatus {
    Open,
    Withdrawn,
}

/// The one taxonomy every listing is filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Food,
    Clothing,
    Furniture,
    Tools,
    Tutoring,
    Childcare,
    Errands,
    ElderlyCompany,
    Repairs,
    ComputerHelp,
    LanguageExchange,
    Transport,
    AdministrativeHelp,
    PetCare,
    Health,
    Other,
}

impl Category {
    pub const ALL: [Self; 16] = [
        Self::Food,
        Self::Clothing,
        Self::Furniture,
        Self::Tools,
        Self::Tutoring,
        Self::Childcare,
        Self::Errands,
        Self::ElderlyCompany,
        Self::Repairs,
        Self::ComputerHelp,
        Self::LanguageExchange,
        Self::Transport,
        Self::AdministrativeHelp,
        Self::PetCare,
        Self::Health,
        Self::Other,
    ];
}

impl Code for ListingKind {
    const CHOICES: &'static [Self] = &[Self::Offer, Self::Request];
    fn code(self) -> &'static str {
        match self {
            Self::Offer => "offer",
            Self::Request => "request",
        }
    }
}

impl Code for Nature {
    const CHOICES: &'static [Self] = &[Self::Good, Self::Service];
    fn code(self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Service => "service",
        }
    }
}

impl Code for ListingStatus {
    const CHOICES: &'static [Self] = &[Self::Open, Self::Withdrawn];
    fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Withdrawn => "withdrawn",
        }
    }
}

impl Code for Category {
    const CHOICES: &'static [Self] = &Self::ALL;
    fn code(self) -> &'static str {
        match self {
            Self::Food => "food",
            Self::Clothing => "clothing",
            Self::Furniture => "furniture",
            Self::Tools => "tools",
            Self::Tutoring => "tutoring",
            Self::Childcare => "childcare",
            Self::Errands => "errands",
            Self::ElderlyCompany => "elderly_company",
            Self::Repairs => "repairs",
            Self::ComputerHelp => "computer_help",
            Self::LanguageExchange => "language_exchange",
            Self::Transport => "transport",
            Self::AdministrativeHelp => "administrative_help",
            Self::PetCare => "pet_care",
            Self::Health => "health",
            Self::Other => "other",
        }
    }
}

/// The price range, in whole units of the social currency (0 is free).
pub const MAX_PRICE: i64 = 1_000;
/// How long a listing may stay open, in days.
pub const MAX_EXPIRY_DAYS: i64 = 180;
/// The default time a listing stays open.
pub const DEFAULT_EXPIRY_DAYS: i64 = 30;

/// A listing form as typed: strings, so that nothing the user typed is lost when it is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingForm {
    pub kind: String,
    pub nature: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub remote: bool,
    pub price: String,
    pub expires_in_days: String,
    /// The point picked on the map; `None` means "my home area".
    pub location: Option<GeoPoint>,
    /// How far the author will go, in km: one of [`RADIUS_CHOICES_KM`].
    #[serde(default = "default_radius")]
    pub radius_km: String,
    /// Posted in the name of this association (the author manages it); fixed once posted.
    #[serde(default)]
    pub association_id: Option<i64>,
}

fn default_radius() -> String {
    DEFAULT_RADIUS_KM.to_string()
}

impl Default for ListingForm {
    fn default() -> Self {
        Self {
            kind: ListingKind::Offer.code().to_owned(),
            nature: Nature::Good.code().to_owned(),
            category: String::new(),
            title: String::new(),
            description: String::new(),
            remote: false,
            price: "0".to_owned(),
            expires_in_days: DEFAULT_EXPIRY_DAYS.to_string(),
            location: None,
            radius_km: default_radius(),
            association_id: None,
        }
    }
}

/// A listing that passed every rule, located (the home is filled in by the server).
#[derive(Debug, Clone, PartialEq)]
pub struct ListingDraft {
    pub kind: ListingKind,
    pub nature: Nature,
    pub category: Category,
    pub title: String,
    pub description: String,
    pub remote: bool,
    pub price: i64,
    pub expires_in_days: i64,
    pub location: GeoPoint,
    /// The matching radius in metres.
    pub radius_m: i64,
}

impl ListingForm {
    /// Parses every field; `home` is used when no point was picked. All errors come at once.
    pub fn parse(&self, home: Option<GeoPoint>) -> Result<ListingDraft, AppError> {
        let mut errors = Errors::default();
        let kind = errors.take(choice(Field::Kind, &self.kind));
        let nature = errors.take(choice(Field::Nature, &self.nature));
        let category = errors.take(choice(Field::Category, &self.category));
        let title = errors.take(text(Field::Title, &self.title, 3, 80));
        let description = errors.take(text(Field::Description, &self.description, 10, 2_000));
        let price = errors.take(in_range(Field::Price, &self.price, 0, MAX_PRICE));
        let expires_in_days = errors.take(in_range(
            Field::ExpiresInDays,
            &self.expires_in_days,
            1,
            MAX_EXPIRY_DAYS,
        ));
        let radius_km = errors.take(parse_radius_km(&self.radius_km));
        let location = errors.take(match self.location.or(home) {
            Some(p) => GeoPoint::parse(p.lat, p.lng),
            None => Err(FieldError::new(Field::Location, ErrorCode::Required)),
        });
        errors.finish()?;
        match (
            kind,
            nature,
            category,
            title,
            description,
            price,
            expires_in_days,
            location,
            radius_km,
        ) {
            (
                Some(kind),
                Some(nature),
                Some(category),
                Some(title),
                Some(description),
                Some(price),
                Some(expires_in_days),
                Some(location),
                Some(radius_km),
            ) => Ok(ListingDraft {
                kind,
                nature,
                category,
                title,
                description,
                remote: self.remote,
                price,
                expires_in_days,
                location,
                radius_m: radius_km * 1_000,
            }),
            _ => Err(AppError::Internal),
        }
    }
}

/// A listing as shown to a viewer. `exact` is filled only for its author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingView {
    pub id: i64,
    pub kind: ListingKind,
    pub nature: Nature,
    pub category: Category,
    pub title: String,
    pub description: String,
    pub remote: bool,
    pub price: i64,
    pub status: ListingStatus,
    pub created_at: i64,
    pub expires_at: i64,
    pub author_id: i64,
    pub author_name: String,
    /// The public stand-in for where the listing is.
    pub area: GeoPoint,
    /// The exact point, for the author only.
    pub exact: Option<GeoPoint>,
    /// How far from the viewer's home, when the viewer has one.
    pub distance: Option<DistanceBand>,
    pub is_mine: bool,
    /// Whether it is past its expiry date, when it was read.
    pub expired: bool,
    /// Whole days left before it expires, when it was read.
    pub days_left: i64,
    /// The matching radius, in km.
    pub radius_km: i64,
    /// The association it is posted for, if any: `(id, name)`.
    pub association: Option<(i64, String)>,
}

impl ListingView {
    /// The form that edits this listing, pre-filled.
    pub fn to_form(&self) -> ListingForm {
        let days_left = ((self.expires_at - self.created_at).max(DAY) + DAY - 1) / DAY;
        ListingForm {
            kind: self.kind.code().to_owned(),
            nature: self.nature.code().to_owned(),
            category: self.category.code().to_owned(),
            title: self.title.clone(),
            description: self.description.clone(),
            remote: self.remote,
            price: self.price.to_string(),
            expires_in_days: days_left.min(MAX_EXPIRY_DAYS).to_string(),
            location: self.exact,
            radius_km: self.radius_km.to_string(),
            association_id: self.association.as_ref().map(|(id, _)| *id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ListingForm {
        ListingForm {
            category: "tutoring".into(),
            title: "Maths homework help".into(),
            description: "Evenings after 6pm, secondary school level.".into(),
            nature: "service".into(),
            location: Some(GeoPoint {
                lat: 48.85,
                lng: 2.35,
            }),
            ..ListingForm::default()
        }
    }

    #[test]
    fn a_valid_form_parses() {
        let d = valid().parse(None).expect("valid");
        assert_eq!(d.kind, ListingKind::Offer);
        assert_eq!(d.category, Category::Tutoring);
        assert_eq!(d.price, 0);
        assert_eq!(d.expires_in_days, DEFAULT_EXPIRY_DAYS);
    }

    #[test]
    fn codes_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_code(c.code()), Some(c));
        }
        assert_eq!(
            ListingKind::from_code("request"),
            Some(ListingKind::Request)
        );
        assert_eq!(Nature::from_code("gift"), None);
    }

    #[test]
    fn home_is_used_when_no_point_is_picked() {
        let home = GeoPoint {
            lat: 45.76,
            lng: 4.83,
        };
        let d = ListingForm {
            location: None,
            ..valid()
        }
        .parse(Some(home))
        .expect("valid");
        assert_eq!(d.location, home);
        let err = ListingForm {
            location: None,
            ..valid()
        }
        .parse(None)
        .expect_err("no place");
        assert_eq!(
            err.field_errors(),
            [FieldError::new(Field::Location, ErrorCode::Required)]
        );
    }

    #[test]
    fn every_bad_field_is_reported() {
        let form = ListingForm {
            kind: "swap".into(),
            nature: "".into(),
            category: "weapons".into(),
            title: "ab".into(),
            description: "x".repeat(2_001),
            price: "-1".into(),
            expires_in_days: "soon".into(),
            location: Some(GeoPoint {
                lat: 95.0,
                lng: 0.0,
            }),
            remote: false,
            radius_km: "7".into(),
            association_id: None,
        };
        let codes: Vec<(Field, ErrorCode)> = form
            .parse(None)
            .expect_err("invalid")
            .field_errors()
            .iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                (Field::Kind, ErrorCode::UnknownChoice),
                (Field::Nature, ErrorCode::Required),
                (Field::Category, ErrorCode::UnknownChoice),
                (Field::Title, ErrorCode::TooShort { min: 3 }),
                (Field::Description, ErrorCode::TooLong { max: 2_000 }),
                (
                    Field::Price,
                    ErrorCode::OutOfRange {
                        min: 0,
                        max: MAX_PRICE
                    }
                ),
                (
                    Field::ExpiresInDays,
                    ErrorCode::OutOfRange {
                        min: 1,
                        max: MAX_EXPIRY_DAYS
                    }
                ),
                (Field::Radius, ErrorCode::UnknownChoice),
                (Field::Location, ErrorCode::InvalidLocation),
            ]
        );
    }

    #[test]
    fn whitespace_only_title_is_required() {
        let err = ListingForm {
            title: "   ".into(),
            ..valid()
        }
        .parse(None)
        .expect_err("bad");
        assert_eq!(
            err.field_errors(),
            [FieldError::new(Field::Title, ErrorCode::Required)]
        );
    }
}
