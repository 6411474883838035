//! My balance: how much I have, my generosity and the discount it gives me, and every movement
//! with its reason and a link to the exchange behind it.

use leptos::prelude::*;

use crate::api::ledger::my_balance;
use crate::domain::ledger::{BalanceView, Policy};
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::text;

#[component]
pub fn BalancePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let balance = Resource::new(|| (), |()| my_balance());
    view! {
        <PageMeta title=t_string!(i18n, my_balance).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, my_balance)}</h1>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || match auth.user.get() {
                    None => None,
                    Some(Ok(Some(_))) => Some(balance.get().map(|r| match r {
                        Ok(b) => view! { <Balance b /> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                    }).into_any()),
                    Some(_) => Some(view! { <LoginPrompt /> }.into_any()),
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn Balance(b: BalanceView) -> impl IntoView {
    let i18n = use_i18n();
    let name = b.rules.currency_name.clone();
    let unit = move || text::currency(i18n, &name);
    let (amount, share, discount) = (b.balance, b.share_percent, b.discount_percent);
    view! {
        <p class="balance" data-testid="balance"><strong>{amount}</strong> " " {unit.clone()}</p>
        {matches!(b.rules.policy, Policy::GiftWithQuota { .. }).then(|| view! {
            <p class="notice">{t_string!(i18n, gift_policy_note)}</p>
        })}
        <p data-testid="generosity">
            {t_string!(i18n, generosity_share, share = share)} " "
            {move || if discount > 0 {
                t_string!(i18n, generosity_you_pay_less, percent = discount).to_string()
            } else {
                t_string!(i18n, generosity_no_discount_yet).to_string()
            }}
        </p>
        <p class="muted">
            {t_string!(i18n, generosity_counts, given = b.generosity.given, received = b.generosity.received)}
            " " <a href="/currency">{t_string!(i18n, how_currency_works)}</a>
        </p>
        <h2>{t_string!(i18n, movements)}</h2>
        {if b.movements.is_empty() {
            view! { <p class="muted">{t_string!(i18n, no_movements)}</p> }.into_any()
        } else {
            view! {
                <table class="rules" data-testid="movements">
                    <thead><tr>
                        <th>{t_string!(i18n, movement_date)}</th>
                        <th>{t_string!(i18n, movement_reason)}</th>
                        <th class="num">{t_string!(i18n, movement_amount)}</th>
                        <th class="num">{t_string!(i18n, movement_balance)}</th>
                    </tr></thead>
                    <tbody>
                        {b.movements.into_iter().map(|m| {
                            let reason = m.reason;
                            view! {
                                <tr>
                                    <td>{text::date(m.at)}</td>
                                    <td>
                                        {move || text::transfer_reason(i18n, reason)}
                                        {m.exchange_id.map(|id| view! {
                                            " · " <a href=format!("/exchanges/{id}")>{t_string!(i18n, see_exchange)}</a>
                                        })}
                                    </td>
                                    <td class="num" dir="ltr">{if m.delta > 0 { format!("+{}", m.delta) } else { m.delta.to_string() }}</td>
                                    <td class="num">{m.balance_after}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
