//! Associations: their public page, who belongs to them and with which role, and what each role
//! may do. The rules are here so that the server and the pages agree; the server checks them on
//! every call.

use serde::{Deserialize, Serialize};

use super::error::{AppError, ErrorCode, Errors, Field, FieldError};
use super::geo::GeoPoint;
use super::listing::Category;
use super::vocab::{Code, choice, text};

/// Someone's place in an association.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MemberRole {
    /// Belongs to it; sees its members.
    Member,
    /// Also edits its page, posts listings, missions and events, and manages sign-ups.
    Manager,
    /// Also invites and removes members and changes their roles. Exactly one per association.
    Owner,
}

impl Code for MemberRole {
    const CHOICES: &'static [Self] = &[Self::Member, Self::Manager, Self::Owner];
    fn code(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Manager => "manager",
            Self::Owner => "owner",
        }
    }
}

impl MemberRole {
    /// Edits the page, posts in the association's name, sees and manages who signed up.
    pub fn manages(self) -> bool {
        self >= Self::Manager
    }

    /// Invites, removes and changes the roles of members.
    pub fn owns(self) -> bool {
        self == Self::Owner
    }
}

/// The roles an owner may give when inviting or changing someone (ownership is not handed over
/// this way).
pub const GRANTABLE_ROLES: [MemberRole; 2] = [MemberRole::Member, MemberRole::Manager];

/// How many categories of action an association may list.
pub const MAX_CATEGORIES: usize = 6;

/// The largest logo kept, in kilobytes (a logo is shown small; cheap phones pay for every byte).
pub const MAX_LOGO_KB: u32 = 300;

/// The largest width or height of a logo, in pixels: a small file can still unpack into an
/// image too big for a cheap phone's memory.
pub const MAX_LOGO_PX: u32 = 2_048;

/// Where an association's logo is served. `version` (when it last changed) makes each version's
/// address unique, so that browsers may keep it for good.
pub fn logo_url(association: i64, version: i64) -> String {
    format!("/associations/{association}/logo?v={version}")
}

/// An association's page as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssociationForm {
    pub name: String,
    pub description: String,
    pub address: String,
    /// The point of the address, picked on the map.
    pub location: Option<GeoPoint>,
    pub website: String,
    pub contact: String,
    /// `Category` codes.
    pub categories: Vec<String>,
}

/// An association's page that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct AssociationDraft {
    pub name: String,
    pub description: String,
    pub address: String,
    pub location: GeoPoint,
    pub website: String,
    pub contact: String,
    pub categories: Vec<Category>,
}

impl AssociationForm {
    /// Parses every field; all errors come at once.
    pub fn parse(&self) -> Result<AssociationDraft, AppError> {
        let mut errors = Errors::default();
        let name = errors.take(text(Field::Name, &self.name, 3, 80));
        let description = errors.take(text(Field::Description, &self.description, 10, 2_000));
        let address = errors.take(text(Field::Address, &self.address, 3, 200));
        let location = errors.take(match self.location {
            Some(p) => GeoPoint::parse(p.lat, p.lng),
            None => Err(FieldError::new(Field::Location, ErrorCode::Required)),
        });
        let website = errors.take(parse_website(&self.website));
        let contact = errors.take(optional_text(Field::Contact, &self.contact, 200));
        let categories = errors.take(parse_categories(&self.categories));
        errors.finish()?;
        match (
            name,
            description,
            address,
            location,
            website,
            contact,
            categories,
        ) {
            (
                Some(name),
                Some(description),
                Some(address),
                Some(location),
                Some(website),
                Some(contact),
                Some(categories),
            ) => Ok(AssociationDraft {
                name,
                description,
                address,
                location,
                website,
                contact,
                categories,
            }),
            _ => Err(AppError::Internal),
        }
    }
}

/// Free text that may be left blank, trimmed.
pub(crate) fn optional_text(field: Field, raw: &str, max: u32) -> Result<String, FieldError> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        text(field, raw, 1, max)
    }
}

/// A web address, blank or starting with `http://` or `https://`, without spaces.
pub(crate) fn parse_website(raw: &str) -> Result<String, FieldError> {
    let value = optional_text(Field::Website, raw, 200)?;
    let lower = value.to_lowercase();
    let host = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match host {
        _ if value.is_empty() => Ok(value),
        Some(host) if host.contains('.') && !value.chars().any(char::is_whitespace) => Ok(value),
        _ => Err(FieldError::new(Field::Website, ErrorCode::InvalidUrl)),
    }
}

/// One to [`MAX_CATEGORIES`] known categories, without duplicates.
pub(crate) fn parse_categories(codes: &[String]) -> Result<Vec<Category>, FieldError> {
    let mut out = Vec::new();
    for code in codes.iter().filter(|c| !c.trim().is_empty()) {
        let category: Category = choice(Field::Categories, code)?;
        if !out.contains(&category) {
            out.push(category);
        }
    }
    if out.is_empty() {
        return Err(FieldError::new(Field::Categories, ErrorCode::Required));
    }
    if out.len() > MAX_CATEGORIES {
        return Err(FieldError::new(
            Field::Categories,
            ErrorCode::TooLong {
                max: MAX_CATEGORIES as u32,
            },
        ));
    }
    Ok(out)
}

/// Codes stored comma-separated, unknown ones skipped.
pub fn codes_from_stored<T: Code>(stored: &str) -> Vec<T> {
    stored.split(',').filter_map(T::from_code).collect()
}

/// Codes to store comma-separated.
pub fn codes_to_stored<T: Code>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// Whom to invite: an e-mail address, or a display name that only one account has.
pub fn parse_invitee(raw: &str) -> Result<String, FieldError> {
    text(Field::Invitee, raw, 1, 254)
}

/// A role an owner may give (`member` or `manager`).
pub fn parse_grantable(raw: &str) -> Result<MemberRole, FieldError> {
    let role: MemberRole = choice(Field::MemberRole, raw)?;
    if GRANTABLE_ROLES.contains(&role) {
        Ok(role)
    } else {
        Err(FieldError::new(Field::MemberRole, ErrorCode::UnknownChoice))
    }
}

/// An owner's invitation form: who (an e-mail address or a name) and as what; every field's
/// error at once.
pub fn parse_invitation(invitee: &str, role: &str) -> Result<(String, MemberRole), AppError> {
    let mut errors = Errors::default();
    let invitee = errors.take(parse_invitee(invitee));
    let role = errors.take(parse_grantable(role));
    errors.finish()?;
    match (invitee, role) {
        (Some(invitee), Some(role)) => Ok((invitee, role)),
        _ => Err(AppError::Internal),
    }
}

/// An invitation to join an association, as its invitee sees it (nobody else does).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub id: i64,
    pub association_id: i64,
    pub association_name: String,
    /// The role offered.
    pub role: MemberRole,
    pub at: i64,
}

/// A member as the association's members see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    pub user_id: i64,
    pub name: String,
    pub role: MemberRole,
    pub since: i64,
}

/// An association in a list or on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssociationSummary {
    pub id: i64,
    pub name: String,
    pub verified: bool,
    pub address: String,
    pub location: GeoPoint,
    pub categories: Vec<Category>,
    /// Its logo's address ([`logo_url`]), if it has one.
    pub logo: Option<String>,
}

/// An association's page as a viewer sees it: `members` is filled only for its members, and
/// `my_role` says what the viewer may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssociationView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub address: String,
    pub location: GeoPoint,
    pub website: String,
    pub contact: String,
    pub categories: Vec<Category>,
    pub verified: bool,
    /// Its logo's address ([`logo_url`]), if it has one.
    pub logo: Option<String>,
    pub created_at: i64,
    pub my_role: Option<MemberRole>,
    pub members: Vec<MemberView>,
    /// Which page of the members `members` is, and whether more follow.
    pub members_page: u32,
    pub more_members: bool,
}

impl AssociationView {
    /// The page's form, to edit it.
    pub fn to_form(&self) -> AssociationForm {
        AssociationForm {
            name: self.name.clone(),
            description: self.description.clone(),
            address: self.address.clone(),
            location: Some(self.location),
            website: self.website.clone(),
            contact: self.contact.clone(),
            categories: self
                .categories
                .iter()
                .map(|c| c.code().to_owned())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AssociationForm {
        AssociationForm {
            name: "Banque alimentaire".into(),
            description: "Collecte et distribution de colis.".into(),
            address: "12 rue des Lilas, Lyon".into(),
            location: Some(GeoPoint {
                lat: 45.76,
                lng: 4.84,
            }),
            website: "https://banque.example.org".into(),
            contact: String::new(),
            categories: vec!["food".into(), "food".into(), "clothing".into()],
        }
    }

    #[test]
    fn a_good_page_parses_with_categories_once() {
        let draft = form().parse().expect("valid");
        assert_eq!(draft.categories, vec![Category::Food, Category::Clothing]);
        assert_eq!(draft.contact, "");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = AssociationForm {
            name: "A".into(),
            description: String::new(),
            address: String::new(),
            location: None,
            website: "javascript:alert(1)".into(),
            contact: "x".repeat(201),
            categories: vec!["nope".into()],
        };
        let fields: Vec<Field> = bad
            .parse()
            .expect_err("refused")
            .field_errors()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::Name,
                Field::Description,
                Field::Address,
                Field::Location,
                Field::Website,
                Field::Contact,
                Field::Categories
            ]
        );
    }

    #[test]
    fn websites_must_be_web_addresses() {
        assert!(parse_website("http://a.org").is_ok());
        assert!(parse_website("").is_ok());
        assert!(parse_website("ftp://a.org").is_err());
        assert!(parse_website("https://a b.org").is_err());
        assert!(parse_website("https://localhost").is_err());
    }

    #[test]
    fn categories_are_one_to_six() {
        assert!(parse_categories(&[]).is_err());
        let seven: Vec<String> = Category::ALL[..7]
            .iter()
            .map(|c| c.code().to_owned())
            .collect();
        assert!(parse_categories(&seven).is_err());
        assert_eq!(parse_categories(&seven[..6]).expect("valid").len(), 6);
    }

    #[test]
    fn an_owner_cannot_be_granted() {
        assert_eq!(parse_grantable("manager"), Ok(MemberRole::Manager));
        assert!(parse_grantable("owner").is_err());
        assert!(MemberRole::Owner.manages() && MemberRole::Owner.owns());
        assert!(MemberRole::Manager.manages() && !MemberRole::Manager.owns());
        assert!(!MemberRole::Member.manages());
    }
}
