//! Issue 20, continued: events and missions are held at a venue (`activities.venue_id`), and
//! their accessibility is the venue's answers rather than four boxes their manager ticked; a
//! person keeps their own accessibility needs, privately (`users.access_needs`); an association
//! may say a venue is its premises (`venues.association_id`); the map reads venues by their
//! point (`idx_venues_point`).
//!
//! The boxes already ticked are not lost: each activity with a place and ticked boxes is moved
//! to a venue at that place (one venue per name and point, named after the address), and each box
//! becomes the answer it claimed, given by the activity's author when the activity was written:
//! step-free access → a step-free entrance and path to the reception; guidance for blind people →
//! a guide strip; hearing loop or sign language → a hearing loop; easy-to-read information →
//! easy-to-read signs. Nothing else is assumed, so such a venue is rated on those answers alone
//! (often "unknown" until someone answers the rest). The old column stays, written empty.

use app::domain::accessibility::{Answer, Question};
use app::domain::geo::GeoPoint;
use app::domain::venue::{VenueDraft, VenueKind};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Activities {
    Table,
    VenueId,
}

#[derive(DeriveIden)]
enum Venues {
    Table,
    AssociationId,
    Lat,
    Lng,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    AccessNeeds,
}

/// The answers a ticked box claimed.
pub fn answers_of_box(code: &str) -> &'static [Question] {
    match code {
        "mobility" => &[Question::StepFreeEntrance, Question::StepFreeToReception],
        "visual" => &[Question::GuideStrip],
        "hearing" => &[Question::HearingLoop],
        "cognitive" => &[Question::EasyToRead],
        _ => &[],
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Activities::Table)
                .add_column(big_integer_null(Activities::VenueId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_activities_venue")
                .table(Activities::Table)
                .col(Activities::VenueId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string(Users::AccessNeeds).default(""))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Venues::Table)
                .add_column(big_integer_null(Venues::AssociationId))
                .to_owned(),
        )
        .await?;
        // The map reads the places in a box.
        m.create_index(
            Index::create()
                .name("idx_venues_point")
                .table(Venues::Table)
                .col(Venues::Lat)
                .col(Venues::Lng)
                .to_owned(),
        )
        .await?;
        move_ticked_boxes(m.get_connection()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_venues_point").to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Venues::Table)
                .drop_column(Venues::AssociationId)
                .to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name("idx_activities_venue").to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Activities::Table)
                .drop_column(Activities::VenueId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::AccessNeeds)
                .to_owned(),
        )
        .await
    }
}

async fn move_ticked_boxes(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = conn.get_database_backend();
    let rows = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, title, address, lat, lng, accessibility, created_by, updated_at \
             FROM activities WHERE accessibility <> '' AND online = FALSE \
             AND lat IS NOT NULL AND lng IS NOT NULL ORDER BY id",
        ))
        .await?;
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let title: String = row.try_get("", "title")?;
        let address: String = row.try_get("", "address")?;
        let (lat, lng): (f64, f64) = (row.try_get("", "lat")?, row.try_get("", "lng")?);
        let boxes: String = row.try_get("", "accessibility")?;
        let (author, at): (i64, i64) = (
            row.try_get("", "created_by")?,
            row.try_get("", "updated_at")?,
        );
        let mut answers = Vec::new();
        for code in boxes.split(',') {
            for q in answers_of_box(code.trim()) {
                answers.push((*q, Some(Answer::Yes)));
            }
        }
        let name = if address.trim().chars().count() >= 3 {
            address.clone()
        } else {
            title
        };
        let draft = VenueDraft {
            name: name.chars().take(120).collect(),
            kind: VenueKind::Other,
            address,
            location: GeoPoint { lat, lng },
            website: String::new(),
            hours: String::new(),
        };
        let venue = app::backend::venues::find_or_add(conn, author, draft, answers, at)
            .await
            .map_err(|e| DbErr::Custom(format!("{e:?}")))?;
        let set = match backend {
            DbBackend::Postgres => {
                "UPDATE activities SET venue_id = $1, accessibility = '' WHERE id = $2"
            }
            _ => "UPDATE activities SET venue_id = ?, accessibility = '' WHERE id = ?",
        };
        conn.execute_raw(Statement::from_sql_and_values(
            backend,
            set,
            [venue.into(), id.into()],
        ))
        .await?;
    }
    Ok(())
}
