//! Accounts and profiles: what can be typed, and what others may see.

use serde::{Deserialize, Serialize};

use super::error::{ErrorCode, Errors, Field, FieldError};
use super::geo::GeoPoint;

/// Languages a profile can list, as BCP 47 codes (the app's own languages and common ones of
/// newcomers; the list grows with the community).
pub const SPOKEN_LANGUAGES: &[&str] = &[
    "fr", "en", "ar", "fa", "ur", "es", "de", "it", "pt", "uk", "ru", "tr", "ps", "ti", "so", "wo",
];

fn length_between(field: Field, value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let value = value.trim();
    let len = value.chars().count();
    if len == 0 && min > 0 {
        Err(FieldError::new(field, ErrorCode::Required))
    } else if len < min {
        Err(FieldError::new(
            field,
            ErrorCode::TooShort { min: min as u32 },
        ))
    } else if len > max {
        Err(FieldError::new(
            field,
            ErrorCode::TooLong { max: max as u32 },
        ))
    } else {
        Ok(value.to_owned())
    }
}

/// A normalised (trimmed, lower-case) email address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Checks the shape `local@domain.tld`; deliverability is not our business here.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(FieldError::new(Field::Email, ErrorCode::Required));
        }
        if value.chars().count() > 254 {
            return Err(FieldError::new(
                Field::Email,
                ErrorCode::TooLong { max: 254 },
            ));
        }
        let valid = match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !value.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if valid {
            Ok(Self(value))
        } else {
            Err(FieldError::new(Field::Email, ErrorCode::InvalidEmail))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name shown to others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        length_between(Field::DisplayName, raw, 2, 40).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that passed the length rule; the strength check needs a dictionary and runs on
/// the server.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl Password {
    pub const MIN: usize = 10;
    pub const MAX: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let len = raw.chars().count();
        if len == 0 {
            Err(FieldError::new(Field::Password, ErrorCode::Required))
        } else if len < Self::MIN {
            Err(FieldError::new(
                Field::Password,
                ErrorCode::TooShort {
                    min: Self::MIN as u32,
                },
            ))
        } else if len > Self::MAX {
            Err(FieldError::new(
                Field::Password,
                ErrorCode::TooLong {
                    max: Self::MAX as u32,
                },
            ))
        } else {
            Ok(Self(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A short text about oneself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bio(String);

impl Bio {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        length_between(Field::Bio, raw, 0, 500).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Languages spoken, from [`SPOKEN_LANGUAGES`], without duplicates, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Languages(Vec<String>);

impl Languages {
    pub fn parse(codes: &[String]) -> Result<Self, FieldError> {
        let mut out: Vec<String> = Vec::new();
        for code in codes {
            let code = code.trim().to_lowercase();
            if code.is_empty() {
                continue;
            }
            if !SPOKEN_LANGUAGES.contains(&code.as_str()) {
                return Err(FieldError::new(Field::Languages, ErrorCode::UnknownChoice));
            }
            if !out.contains(&code) {
                out.push(code);
            }
        }
        Ok(Self(out))
    }

    /// Stored as a comma-separated list.
    pub fn from_stored(stored: &str) -> Self {
        Self(
            stored
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
        )
    }

    pub fn to_stored(&self) -> String {
        self.0.join(",")
    }

    pub fn codes(&self) -> &[String] {
        &self.0
    }
}

/// A sign-up form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupForm {
    pub email: String,
    pub display_name: String,
    pub password: String,
}

/// A sign-up form that passed every rule.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Email,
    pub display_name: DisplayName,
    pub password: Password,
}

impl SignupForm {
    /// Parses every field and reports all the errors at once.
    pub fn parse(&self) -> Result<NewAccount, super::AppError> {
        let mut errors = Errors::default();
        let email = errors.take(Email::parse(&self.email));
        let display_name = errors.take(DisplayName::parse(&self.display_name));
        let password = errors.take(Password::parse(&self.password));
        errors.finish()?;
        match (email, display_name, password) {
            (Some(email), Some(display_name), Some(password)) => Ok(NewAccount {
                email,
                display_name,
                password,
            }),
            _ => Err(super::AppError::Internal),
        }
    }
}

/// A profile form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub display_name: String,
    pub bio: String,
    pub languages: Vec<String>,
    pub home: Option<GeoPoint>,
    /// What I can do, comma-separated (missions that want it are proposed to me).
    #[serde(default)]
    pub skills: String,
}

/// A profile form that passed every rule.
#[derive(Debug, Clone)]
pub struct ProfileUpdate {
    pub display_name: DisplayName,
    pub bio: Bio,
    pub languages: Languages,
    pub home: Option<GeoPoint>,
    pub skills: Vec<String>,
}

impl ProfileForm {
    pub fn parse(&self) -> Result<ProfileUpdate, super::AppError> {
        let mut errors = Errors::default();
        let display_name = errors.take(DisplayName::parse(&self.display_name));
        let bio = errors.take(Bio::parse(&self.bio));
        let languages = errors.take(Languages::parse(&self.languages));
        let skills = errors.take(super::vocab::parse_skills(&self.skills));
        let home = match self.home {
            Some(p) => errors
                .take(
                    GeoPoint::parse(p.lat, p.lng)
                        .map_err(|_| FieldError::new(Field::Home, ErrorCode::InvalidLocation)),
                )
                .map(Some),
            None => Some(None),
        };
        errors.finish()?;
        match (display_name, bio, languages, home, skills) {
            (Some(display_name), Some(bio), Some(languages), Some(home), Some(skills)) => {
                Ok(ProfileUpdate {
                    display_name,
                    bio,
                    languages,
                    home,
                    skills,
                })
            }
            _ => Err(super::AppError::Internal),
        }
    }
}

/// The signed-in user, as they see themselves (their exact home included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub bio: String,
    pub languages: Vec<String>,
    pub home: Option<GeoPoint>,
    pub notify: super::notify::NotifyPreference,
    /// Whether this account moderates (settles disputes, reads private reasons).
    pub moderator: bool,
    /// My skills, lower case.
    pub skills: Vec<String>,
    /// Whether my e-mail address is proven (its link used).
    pub email_verified: bool,
}

/// A user as anybody else sees them: an approximate area at most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicProfile {
    pub id: i64,
    pub display_name: String,
    pub bio: String,
    pub languages: Vec<String>,
    pub area: Option<GeoPoint>,
    pub member_since: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("a@b.fr", true)]
    #[case("  Alice@Example.ORG ", true)]
    #[case("", false)]
    #[case("alice", false)]
    #[case("alice@", false)]
    #[case("@example.org", false)]
    #[case("alice@example", false)]
    #[case("a b@example.org", false)]
    #[case("a@b@example.org", false)]
    fn emails(#[case] raw: &str, #[case] ok: bool) {
        assert_eq!(Email::parse(raw).is_ok(), ok, "{raw}");
    }

    #[test]
    fn emails_are_normalised() {
        assert_eq!(
            Email::parse(" Alice@Example.ORG ").expect("ok").as_str(),
            "alice@example.org"
        );
    }

    #[test]
    fn password_length_is_counted_in_characters() {
        assert!(Password::parse("ééééééééé").is_err());
        assert!(Password::parse("éééééééééé").is_ok());
        assert_eq!(
            Password::parse("").map(|_| ()),
            Err(FieldError::new(Field::Password, ErrorCode::Required))
        );
        assert!(
            format!("{:?}", Password::parse("secret-horse-battery").expect("ok")).contains('…')
        );
    }

    #[test]
    fn signup_reports_every_bad_field() {
        let form = SignupForm {
            email: "nope".into(),
            display_name: "x".into(),
            password: "".into(),
        };
        let err = form.parse().expect_err("invalid");
        let fields: Vec<Field> = err.field_errors().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![Field::Email, Field::DisplayName, Field::Password]
        );
    }

    #[test]
    fn languages_are_checked_and_deduplicated() {
        let l = Languages::parse(&["FR".into(), "ar".into(), "fr".into(), " ".into()]).expect("ok");
        assert_eq!(l.codes(), ["fr", "ar"]);
        assert_eq!(Languages::from_stored(&l.to_stored()), l);
        assert!(Languages::parse(&["klingon".into()]).is_err());
        assert_eq!(Languages::from_stored("").codes().len(), 0);
    }

    #[test]
    fn profile_rejects_a_bad_home() {
        let form = ProfileForm {
            display_name: "Amina".into(),
            home: Some(GeoPoint {
                lat: 120.0,
                lng: 0.0,
            }),
            ..Default::default()
        };
        assert_eq!(
            form.parse().expect_err("bad").field_errors(),
            [FieldError::new(Field::Home, ErrorCode::InvalidLocation)]
        );
    }
}
