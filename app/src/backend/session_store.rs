//! Server-side sessions in our own database.
//!
//! Hand-written because the published tower-sessions stores are tied to one sqlx driver each
//! (SQLite *or* PostgreSQL) and to other sqlx versions than sea-orm 2's; this store is the four
//! calls of `SessionStore` over one sea-orm table, so it runs on both databases unchanged.

use async_trait::async_trait;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tower_sessions::SessionStore;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};

use super::entities::session;

/// Sessions kept in the `sessions` table.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Deletes expired sessions; returns how many.
    pub async fn delete_expired(&self) -> Result<u64> {
        let now = super::now();
        session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(now))
            .exec(&self.db)
            .await
            .map(|r| r.rows_affected)
            .map_err(backend)
    }

    /// Ends every session of an account (a new password was chosen).
    pub async fn end_all_of(db: &impl sea_orm::ConnectionTrait, user_id: i64) -> Result<u64> {
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .exec(db)
            .await
            .map(|r| r.rows_affected)
            .map_err(backend)
    }

    fn to_model(record: &Record) -> Result<session::ActiveModel> {
        let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
        Ok(session::ActiveModel {
            id: Set(record.id.to_string()),
            data: Set(data),
            expires_at: Set(record.expiry_date.unix_timestamp()),
            user_id: Set(record
                .data
                .get(super::auth::USER_KEY)
                .and_then(serde_json::Value::as_i64)),
        })
    }
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A fresh random id collides with an existing one with negligible odds; when it does,
        // draw another rather than overwrite someone's session.
        loop {
            let model = Self::to_model(record)?;
            match session::Entity::insert(model).exec(&self.db).await {
                Ok(_) => return Ok(()),
                Err(e)
                    if matches!(
                        e.sql_err(),
                        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                    ) =>
                {
                    record.id = Id::default();
                }
                Err(e) => return Err(backend(e)),
            }
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let model = Self::to_model(record)?;
        session::Entity::insert(model)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([
                        session::Column::Data,
                        session::Column::ExpiresAt,
                        session::Column::UserId,
                    ])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map(|_| ())
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let now = super::now();
        let Some(row) = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAt.gt(now))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at)
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        session::Entity::delete_by_id(id.to_string())
            .exec(&self.db)
            .await
            .map(|_| ())
            .map_err(backend)
    }
}
