//! The vocabulary every area of the domain speaks: stable codes for fixed choices, the parsers
//! that turn a typed form field into a value or a field error, and time constants.

use super::error::{ErrorCode, Field, FieldError};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// A stable text code for each choice, used in forms, URLs and the database.
pub trait Code: Sized + Copy + 'static {
    const CHOICES: &'static [Self];
    fn code(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self> {
        Self::CHOICES.iter().copied().find(|c| c.code() == code)
    }
}

/// A fixed choice typed as its code; empty is `Required`, anything else unknown is
/// `UnknownChoice`.
pub(crate) fn choice<T: Code>(field: Field, raw: &str) -> Result<T, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(field, ErrorCode::Required));
    }
    T::from_code(raw.trim()).ok_or(FieldError::new(field, ErrorCode::UnknownChoice))
}

/// Trimmed text of `min..=max` characters.
pub(crate) fn text(field: Field, raw: &str, min: u32, max: u32) -> Result<String, FieldError> {
    let value = raw.trim();
    let len = value.chars().count() as u32;
    if len == 0 {
        Err(FieldError::new(field, ErrorCode::Required))
    } else if len < min {
        Err(FieldError::new(field, ErrorCode::TooShort { min }))
    } else if len > max {
        Err(FieldError::new(field, ErrorCode::TooLong { max }))
    } else {
        Ok(value.to_owned())
    }
}

/// A whole number in `min..=max`.
pub(crate) fn in_range(field: Field, raw: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let out = FieldError::new(field, ErrorCode::OutOfRange { min, max });
    let value: i64 = raw.trim().parse().map_err(|_| out)?;
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(out)
    }
}

/// `raw` with Persian (۰–۹) and Arabic-Indic (٠–٩) digits, and the Arabic decimal separator,
/// made ASCII: a person typing hours or a number on a Farsi, Urdu or Arabic keyboard is read
/// as if they had typed Latin digits.
pub fn ascii_digits(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '٫' => '.',
            _ => c,
        })
        .collect()
}

/// The radii an author can choose for a listing or an alert, in kilometres.
pub const RADIUS_CHOICES_KM: [i64; 5] = [1, 3, 5, 10, 25];
/// The radius of a listing whose author did not choose one.
pub const DEFAULT_RADIUS_KM: i64 = 5;

/// A matching radius typed or chosen by a user, in km: one of [`RADIUS_CHOICES_KM`].
pub fn parse_radius_km(input: &str) -> Result<i64, FieldError> {
    input
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|km| RADIUS_CHOICES_KM.contains(km))
        .ok_or(FieldError::new(Field::Radius, ErrorCode::UnknownChoice))
}

/// How many skills a profile or a mission may list.
pub const MAX_SKILLS: usize = 10;

/// Skills typed comma-separated: trimmed, lower case, 2 to 40 characters each, at most
/// [`MAX_SKILLS`], duplicates dropped.
pub fn parse_skills(raw: &str) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for skill in raw.split(',').map(|s| s.trim().to_lowercase()) {
        if skill.is_empty() || out.contains(&skill) {
            continue;
        }
        let len = skill.chars().count();
        if !(2..=40).contains(&len) {
            return Err(FieldError::new(
                Field::Skills,
                ErrorCode::TooLong { max: 40 },
            ));
        }
        out.push(skill);
    }
    if out.len() > MAX_SKILLS {
        return Err(FieldError::new(
            Field::Skills,
            ErrorCode::TooLong {
                max: MAX_SKILLS as u32,
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_are_normalised() {
        assert_eq!(
            parse_skills(" Cuisine, cuisine ,Arabe,").expect("valid"),
            vec!["cuisine".to_owned(), "arabe".to_owned()]
        );
        let many: Vec<String> = (0..11).map(|i| format!("s{i}")).collect();
        assert!(parse_skills(&many.join(",")).is_err());
    }
}
