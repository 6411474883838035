//! Issue 19: the map's counts per cell are read from `listing_cell_counts`, kept up to date on
//! write, instead of counting every listing in view (a view of France read 490 000 rows).
//!
//! One row per (level, cell, parent, kind, nature, category, remote) holds how many *counted*
//! listings are in that cell: open ones whose expiry the sweep has not yet passed
//! (`listings.counted`). `parent` is the coarser cell the map groups them into (r8 → r6,
//! r6 → r4, r4 → r4): the listing's own coarser cell, which is not always the same for every
//! listing of a cell (H3's cells do not nest exactly), hence part of the key.
//!
//! The table is maintained by database triggers, not by the application: every write to
//! `listings` (a form, the demo data, the benchmark's bulk inserts, a home move, a migration)
//! moves the counts in the same statement, so no write path can forget them. The trigger
//! language differs between SQLite and PostgreSQL, hence one text per backend.
//!
//! Expiry is the one change that happens without a write: a listing stops being open at
//! `expires_at`. The sweep (`backend::listings::sweep_counts`) clears `counted` on expired
//! listings, which moves the counts through the same triggers, and the map subtracts the few
//! listings that expired since the last sweep (`idx_listings_counted_expiry`), so a count is
//! exact at every moment.

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE listing_cell_counts (
    level INTEGER NOT NULL,
    cell BIGINT NOT NULL,
    parent BIGINT NOT NULL,
    kind VARCHAR NOT NULL,
    nature VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    remote BOOLEAN NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (level, cell, parent, kind, nature, category, remote)
)";

/// The three rows a listing counts in, for `{r}` = `NEW` or `OLD`.
fn rows(r: &str) -> String {
    format!(
        "(8, {r}.cell_r8, {r}.cell_r6, {r}.kind, {r}.nature, {r}.category, {r}.remote, 1), \
         (6, {r}.cell_r6, {r}.cell_r4, {r}.kind, {r}.nature, {r}.category, {r}.remote, 1), \
         (4, {r}.cell_r4, {r}.cell_r4, {r}.kind, {r}.nature, {r}.category, {r}.remote, 1)"
    )
}

fn add(r: &str) -> String {
    format!(
        "INSERT INTO listing_cell_counts (level, cell, parent, kind, nature, category, remote, n) \
         VALUES {} ON CONFLICT (level, cell, parent, kind, nature, category, remote) \
         DO UPDATE SET n = listing_cell_counts.n + 1;",
        rows(r)
    )
}

fn remove(r: &str) -> String {
    format!(
        "UPDATE listing_cell_counts SET n = n - 1 \
         WHERE ((level = 8 AND cell = {r}.cell_r8 AND parent = {r}.cell_r6) \
                OR (level = 6 AND cell = {r}.cell_r6 AND parent = {r}.cell_r4) \
                OR (level = 4 AND cell = {r}.cell_r4 AND parent = {r}.cell_r4)) \
           AND kind = {r}.kind AND nature = {r}.nature AND category = {r}.category \
           AND remote = {r}.remote;"
    )
}

/// The columns whose change moves a listing between count rows.
const COUNTED_COLUMNS: &str =
    "status, counted, cell_r8, cell_r6, cell_r4, kind, nature, category, remote";

fn sqlite_triggers() -> Vec<String> {
    let counted = |r: &str| format!("{r}.status = 'open' AND {r}.counted");
    vec![
        format!(
            "CREATE TRIGGER listings_counts_insert AFTER INSERT ON listings WHEN {} BEGIN {} END",
            counted("NEW"),
            add("NEW")
        ),
        format!(
            "CREATE TRIGGER listings_counts_update_old AFTER UPDATE OF {COUNTED_COLUMNS} \
             ON listings WHEN {} BEGIN {} END",
            counted("OLD"),
            remove("OLD")
        ),
        format!(
            "CREATE TRIGGER listings_counts_update_new AFTER UPDATE OF {COUNTED_COLUMNS} \
             ON listings WHEN {} BEGIN {} END",
            counted("NEW"),
            add("NEW")
        ),
        format!(
            "CREATE TRIGGER listings_counts_delete AFTER DELETE ON listings WHEN {} BEGIN {} END",
            counted("OLD"),
            remove("OLD")
        ),
    ]
}

fn postgres_triggers() -> Vec<String> {
    vec![
        format!(
            "CREATE FUNCTION listings_counts() RETURNS trigger AS $$
             BEGIN
               IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN
                 IF OLD.status = 'open' AND OLD.counted THEN {} END IF;
               END IF;
               IF TG_OP = 'UPDATE' OR TG_OP = 'INSERT' THEN
                 IF NEW.status = 'open' AND NEW.counted THEN {} END IF;
               END IF;
               RETURN NULL;
             END $$ LANGUAGE plpgsql",
            remove("OLD"),
            add("NEW")
        ),
        "CREATE TRIGGER listings_counts_insert_delete AFTER INSERT OR DELETE ON listings \
         FOR EACH ROW EXECUTE FUNCTION listings_counts()"
            .to_owned(),
        format!(
            "CREATE TRIGGER listings_counts_update AFTER UPDATE OF {COUNTED_COLUMNS} ON listings \
             FOR EACH ROW EXECUTE FUNCTION listings_counts()"
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        db.execute_unprepared(
            "ALTER TABLE listings ADD COLUMN counted BOOLEAN NOT NULL DEFAULT TRUE",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_listings_counted_expiry ON listings (counted, expires_at)",
        )
        .await?;
        // The newest listings of a large view are found by walking this index (see
        // `backend::listings::in_view`).
        db.execute_unprepared(
            "CREATE INDEX idx_listings_newest ON listings (status, created_at, id)",
        )
        .await?;
        db.execute_unprepared(TABLE).await?;
        db.execute_unprepared(
            "CREATE INDEX idx_listing_cell_counts_parent ON listing_cell_counts (level, parent)",
        )
        .await?;
        // The counts of the rows already stored, then the triggers keep them.
        for (level, cell, parent) in [
            (8, "cell_r8", "cell_r6"),
            (6, "cell_r6", "cell_r4"),
            (4, "cell_r4", "cell_r4"),
        ] {
            db.execute_unprepared(&format!(
                "INSERT INTO listing_cell_counts (level, cell, parent, kind, nature, category, remote, n) \
                 SELECT {level}, {cell}, {parent}, kind, nature, category, remote, COUNT(*) \
                 FROM listings WHERE status = 'open' AND counted \
                 GROUP BY {cell}, {parent}, kind, nature, category, remote"
            ))
            .await?;
        }
        let triggers = match backend {
            DatabaseBackend::Postgres => postgres_triggers(),
            _ => sqlite_triggers(),
        };
        for sql in triggers {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
