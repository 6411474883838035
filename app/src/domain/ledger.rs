//! The social currency: the accounts that hold it, why it moves, and the price rule that makes
//! giving pay off (the generosity coefficient). Pure values and rules; the journal itself is
//! written by `backend::ledger`.
//!
//! Every movement is a **transfer** from one account to another, written as two journal entries
//! (a debit and a credit that sum to zero), never updated or deleted. A system **issuer** account
//! pays the grants and is the only one that may go below zero, so the sum of all balances, the
//! issuer's included, is always zero. An **escrow** account holds the price of an accepted
//! exchange until it completes (released to the giver) or is cancelled (refunded).

use serde::{Deserialize, Serialize};

use super::vocab::{Code, DAY};

/// An amount of the social currency, in whole units (never a float).
pub type Amount = i64;

/// Who an account belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountKind {
    /// A person's account.
    User,
    /// The system account that pays the grants; its balance is minus all the others'.
    Issuer,
    /// The system account that holds the prices of accepted exchanges.
    Escrow,
}

impl Code for AccountKind {
    const CHOICES: &'static [Self] = &[Self::User, Self::Issuer, Self::Escrow];
    fn code(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Issuer => "issuer",
            Self::Escrow => "escrow",
        }
    }
}

/// Why a transfer was made; shown on the balance page next to each movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TransferReason {
    /// Paid once, at sign-up, by the issuer.
    WelcomeGrant,
    /// Paid once per period (a week by default), by the issuer.
    WeeklyGrant,
    /// The receiver's payment, held in escrow when an exchange is accepted.
    ExchangeHold,
    /// The held payment, released to the giver when the exchange completes.
    ExchangeRelease,
    /// The held payment, returned to the receiver when the exchange is cancelled.
    Refund,
    /// Undoes a mistake by moving the amount back; the mistake stays in the journal.
    Correction,
}

impl Code for TransferReason {
    const CHOICES: &'static [Self] = &[
        Self::WelcomeGrant,
        Self::WeeklyGrant,
        Self::ExchangeHold,
        Self::ExchangeRelease,
        Self::Refund,
        Self::Correction,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::WelcomeGrant => "welcome_grant",
            Self::WeeklyGrant => "weekly_grant",
            Self::ExchangeHold => "exchange_hold",
            Self::ExchangeRelease => "exchange_release",
            Self::Refund => "refund",
            Self::Correction => "correction",
        }
    }
}

/// The amounts a deployment chooses (see README for the environment variables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRules {
    /// The lowest balance a person may reach (0: nobody owes anything).
    pub floor: Amount,
    /// Paid at sign-up.
    pub welcome_grant: Amount,
    /// Paid once per [`GRANT_PERIOD_DAYS`].
    pub weekly_grant: Amount,
}

impl Default for LedgerRules {
    fn default() -> Self {
        Self {
            floor: 0,
            welcome_grant: 20,
            weekly_grant: 5,
        }
    }
}

/// The length of a grant period, in days.
pub const GRANT_PERIOD_DAYS: i64 = 7;

/// The grant period a moment falls in (periods are counted from the Unix epoch, so every
/// server agrees on them).
pub fn grant_period(at: i64) -> i64 {
    at.div_euclid(GRANT_PERIOD_DAYS * DAY)
}

/// The lowest balance an account may reach: the deployment's floor for people, zero for the
/// escrow (it never holds more than it was given), none for the issuer.
pub fn floor_of(kind: AccountKind, rules: &LedgerRules) -> Option<Amount> {
    match kind {
        AccountKind::User => Some(rules.floor),
        AccountKind::Escrow => Some(0),
        AccountKind::Issuer => None,
    }
}

/// Why a transfer was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LedgerError {
    /// Amounts are whole units above zero.
    #[error("the amount must be above zero")]
    NotPositive,
    /// A transfer moves value between two different accounts.
    #[error("a transfer needs two different accounts")]
    SameAccount,
    /// The payer would go below its floor.
    #[error("balance {balance} would go below {floor}")]
    BelowFloor { balance: Amount, floor: Amount },
    /// This idempotency key was already used for a different transfer.
    #[error("idempotency key reused with different content")]
    KeyReused,
    /// One of the accounts does not exist.
    #[error("unknown account")]
    UnknownAccount,
}

/// One line of a person's history of movements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    pub transfer_id: i64,
    pub at: i64,
    pub reason: TransferReason,
    /// Positive when received, negative when paid.
    pub delta: Amount,
    pub balance_after: Amount,
    /// The exchange that caused it, if any (linked from the balance page).
    pub exchange_id: Option<i64>,
}

/// The balance page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceView {
    pub balance: Amount,
    pub generosity: Generosity,
    pub share_percent: i64,
    pub discount_percent: i64,
    pub movements: Vec<Movement>,
    pub rules: CurrencyRules,
}

/// The deployment's currency settings, shown on the public rules page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyRules {
    pub ledger: LedgerRules,
    pub policy: Policy,
    /// The deployment's name for its currency, if it chose one.
    pub currency_name: Option<String>,
    /// Days one side's confirmation waits for the other's.
    pub confirm_days: i64,
}

/// What a transfer did: the same answer for the first request and for every retry with its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub transfer_id: i64,
    pub key: String,
    pub from: i64,
    pub to: i64,
    pub amount: Amount,
    pub reason: TransferReason,
    /// The payer's balance right after this transfer.
    pub from_balance_after: Amount,
    /// The payee's balance right after this transfer.
    pub to_balance_after: Amount,
    pub created_at: i64,
}

/// What a transfer is asked to do. Two requests with the same idempotency key must carry the
/// same content (compared through [`TransferRequest::fingerprint`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    /// Chosen by the caller and unique per operation: a retry sends the same key.
    pub key: String,
    pub from: i64,
    pub to: i64,
    pub amount: Amount,
    pub reason: TransferReason,
    /// What caused it, for the links on the balance page (for example `("exchange", 12)`).
    pub cause: Option<(String, i64)>,
}

impl TransferRequest {
    /// The content that a retry must repeat exactly, as one string.
    pub fn fingerprint(&self) -> String {
        let cause = self
            .cause
            .as_ref()
            .map_or_else(String::new, |(kind, id)| format!("{kind}:{id}"));
        format!(
            "{}>{}:{}:{}:{cause}",
            self.from,
            self.to,
            self.amount,
            self.reason.code()
        )
    }

    /// Checks what can be checked without the balances.
    pub fn check(&self) -> Result<(), LedgerError> {
        if self.amount <= 0 {
            Err(LedgerError::NotPositive)
        } else if self.from == self.to {
            Err(LedgerError::SameAccount)
        } else {
            Ok(())
        }
    }
}

/// The balance a debit leaves, or why it is refused.
pub fn debit(
    balance: Amount,
    amount: Amount,
    floor: Option<Amount>,
) -> Result<Amount, LedgerError> {
    let after = balance.checked_sub(amount).ok_or(LedgerError::BelowFloor {
        balance,
        floor: floor.unwrap_or(Amount::MIN),
    })?;
    match floor {
        Some(floor) if after < floor => Err(LedgerError::BelowFloor { balance, floor }),
        _ => Ok(after),
    }
}

/// The generosity window: what a person gave and received over the last
/// [`GENEROSITY_WINDOW_DAYS`], in currency (exchanges released to or from them).
pub const GENEROSITY_WINDOW_DAYS: i64 = 90;
/// A newcomer counts as having given and received this much, so the coefficient starts in the
/// middle (50 %) and one exchange does not swing it to an extreme.
pub const GENEROSITY_PRIOR: Amount = 10;
/// The discount for a share of 100 %, approached by someone who only gives.
pub const MAX_DISCOUNT_PERCENT: i64 = 50;

/// What one completed exchange counts for in the generosity coefficient: its listed price, and
/// 1 for a free one, so that giving for free counts as giving.
pub fn exchange_value(list_price: Amount) -> Amount {
    list_price.max(1)
}

/// What a person gave and received over the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Generosity {
    pub given: Amount,
    pub received: Amount,
}

impl Generosity {
    /// The share of giving in all they exchanged, in percent (0 to 100), counting the
    /// newcomer's [`GENEROSITY_PRIOR`] on both sides.
    pub fn share_percent(self) -> i64 {
        let given = self.given.max(0).saturating_add(GENEROSITY_PRIOR);
        let received = self.received.max(0).saturating_add(GENEROSITY_PRIOR);
        let total = given.saturating_add(received);
        // 128-bit so that huge volumes cannot overflow the multiplication.
        (i128::from(given) * 100 / i128::from(total)) as i64
    }

    /// The discount on what they pay, in percent: nothing up to a 50 % share, then rising
    /// evenly towards [`MAX_DISCOUNT_PERCENT`] as the share nears 100 % (someone who only
    /// gives).
    pub fn discount_percent(self) -> i64 {
        ((self.share_percent() - 50).max(0) * 2 * MAX_DISCOUNT_PERCENT / 100)
            .min(MAX_DISCOUNT_PERCENT)
    }

    /// The price they pay for something listed at `list_price`: the discount is rounded down,
    /// so the price is never below the listed price minus the discount, and a free listing
    /// stays free.
    pub fn price_to_pay(self, list_price: Amount) -> Amount {
        let list_price = list_price.max(0);
        list_price - list_price * self.discount_percent() / 100
    }
}

/// How a deployment runs exchanges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Policy {
    /// Prices in the social currency, with grants and the generosity discount.
    Currency,
    /// Everything is free; a person may open at most `per_day` requests or proposals a day.
    GiftWithQuota { per_day: u32 },
}

impl Policy {
    /// Whether one more request or proposal is allowed after `opened_today` of them.
    pub fn allows_another(self, opened_today: u32) -> bool {
        match self {
            Self::Currency => true,
            Self::GiftWithQuota { per_day } => opened_today < per_day,
        }
    }

    /// The price paid under this policy.
    pub fn price_to_pay(self, list_price: Amount, generosity: Generosity) -> Amount {
        match self {
            Self::Currency => generosity.price_to_pay(list_price),
            Self::GiftWithQuota { .. } => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(from: i64, to: i64, amount: Amount) -> TransferRequest {
        TransferRequest {
            key: "k".into(),
            from,
            to,
            amount,
            reason: TransferReason::ExchangeHold,
            cause: Some(("exchange".into(), 3)),
        }
    }

    #[test]
    fn codes_round_trip() {
        for r in TransferReason::CHOICES {
            assert_eq!(TransferReason::from_code(r.code()), Some(*r));
        }
        for k in AccountKind::CHOICES {
            assert_eq!(AccountKind::from_code(k.code()), Some(*k));
        }
    }

    #[test]
    fn a_transfer_moves_a_positive_amount_between_two_accounts() {
        assert_eq!(request(1, 2, 5).check(), Ok(()));
        assert_eq!(request(1, 2, 0).check(), Err(LedgerError::NotPositive));
        assert_eq!(request(1, 2, -3).check(), Err(LedgerError::NotPositive));
        assert_eq!(request(2, 2, 5).check(), Err(LedgerError::SameAccount));
    }

    #[test]
    fn the_fingerprint_changes_with_any_content_but_not_the_key() {
        let a = request(1, 2, 5);
        let mut b = a.clone();
        b.key = "other".into();
        assert_eq!(a.fingerprint(), b.fingerprint());
        for changed in [
            request(1, 3, 5),
            request(4, 2, 5),
            request(1, 2, 6),
            TransferRequest {
                reason: TransferReason::Refund,
                ..a.clone()
            },
            TransferRequest {
                cause: None,
                ..a.clone()
            },
        ] {
            assert_ne!(a.fingerprint(), changed.fingerprint(), "{changed:?}");
        }
    }

    #[test]
    fn debits_respect_each_kind_of_floor() {
        let rules = LedgerRules::default();
        let user = floor_of(AccountKind::User, &rules);
        assert_eq!(debit(10, 10, user), Ok(0));
        assert_eq!(
            debit(10, 11, user),
            Err(LedgerError::BelowFloor {
                balance: 10,
                floor: 0
            })
        );
        let lenient = LedgerRules { floor: -5, ..rules };
        assert_eq!(debit(0, 5, floor_of(AccountKind::User, &lenient)), Ok(-5));
        assert!(debit(0, 1, floor_of(AccountKind::Escrow, &rules)).is_err());
        assert_eq!(
            debit(0, 1_000_000, floor_of(AccountKind::Issuer, &rules)),
            Ok(-1_000_000)
        );
        assert!(debit(Amount::MIN, 1, None).is_err(), "no overflow");
    }

    #[test]
    fn newcomers_pay_the_listed_price() {
        let g = Generosity::default();
        assert_eq!(g.share_percent(), 50);
        assert_eq!(g.discount_percent(), 0);
        assert_eq!(g.price_to_pay(10), 10);
    }

    #[test]
    fn giving_a_lot_lowers_the_price_up_to_half() {
        let giver = Generosity {
            given: 150,
            received: 30,
        };
        // (150 + 10) / (180 + 20) = 80 % → 30 % off.
        assert_eq!(giver.share_percent(), 80);
        assert_eq!(giver.discount_percent(), 30);
        assert_eq!(giver.price_to_pay(10), 7);
        let only_gives = Generosity {
            given: 1_000_000,
            received: 0,
        };
        // The newcomer's prior keeps the share just under 100 %, so the discount approaches
        // the maximum without reaching it.
        assert_eq!(only_gives.discount_percent(), MAX_DISCOUNT_PERCENT - 1);
        assert_eq!(
            only_gives.price_to_pay(9),
            5,
            "4.41 off is rounded down to 4"
        );
        let only_takes = Generosity {
            given: 0,
            received: 500,
        };
        assert_eq!(only_takes.discount_percent(), 0);
        assert_eq!(only_takes.price_to_pay(10), 10);
    }

    #[test]
    fn the_discount_never_decreases_when_giving_more() {
        for received in [0, 5, 50, 500] {
            let mut last = 0;
            for given in 0..600 {
                let d = Generosity { given, received }.discount_percent();
                assert!(d >= last, "given {given}, received {received}");
                assert!((0..=MAX_DISCOUNT_PERCENT).contains(&d));
                last = d;
            }
        }
    }

    #[test]
    fn prices_stay_between_half_and_the_listed_price() {
        for given in [0, 10, 100, Amount::MAX] {
            for received in [0, 10, 100, Amount::MAX] {
                let g = Generosity { given, received };
                for price in [0, 1, 2, 7, 100, 1_000_000] {
                    let paid = g.price_to_pay(price);
                    assert!(paid <= price && paid * 2 >= price, "{g:?} {price} → {paid}");
                }
            }
        }
    }

    #[test]
    fn the_quota_allows_exactly_n_a_day() {
        let gift = Policy::GiftWithQuota { per_day: 3 };
        assert!(gift.allows_another(2));
        assert!(!gift.allows_another(3));
        assert!(Policy::Currency.allows_another(1_000));
        assert_eq!(gift.price_to_pay(10, Generosity::default()), 0);
        assert_eq!(Policy::Currency.price_to_pay(10, Generosity::default()), 10);
    }

    #[test]
    fn grant_periods_are_weeks_counted_from_the_epoch() {
        assert_eq!(grant_period(0), 0);
        assert_eq!(grant_period(7 * DAY - 1), 0);
        assert_eq!(grant_period(7 * DAY), 1);
        assert_eq!(grant_period(-1), -1);
    }
}
