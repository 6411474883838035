//! My exchanges: open ones first, each with its state, the other person, the price and unread
//! messages.

use leptos::prelude::*;

use crate::api::exchanges::my_exchanges;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::bell::use_unread;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::pager::{Pager, use_page_param};
use crate::ui::text;

#[component]
pub fn ExchangesPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let messages = use_unread().messages;
    let page = use_page_param("page");
    let list = Resource::new(
        move || (messages.get(), page.get()),
        |(_, page)| my_exchanges(page),
    );
    view! {
        <PageMeta title=t_string!(i18n, my_exchanges).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, my_exchanges)}</h1>
            <p><a href="/balance">{t_string!(i18n, my_balance)}</a></p>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || match auth.user.get() {
                    None => None,
                    Some(Ok(Some(_))) => Some(list.get().map(|r| match r {
                        Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                        Ok(paged) if paged.items.is_empty() && paged.page == 0 => view! {
                            <p class="muted" data-testid="no-exchanges">{t_string!(i18n, no_exchanges)}</p>
                        }.into_any(),
                        Ok(paged) => view! {
                            <ul class="cards" data-testid="exchanges">
                                {paged.items.into_iter().map(|e| {
                                    let state = e.state;
                                    view! {
                                        <li class="card">
                                            <p>
                                                <a href=format!("/exchanges/{}", e.id)><strong dir="auto">{e.listing_title.clone()}</strong></a>
                                                " · " <span class=format!("badge badge-state badge-state-{}", crate::domain::vocab::Code::code(state))>{move || text::exchange_state(i18n, state)}</span>
                                            </p>
                                            <p class="card-meta">
                                                {if e.i_give { t_string!(i18n, you_give_to).into_any() } else { t_string!(i18n, you_receive_from).into_any() }}
                                                " " {text::person(i18n, &e.other_name)} " · " {move || text::price(i18n, e.price)}
                                                {(e.unread > 0).then(|| view! {
                                                    " · " <strong data-testid="exchange-unread">{let n = e.unread; move || t_string!(i18n, unread_messages, count = n).to_string()}</strong>
                                                })}
                                            </p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <Pager page=paged.page more=paged.more />
                        }.into_any(),
                    }).into_any()),
                    Some(_) => Some(view! { <LoginPrompt /> }.into_any()),
                }}
            </Suspense>
        </div>
    }
}
