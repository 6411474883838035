//! Issue 19, continued: the map's counts answer any filter from one row per cell.
//!
//! `listing_cell_counts` (migration `m20261202_000012_cell_counts`) kept one row per cell and
//! per (kind, nature, category, remote) of its listings, so a view summed up to 64 rows per cell
//! (two kinds, sixteen categories, remote or not): 19 000 rows for a view of France, whose sum
//! was most of the map's time. Now each listing also counts in the rows of every filter it
//! passes: kind, nature and category each either its own value or `*` (any), and `remote_only`
//! true only for a remote listing. Whatever the filters, a view reads exactly the rows of its
//! cells for that one filter: one per (cell, parent). A write moves 24 rows (48 for a remote
//! listing) instead of 3, still a fraction of a millisecond, in the same statement.
//!
//! The filter columns lead the key, so a view's query is one index seek per cell.
//!
//! The list beside the map (the newest listings in view) is chosen from indexes that hold every
//! column the choice tests: the map's cell indexes and `idx_listings_newest` now also hold the
//! creation time, the expiry, the cells and the filter columns, so sorting a view of 30 000
//! listings reads no table row (2 ms instead of 100 ms on SQLite), and the rows are read for the
//! 50 chosen only.

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The value of a filter column that stands for "any".
pub const ANY: &str = "*";

const TABLE: &str = "CREATE TABLE listing_cell_counts (
    level INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    nature VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    remote_only BOOLEAN NOT NULL,
    cell BIGINT NOT NULL,
    parent BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (level, kind, nature, category, remote_only, cell, parent)
)";

/// The three (level, cell, parent) a listing counts in, for `{r}` = `NEW` or `OLD`.
fn levels(r: &str) -> [(u8, String, String); 3] {
    [
        (8, format!("{r}.cell_r8"), format!("{r}.cell_r6")),
        (6, format!("{r}.cell_r6"), format!("{r}.cell_r4")),
        (4, format!("{r}.cell_r4"), format!("{r}.cell_r4")),
    ]
}

/// Counts listing `{r}` in every row it belongs to.
fn add(r: &str) -> String {
    let l = levels(r)
        .iter()
        .map(|(level, cell, parent)| {
            format!("SELECT {level} AS level, {cell} AS cell, {parent} AS parent")
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    format!(
        "INSERT INTO listing_cell_counts \
           (level, kind, nature, category, remote_only, cell, parent, n) \
         SELECT l.level, k.v, na.v, c.v, ro.v, l.cell, l.parent, 1 \
         FROM ({l}) AS l, \
              (SELECT {r}.kind AS v UNION ALL SELECT '{ANY}') AS k, \
              (SELECT {r}.nature AS v UNION ALL SELECT '{ANY}') AS na, \
              (SELECT {r}.category AS v UNION ALL SELECT '{ANY}') AS c, \
              (SELECT FALSE AS v UNION ALL SELECT TRUE WHERE {r}.remote) AS ro \
         WHERE TRUE \
         ON CONFLICT (level, kind, nature, category, remote_only, cell, parent) \
         DO UPDATE SET n = listing_cell_counts.n + 1;"
    )
}

/// Takes listing `{r}` out of every row it counts in: one statement per level, each a few
/// index seeks (the `IN` lists expand into keys).
fn remove(r: &str) -> String {
    levels(r)
        .iter()
        .map(|(level, cell, parent)| {
            format!(
                "UPDATE listing_cell_counts SET n = n - 1 \
                 WHERE level = {level} AND kind IN ({r}.kind, '{ANY}') \
                   AND nature IN ({r}.nature, '{ANY}') AND category IN ({r}.category, '{ANY}') \
                   AND remote_only IN (FALSE, {r}.remote) \
                   AND cell = {cell} AND parent = {parent};"
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The counts of the listings already stored: for each level and each of the 16 filters.
fn fill() -> Vec<String> {
    let mut out = Vec::new();
    for (level, cell, parent) in [
        (8, "cell_r8", "cell_r6"),
        (6, "cell_r6", "cell_r4"),
        (4, "cell_r4", "cell_r4"),
    ] {
        for any in 0..16u8 {
            let column = |bit: u8, name: &'static str| {
                if any & bit != 0 {
                    (format!("'{ANY}'"), None)
                } else {
                    (name.to_owned(), Some(name))
                }
            };
            let (kind, k) = column(1, "kind");
            let (nature, n) = column(2, "nature");
            let (category, c) = column(4, "category");
            let remote_only = any & 8 != 0;
            let group: Vec<&str> = [Some(cell), Some(parent), k, n, c]
                .into_iter()
                .flatten()
                .collect();
            let remote = if remote_only { " AND remote" } else { "" };
            out.push(format!(
                "INSERT INTO listing_cell_counts \
                   (level, kind, nature, category, remote_only, cell, parent, n) \
                 SELECT {level}, {kind}, {nature}, {category}, {remote_only}, {cell}, {parent}, \
                        COUNT(*) \
                 FROM listings WHERE status = 'open' AND counted{remote} \
                 GROUP BY {}",
                group.join(", ")
            ));
        }
    }
    out
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

/// The rows listing `{r}` counts in, each with `delta`, if it is counted.
fn deltas(r: &str, delta: i8) -> String {
    let l = levels(r)
        .iter()
        .map(|(level, cell, parent)| {
            format!("SELECT {level} AS level, {cell} AS cell, {parent} AS parent")
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    format!(
        "SELECT l.level, k.v AS kind, na.v AS nature, c.v AS category, ro.v AS remote_only, \
                l.cell, l.parent, {delta} AS d \
         FROM ({l}) AS l, \
              (SELECT {r}.kind AS v UNION ALL SELECT '{ANY}') AS k, \
              (SELECT {r}.nature AS v UNION ALL SELECT '{ANY}') AS na, \
              (SELECT {r}.category AS v UNION ALL SELECT '{ANY}') AS c, \
              (SELECT FALSE AS v UNION ALL SELECT TRUE WHERE {r}.remote) AS ro \
         WHERE {r}.status = 'open' AND {r}.counted"
    )
}

/// One statement moves every count a write changes, in the key's order. Writers that share
/// rows (every listing of a cell shares its `*` rows) then take their row locks in the same
/// order, and do not deadlock: with a statement per level and the old rows before the new
/// ones, sixteen concurrent writers of one area took 20 times longer, mostly in deadlocks
/// and retries.
fn postgres_upsert(parts: &[String]) -> String {
    format!(
        "INSERT INTO listing_cell_counts \
           (level, kind, nature, category, remote_only, cell, parent, n) \
         SELECT level, kind, nature, category, remote_only, cell, parent, SUM(d) \
         FROM ({}) AS deltas \
         GROUP BY level, kind, nature, category, remote_only, cell, parent \
         HAVING SUM(d) <> 0 \
         ORDER BY level, kind, nature, category, remote_only, cell, parent \
         ON CONFLICT (level, kind, nature, category, remote_only, cell, parent) \
         DO UPDATE SET n = listing_cell_counts.n + EXCLUDED.n;",
        parts.join(" UNION ALL ")
    )
}

fn postgres_triggers() -> Vec<String> {
    vec![
        format!(
            "CREATE FUNCTION listings_counts() RETURNS trigger AS $$
             BEGIN
               IF TG_OP = 'INSERT' THEN {}
               ELSIF TG_OP = 'DELETE' THEN {}
               ELSE {}
               END IF;
               RETURN NULL;
             END $$ LANGUAGE plpgsql",
            postgres_upsert(&[deltas("NEW", 1)]),
            postgres_upsert(&[deltas("OLD", -1)]),
            postgres_upsert(&[deltas("OLD", -1), deltas("NEW", 1)]),
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
    /// In one transaction on SQLite too: all or nothing, and on one connection (run on the
    /// pool's connections, SQLite refused to re-create an index another had just dropped).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        // The previous triggers and table go; the same names come back with the new rows.
        let drop = match backend {
            DatabaseBackend::Postgres => vec![
                "DROP TRIGGER listings_counts_insert_delete ON listings",
                "DROP TRIGGER listings_counts_update ON listings",
                "DROP FUNCTION listings_counts()",
            ],
            _ => vec![
                "DROP TRIGGER listings_counts_insert",
                "DROP TRIGGER listings_counts_update_old",
                "DROP TRIGGER listings_counts_update_new",
                "DROP TRIGGER listings_counts_delete",
            ],
        };
        for sql in drop {
            db.execute_unprepared(sql).await?;
        }
        db.execute_unprepared("DROP TABLE listing_cell_counts")
            .await?;
        db.execute_unprepared(TABLE).await?;
        for sql in fill() {
            db.execute_unprepared(&sql).await?;
        }
        for (name, cell) in [
            ("idx_listings_r8", "cell_r8"),
            ("idx_listings_r6", "cell_r6"),
            ("idx_listings_r4", "cell_r4"),
        ] {
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
            db.execute_unprepared(&format!(
                "CREATE INDEX {name} ON listings \
                 ({cell}, status, created_at, id, expires_at, kind, nature, category, remote)"
            ))
            .await?;
        }
        db.execute_unprepared("DROP INDEX idx_listings_newest")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_listings_newest ON listings (status, created_at, id, expires_at, \
             cell_r8, cell_r6, cell_r4, kind, nature, category, remote)",
        )
        .await?;
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
