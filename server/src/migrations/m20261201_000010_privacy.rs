//! Issue 17's repairs in the schema:
//! - listings' cells are taken from their public point (see `app::domain::geo::stored_cells`),
//!   so searches and counts by cell never depend on where an exact point lies in its public
//!   cell: the rows already stored get their cells again;
//! - one open exchange per listing and proposer, enforced by a partial unique index, so that
//!   concurrent clicks on "I can help" make one exchange;
//! - `home_moves` records each change of a person's home, to limit how often it moves.

use app::domain::geo::{GeoPoint, stored_cells};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HomeMoves {
    Table,
    Id,
    UserId,
    MovedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(FromQueryResult)]
struct Located {
    id: i64,
    lat: f64,
    lng: f64,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let rows = Located::find_by_statement(Statement::from_string(
            backend,
            "SELECT id, lat, lng FROM listings",
        ))
        .all(db)
        .await?;
        for row in rows {
            let [r8, r6, r4] = stored_cells(GeoPoint {
                lat: row.lat,
                lng: row.lng,
            });
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    sea_orm::DatabaseBackend::Postgres => {
                        "UPDATE listings SET cell_r8 = $1, cell_r6 = $2, cell_r4 = $3 WHERE id = $4"
                    }
                    _ => "UPDATE listings SET cell_r8 = ?, cell_r6 = ?, cell_r4 = ? WHERE id = ?",
                },
                [r8.into(), r6.into(), r4.into(), row.id.into()],
            ))
            .await?;
        }
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_exchanges_one_open_per_proposer \
             ON exchanges (listing_id, proposer_id) WHERE state IN ('proposed', 'accepted')",
        )
        .await?;
        m.create_table(
            Table::create()
                .table(HomeMoves::Table)
                .if_not_exists()
                .col(big_pk_auto(HomeMoves::Id))
                .col(big_integer(HomeMoves::UserId))
                .col(big_integer(HomeMoves::MovedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_home_moves_user")
                        .from(HomeMoves::Table, HomeMoves::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_home_moves_user_at")
                .table(HomeMoves::Table)
                .col(HomeMoves::UserId)
                .col(HomeMoves::MovedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(HomeMoves::Table).to_owned())
            .await?;
        m.get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS ux_exchanges_one_open_per_proposer")
            .await
            .map(|_| ())
    }
}
