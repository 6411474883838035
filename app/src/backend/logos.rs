//! Association logos: checked from their bytes, stored in `association_logos`, served by the
//! server at [`logo_url`]. Only the association's owner and managers change its logo.

use imagesize::ImageType;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::Error;
use super::associations::require;
use super::entities::{association, association_logo};
use crate::domain::association::{MAX_LOGO_KB, MAX_LOGO_PX, MemberRole, logo_url};
use crate::domain::{AppError, ErrorCode, Field};

/// The largest logo kept, in bytes.
pub const MAX_LOGO_BYTES: usize = MAX_LOGO_KB as usize * 1_024;

/// A logo that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Checks an uploaded file: not empty, at most [`MAX_LOGO_BYTES`], a PNG, JPEG or WebP image
/// told from its bytes (never from the name or the type the browser claims, and never SVG,
/// which can carry scripts), at most [`MAX_LOGO_PX`] on each side.
pub fn check(bytes: Vec<u8>) -> Result<Logo, AppError> {
    let refuse = |code| AppError::field(Field::Logo, code);
    if bytes.is_empty() {
        return Err(refuse(ErrorCode::Required));
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(refuse(ErrorCode::FileTooLarge {
            max_kb: MAX_LOGO_KB,
        }));
    }
    let content_type = match imagesize::image_type(&bytes) {
        Ok(ImageType::Png) => "image/png",
        Ok(ImageType::Jpeg) => "image/jpeg",
        Ok(ImageType::Webp) => "image/webp",
        _ => return Err(refuse(ErrorCode::NotAnImage)),
    };
    let size = imagesize::blob_size(&bytes).map_err(|_| refuse(ErrorCode::NotAnImage))?;
    if size.width == 0 || size.height == 0 {
        return Err(refuse(ErrorCode::NotAnImage));
    }
    let max = MAX_LOGO_PX as usize;
    if size.width > max || size.height > max {
        return Err(refuse(ErrorCode::ImageTooLarge {
            max_px: MAX_LOGO_PX,
        }));
    }
    Ok(Logo {
        content_type,
        bytes,
    })
}

/// Sets (or replaces) an association's logo; answers its new address. Owner and managers only.
///
/// The version is bumped in one `UPDATE` first: it locks the association's row (PostgreSQL)
/// or the database (SQLite) until the transaction ends, so that two uploads at once never get
/// the same version, which browsers keep for good.
pub async fn set(
    conn: &impl ConnectionTrait,
    user: i64,
    association_id: i64,
    logo: Logo,
    now: i64,
) -> Result<String, Error> {
    require(conn, association_id, user, MemberRole::manages).await?;
    let version_col = Expr::col(association::Column::LogoVersion);
    association::Entity::update_many()
        .col_expr(
            association::Column::LogoVersion,
            Expr::case(version_col.clone().gte(now), version_col.clone().add(1))
                .case(
                    version_col.clone().mul(-1).gte(now),
                    version_col.mul(-1).add(1),
                )
                .finally(Expr::value(now))
                .into(),
        )
        .filter(association::Column::Id.eq(association_id))
        .exec(conn)
        .await?;
    let version = association::Entity::find_by_id(association_id)
        .one(conn)
        .await?
        .and_then(|row| row.logo_version)
        .filter(|v| *v > 0)
        .ok_or(AppError::NotFound)?;
    association_logo::Entity::insert(association_logo::ActiveModel {
        association_id: Set(association_id),
        content_type: Set(logo.content_type.to_owned()),
        bytes: Set(logo.bytes),
        updated_at: Set(version),
    })
    .on_conflict(
        OnConflict::column(association_logo::Column::AssociationId)
            .update_columns([
                association_logo::Column::ContentType,
                association_logo::Column::Bytes,
                association_logo::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(conn)
    .await?;
    Ok(logo_url(association_id, version))
}

/// Removes an association's logo (owner and managers); removing none is not an error.
pub async fn remove(
    conn: &impl ConnectionTrait,
    user: i64,
    association_id: i64,
) -> Result<(), Error> {
    require(conn, association_id, user, MemberRole::manages).await?;
    association_logo::Entity::delete_by_id(association_id)
        .exec(conn)
        .await?;
    // Minus the last version: a later logo gets a newer one (see the entity).
    association::Entity::update_many()
        .col_expr(
            association::Column::LogoVersion,
            Expr::col(association::Column::LogoVersion).mul(-1),
        )
        .filter(association::Column::LogoVersion.gt(0))
        .filter(association::Column::Id.eq(association_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// An association's logo, for anyone (a logo is public like the page).
pub async fn get(
    conn: &impl ConnectionTrait,
    association_id: i64,
) -> Result<Option<association_logo::Model>, Error> {
    Ok(association_logo::Entity::find_by_id(association_id)
        .one(conn)
        .await?)
}

/// Reads an upload form: the association's id (field `association`) and the image's bytes
/// (field `logo`), each read a chunk at a time and refused as soon as it passes its limit, so
/// an oversized upload is never held whole in memory.
pub async fn read_upload(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<(i64, Vec<u8>), AppError> {
    let refuse = |code| AppError::field(Field::Logo, code);
    let mut parts = data.into_inner().ok_or(AppError::Internal)?;
    let (mut id, mut bytes) = (None::<i64>, None::<Vec<u8>>);
    while let Some(mut field) = parts
        .next_field()
        .await
        .map_err(|_| refuse(ErrorCode::NotAnImage))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let limit = if name == "logo" { MAX_LOGO_BYTES } else { 32 };
        let mut read = Vec::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|_| refuse(ErrorCode::NotAnImage))?
        {
            read.extend_from_slice(&chunk);
            if read.len() > limit {
                return Err(refuse(ErrorCode::FileTooLarge {
                    max_kb: MAX_LOGO_KB,
                }));
            }
        }
        match name.as_str() {
            "association" => {
                id = std::str::from_utf8(&read)
                    .ok()
                    .and_then(|s| s.trim().parse().ok());
            }
            "logo" => bytes = Some(read),
            _ => {}
        }
    }
    Ok((id.ok_or(AppError::NotFound)?, bytes.unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest valid PNG header for a `w`×`h` image (the signature and the IHDR chunk are
    /// all the type and size are read from).
    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        b.extend_from_slice(b"IHDR");
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    fn code(bytes: Vec<u8>) -> Option<ErrorCode> {
        check(bytes)
            .err()
            .and_then(|e| e.field_errors().first().map(|f| f.code))
    }

    #[test]
    fn a_png_is_kept_with_its_type() {
        let logo = check(png(8, 8)).expect("a PNG");
        assert_eq!(logo.content_type, "image/png");
        assert_eq!(logo.bytes, png(8, 8));
    }

    #[test]
    fn other_files_are_refused_by_their_bytes() {
        assert_eq!(code(Vec::new()), Some(ErrorCode::Required));
        assert_eq!(code(b"hello, world".to_vec()), Some(ErrorCode::NotAnImage));
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(code(svg.to_vec()), Some(ErrorCode::NotAnImage));
        assert_eq!(
            code(b"GIF89a\x01\x00\x01\x00".to_vec()),
            Some(ErrorCode::NotAnImage)
        );
    }

    #[test]
    fn large_files_and_images_are_refused() {
        let mut big = png(8, 8);
        big.resize(MAX_LOGO_BYTES + 1, 0);
        assert_eq!(code(big), Some(ErrorCode::FileTooLarge { max_kb: 300 }));
        let mut at_limit = png(8, 8);
        at_limit.resize(MAX_LOGO_BYTES, 0);
        assert!(check(at_limit).is_ok());
        assert_eq!(
            code(png(MAX_LOGO_PX + 1, 10)),
            Some(ErrorCode::ImageTooLarge { max_px: 2_048 })
        );
        assert!(check(png(MAX_LOGO_PX, MAX_LOGO_PX)).is_ok());
        assert_eq!(code(png(0, 10)), Some(ErrorCode::NotAnImage));
    }
}
