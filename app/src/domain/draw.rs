//! "Draw lots at a deadline": for a free good many people want, the author lets chance choose
//! among everyone who asked before a deadline, so the first to click does not always win.
//! Which listings may use it, what the author's form accepts, and what the pages show. The
//! draw itself (seed, tickets, order) is in `backend::draws`, its rule is written out here for
//! the pages: [`RULE_VERSION`].

use serde::{Deserialize, Serialize};

use super::error::{AppError, Errors, Field};
use super::ledger::Policy;
use super::listing::{ListingKind, Nature};
use super::vocab::{DAY, in_range};

/// The shortest and longest time the author may leave people to ask, in days.
pub const MIN_DRAW_DAYS: i64 = 1;
pub const MAX_DRAW_DAYS: i64 = 14;
/// How many people one draw may choose.
pub const MAX_WINNERS: i64 = 20;
/// Which rule orders the tickets (shown beside the seed, so anyone can check a draw):
/// each entry's ticket is the SHA-256 of `"<seed>:<exchange number>"` in hexadecimal, and the
/// lowest tickets win.
pub const RULE_VERSION: &str = "sha256(seed:exchange)";

/// Whether a listing may be given out by drawing lots: offers of goods that are free (under the
/// gift policy every listing is free).
pub fn may_draw_lots(kind: ListingKind, nature: Nature, price: i64, policy: Policy) -> bool {
    let free = price == 0 || matches!(policy, Policy::GiftWithQuota { .. });
    kind == ListingKind::Offer && nature == Nature::Good && free
}

/// The author's choice as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawForm {
    /// Days from now to the deadline, [`MIN_DRAW_DAYS`] to [`MAX_DRAW_DAYS`].
    pub days: String,
    /// How many people to choose, 1 to [`MAX_WINNERS`].
    pub winners: String,
}

impl Default for DrawForm {
    fn default() -> Self {
        Self {
            days: "3".to_owned(),
            winners: "1".to_owned(),
        }
    }
}

/// A parsed choice: the deadline and how many people win.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawPlan {
    pub deadline: i64,
    pub winners: i64,
}

impl DrawForm {
    /// Every refused field at once; the deadline is `days` after `now`.
    pub fn parse(&self, now: i64) -> Result<DrawPlan, AppError> {
        let mut errors = Errors::default();
        let days = errors.take(in_range(
            Field::DrawDays,
            &self.days,
            MIN_DRAW_DAYS,
            MAX_DRAW_DAYS,
        ));
        let winners = errors.take(in_range(Field::Winners, &self.winners, 1, MAX_WINNERS));
        errors.finish()?;
        match (days, winners) {
            (Some(days), Some(winners)) => Ok(DrawPlan {
                deadline: now + days * DAY,
                winners,
            }),
            _ => Err(AppError::Internal),
        }
    }
}

/// How the draw went for the person looking, once it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MyDraw {
    /// I did not take part (or I am the author).
    NotEntered,
    Won,
    Lost,
}

/// The result of a finished draw, public except for who won.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawResult {
    pub drawn_at: i64,
    /// How many people had asked by the deadline.
    pub entries: i64,
    /// The random seed drawn at the deadline, in hexadecimal.
    pub seed: String,
    pub rule: String,
    pub mine: MyDraw,
    /// My exchange's number and ticket, when I took part, so I can check the draw.
    pub my_ticket: Option<(i64, String)>,
    /// My place among all tickets (1 is the lowest), when I took part.
    pub my_rank: Option<i64>,
}

/// A listing's draw as anyone sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawView {
    pub listing_id: i64,
    pub deadline: i64,
    pub winners: i64,
    /// People waiting for the draw now (before it), so everyone sees the odds.
    pub entries_so_far: i64,
    /// Whether the deadline had passed when this was read (asking is closed).
    pub closed: bool,
    /// `None` until the deadline has passed and the draw has run.
    pub result: Option<DrawResult>,
}

/// What the listing page needs: the draw if there is one, and whether the viewer (its author)
/// may start one now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DrawInfo {
    pub draw: Option<DrawView>,
    pub may_start: bool,
}

impl DrawView {
    /// Whether people are still asking and the author's choice is suspended.
    pub const fn pending(&self) -> bool {
        self.result.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_free_offers_of_goods_are_drawn() {
        let gift = Policy::GiftWithQuota { per_day: 3 };
        let c = Policy::Currency;
        assert!(may_draw_lots(ListingKind::Offer, Nature::Good, 0, c));
        assert!(!may_draw_lots(ListingKind::Offer, Nature::Good, 5, c));
        assert!(may_draw_lots(ListingKind::Offer, Nature::Good, 5, gift));
        assert!(!may_draw_lots(ListingKind::Offer, Nature::Service, 0, c));
        assert!(!may_draw_lots(ListingKind::Request, Nature::Good, 0, c));
    }

    #[test]
    fn the_form_reports_every_bad_field() {
        let ok = DrawForm {
            days: " 2 ".into(),
            winners: "3".into(),
        };
        assert_eq!(
            ok.parse(100),
            Ok(DrawPlan {
                deadline: 100 + 2 * DAY,
                winners: 3
            })
        );
        for (days, winners, fields) in [
            ("0", "1", vec![Field::DrawDays]),
            ("15", "0", vec![Field::DrawDays, Field::Winners]),
            ("x", "21", vec![Field::DrawDays, Field::Winners]),
            ("14", "-1", vec![Field::Winners]),
        ] {
            let form = DrawForm {
                days: days.into(),
                winners: winners.into(),
            };
            let err = form.parse(0).expect_err("refused");
            let got: Vec<Field> = err.field_errors().iter().map(|e| e.field).collect();
            assert_eq!(got, fields, "{days} {winners}");
        }
    }
}
