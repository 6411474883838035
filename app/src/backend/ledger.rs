//! The journal of the social currency: accounts, transfers and their entries.
//!
//! A transfer is one write transaction: it claims its idempotency key by inserting the transfer
//! row first (a second request with the same key waits on the unique index, then fails and is
//! answered from the stored row), then moves the cached balances in account-id order (so two
//! transfers never wait on each other in a cycle) with the payer's floor in the `UPDATE`'s own
//! condition, then writes the two entries with the balances they left. Transient database
//! errors (SQLite busy, PostgreSQL serialization failures and deadlocks, a lost key race) are
//! retried here, so callers never see them.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::entities::{ledger_account, ledger_entry, ledger_transfer};
use super::tx::{self, Transient};
use super::{now, stored};
use crate::domain::ledger::{
    AccountKind, Amount, LedgerError, LedgerRules, Receipt, TransferRequest, floor_of,
};
use crate::domain::vocab::Code;

/// Why a transfer did not happen.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// A rule refused it (floor, reused key, bad amount); nothing moved.
    #[error(transparent)]
    Refused(#[from] LedgerError),
    /// Another request with the same key committed first; retried, then answered from it.
    #[error("idempotency key taken by a concurrent request")]
    KeyRace,
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl Transient for TransferError {
    fn transient(&self) -> bool {
        match self {
            Self::KeyRace => true,
            Self::Db(e) => e.transient(),
            Self::Refused(_) => false,
        }
    }
}

/// Makes a transfer in its own transaction (see the module's documentation).
pub async fn transfer(
    db: &DatabaseConnection,
    rules: &LedgerRules,
    request: &TransferRequest,
) -> Result<Receipt, TransferError> {
    request.check()?;
    tx::retrying(db, |txn| {
        let request = request.clone();
        let rules = *rules;
        Box::pin(async move { post(txn, &rules, &request).await })
    })
    .await
}

/// Makes a transfer inside the caller's write transaction. A retry with the same key and the
/// same content returns the first receipt and moves nothing.
pub async fn post(
    conn: &impl ConnectionTrait,
    rules: &LedgerRules,
    request: &TransferRequest,
) -> Result<Receipt, TransferError> {
    request.check()?;
    if let Some(first) = ledger_transfer::Entity::find()
        .filter(ledger_transfer::Column::IdemKey.eq(&request.key))
        .one(conn)
        .await?
    {
        return replay(conn, first, request).await;
    }
    let accounts = ledger_account::Entity::find()
        .filter(ledger_account::Column::Id.is_in([request.from, request.to]))
        .all(conn)
        .await?;
    let payer = accounts
        .iter()
        .find(|a| a.id == request.from)
        .ok_or(LedgerError::UnknownAccount)?;
    if !accounts.iter().any(|a| a.id == request.to) {
        return Err(LedgerError::UnknownAccount.into());
    }
    let floor = floor_of(stored_kind(payer)?, rules);
    let (cause_type, cause_id) = request.cause.clone().unzip();
    let created_at = now();
    let transfer = ledger_transfer::ActiveModel {
        idem_key: Set(request.key.clone()),
        fingerprint: Set(request.fingerprint()),
        reason: Set(request.reason.code().to_owned()),
        from_account: Set(request.from),
        to_account: Set(request.to),
        amount: Set(request.amount),
        cause_type: Set(cause_type),
        cause_id: Set(cause_id),
        created_at: Set(created_at),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => TransferError::KeyRace,
        _ => TransferError::Db(e),
    })?;

    let mut moves = [
        (request.from, -request.amount),
        (request.to, request.amount),
    ];
    moves.sort_by_key(|(id, _)| *id);
    for (id, delta) in moves {
        let mut update = ledger_account::Entity::update_many()
            .col_expr(
                ledger_account::Column::Balance,
                Expr::col(ledger_account::Column::Balance).add(delta),
            )
            .filter(ledger_account::Column::Id.eq(id));
        if let (true, Some(floor)) = (id == request.from, floor) {
            update = update.filter(
                Expr::col(ledger_account::Column::Balance)
                    .add(delta)
                    .gte(floor),
            );
        }
        if update.exec(conn).await?.rows_affected == 0 {
            let balance = balance_of(conn, id).await?;
            return Err(LedgerError::BelowFloor {
                balance,
                floor: floor.unwrap_or(Amount::MIN),
            }
            .into());
        }
    }
    let from_balance_after = balance_of(conn, request.from).await?;
    let to_balance_after = balance_of(conn, request.to).await?;
    ledger_entry::Entity::insert_many([
        ledger_entry::ActiveModel {
            transfer_id: Set(transfer.id),
            account_id: Set(request.from),
            delta: Set(-request.amount),
            balance_after: Set(from_balance_after),
            ..Default::default()
        },
        ledger_entry::ActiveModel {
            transfer_id: Set(transfer.id),
            account_id: Set(request.to),
            delta: Set(request.amount),
            balance_after: Set(to_balance_after),
            ..Default::default()
        },
    ])
    .exec(conn)
    .await?;
    Ok(Receipt {
        transfer_id: transfer.id,
        key: request.key.clone(),
        from: request.from,
        to: request.to,
        amount: request.amount,
        reason: request.reason,
        from_balance_after,
        to_balance_after,
        created_at,
    })
}

/// The stored answer to a key already used, if the content is the same.
async fn replay(
    conn: &impl ConnectionTrait,
    first: ledger_transfer::Model,
    request: &TransferRequest,
) -> Result<Receipt, TransferError> {
    if first.fingerprint != request.fingerprint() {
        return Err(LedgerError::KeyReused.into());
    }
    let entries = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::TransferId.eq(first.id))
        .all(conn)
        .await?;
    let after = |account: i64, sign: i64| {
        entries
            .iter()
            .find(|e| e.account_id == account && e.delta.signum() == sign)
            .map(|e| e.balance_after)
            .ok_or_else(|| DbErr::RecordNotFound(format!("entries of transfer {}", first.id)))
    };
    Ok(Receipt {
        transfer_id: first.id,
        key: first.idem_key.clone(),
        from: first.from_account,
        to: first.to_account,
        amount: first.amount,
        reason: stored(&first.reason).map_err(|_| DbErr::Custom("stored reason".into()))?,
        from_balance_after: after(first.from_account, -1)?,
        to_balance_after: after(first.to_account, 1)?,
        created_at: first.created_at,
    })
}

fn stored_kind(account: &ledger_account::Model) -> Result<AccountKind, TransferError> {
    stored(&account.kind).map_err(|_| DbErr::Custom(format!("account {} kind", account.id)).into())
}

/// The cached balance of an account.
pub async fn balance_of(conn: &impl ConnectionTrait, account: i64) -> Result<Amount, DbErr> {
    ledger_account::Entity::find_by_id(account)
        .one(conn)
        .await?
        .map(|a| a.balance)
        .ok_or_else(|| DbErr::RecordNotFound(format!("ledger account {account}")))
}

/// The id of a system account (created by the migration).
pub async fn system_account(conn: &impl ConnectionTrait, kind: AccountKind) -> Result<i64, DbErr> {
    ledger_account::Entity::find()
        .filter(ledger_account::Column::SystemName.eq(kind.code()))
        .one(conn)
        .await?
        .map(|a| a.id)
        .ok_or_else(|| DbErr::RecordNotFound(format!("system account {}", kind.code())))
}

/// The account of a person, opened (at zero) the first time it is asked for. Two first
/// transfers at once both insert with `ON CONFLICT DO NOTHING` and read the one row: no error
/// aborts the transaction on PostgreSQL.
pub async fn account_of_user(conn: &impl ConnectionTrait, user_id: i64) -> Result<i64, DbErr> {
    let find = || ledger_account::Entity::find().filter(ledger_account::Column::UserId.eq(user_id));
    if let Some(account) = find().one(conn).await? {
        return Ok(account.id);
    }
    ledger_account::Entity::insert(ledger_account::ActiveModel {
        kind: Set(AccountKind::User.code().to_owned()),
        user_id: Set(Some(user_id)),
        system_name: Set(None),
        balance: Set(0),
        created_at: Set(now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(ledger_account::Column::UserId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    find()
        .one(conn)
        .await?
        .map(|a| a.id)
        .ok_or_else(|| DbErr::RecordNotFound(format!("account of user {user_id}")))
}

/// What [`check`] found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub accounts: u64,
    pub transfers: u64,
    pub entries: u64,
    /// Sum of all cached balances (must be 0).
    pub total: i128,
    /// Every broken rule, in words; empty when the ledger is sound.
    pub problems: Vec<String>,
}

impl CheckReport {
    /// True when no rule is broken.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies the whole ledger in one read transaction: every cached balance equals the sum of
/// its entries, all balances sum to zero, every transfer has exactly its two entries (which
/// sum to zero and match its amount), no account is below its floor, and each account's
/// `balance_after` chain is consistent.
pub async fn check(db: &DatabaseConnection, rules: &LedgerRules) -> Result<CheckReport, DbErr> {
    // One snapshot for the three reads, so transfers committed meanwhile never look like a
    // broken rule on a live database.
    let (accounts, transfers, entries) = tx::read::<_, DbErr, _>(db, |txn| {
        Box::pin(async move {
            let accounts = ledger_account::Entity::find().all(txn).await?;
            let transfers = ledger_transfer::Entity::find().all(txn).await?;
            let entries = ledger_entry::Entity::find()
                .order_by_asc(ledger_entry::Column::Id)
                .all(txn)
                .await?;
            Ok((accounts, transfers, entries))
        })
    })
    .await?;

    let mut report = CheckReport {
        accounts: accounts.len() as u64,
        transfers: transfers.len() as u64,
        entries: entries.len() as u64,
        ..CheckReport::default()
    };
    let mut sums = std::collections::HashMap::<i64, i128>::new();
    let mut per_transfer = std::collections::HashMap::<i64, Vec<&ledger_entry::Model>>::new();
    for entry in &entries {
        let sum = sums.entry(entry.account_id).or_default();
        *sum += i128::from(entry.delta);
        if *sum != i128::from(entry.balance_after) {
            report.problems.push(format!(
                "entry {} leaves account {} at {} but the entries before it sum to {}",
                entry.id, entry.account_id, entry.balance_after, sum
            ));
        }
        per_transfer
            .entry(entry.transfer_id)
            .or_default()
            .push(entry);
    }
    for account in &accounts {
        report.total += i128::from(account.balance);
        let journal = sums.get(&account.id).copied().unwrap_or(0);
        if journal != i128::from(account.balance) {
            report.problems.push(format!(
                "account {} caches {} but its journal sums to {journal}",
                account.id, account.balance
            ));
        }
        let kind = AccountKind::from_code(&account.kind);
        match kind.map(|k| floor_of(k, rules)) {
            None => report.problems.push(format!(
                "account {} has unknown kind {:?}",
                account.id, account.kind
            )),
            Some(Some(floor)) if account.balance < floor => report.problems.push(format!(
                "account {} is at {} below its floor {floor}",
                account.id, account.balance
            )),
            Some(_) => {}
        }
    }
    if report.total != 0 {
        report
            .problems
            .push(format!("balances sum to {} instead of 0", report.total));
    }
    for transfer in &transfers {
        let sides = per_transfer.remove(&transfer.id).unwrap_or_default();
        let sound = sides.len() == 2
            && sides
                .iter()
                .any(|e| e.account_id == transfer.from_account && e.delta == -transfer.amount)
            && sides
                .iter()
                .any(|e| e.account_id == transfer.to_account && e.delta == transfer.amount)
            && transfer.amount > 0;
        if !sound {
            report.problems.push(format!(
                "transfer {} ({}) does not have its two entries",
                transfer.id, transfer.idem_key
            ));
        }
    }
    for transfer_id in per_transfer.keys() {
        report
            .problems
            .push(format!("entries point at missing transfer {transfer_id}"));
    }
    Ok(report)
}

/// A person's latest movements (100 at most), newest first.
pub async fn history(
    conn: &impl ConnectionTrait,
    account: i64,
) -> Result<Vec<crate::domain::ledger::Movement>, DbErr> {
    let rows = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::AccountId.eq(account))
        .order_by_desc(ledger_entry::Column::Id)
        .limit(100)
        .all(conn)
        .await?;
    let transfers: std::collections::HashMap<i64, ledger_transfer::Model> =
        ledger_transfer::Entity::find()
            .filter(ledger_transfer::Column::Id.is_in(rows.iter().map(|e| e.transfer_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
    rows.into_iter()
        .map(|e| {
            let t = transfers
                .get(&e.transfer_id)
                .ok_or_else(|| DbErr::RecordNotFound(format!("transfer {}", e.transfer_id)))?;
            Ok(crate::domain::ledger::Movement {
                transfer_id: t.id,
                at: t.created_at,
                reason: stored(&t.reason).map_err(|_| DbErr::Custom("stored reason".into()))?,
                delta: e.delta,
                balance_after: e.balance_after,
                exchange_id: (t.cause_type.as_deref() == Some("exchange"))
                    .then_some(t.cause_id)
                    .flatten(),
            })
        })
        .collect()
}
