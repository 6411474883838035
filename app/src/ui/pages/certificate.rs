//! A printable certificate of my volunteer hours with one association (saved as PDF from the
//! browser's print dialog).

use leptos::prelude::*;

use crate::api::activities::hours_certificate;
use crate::domain::activity::Certificate;
use crate::i18n::*;
use crate::ui::components::local_time::LocalTime;
use crate::ui::components::logo::Logo;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::verified_badge::VerifiedBadge;
use crate::ui::text;

#[component]
pub fn CertificatePage() -> impl IntoView {
    let id = super::use_id_param();
    let i18n = use_i18n();
    let id = Signal::stored(id);
    let certificate = Resource::new(move || id.get(), hours_certificate);
    view! {
        <PageMeta title=t_string!(i18n, certificate_title).to_string() />
        <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
            {move || certificate.get().map(|r| match r {
                Ok(c) => view! { <CertificateView c /> }.into_any(),
                Err(e) => view! {
                    <div class="narrow">
                        <h1>{t_string!(i18n, certificate_title)}</h1>
                        <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                    </div>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CertificateView(c: Certificate) -> impl IntoView {
    let i18n = use_i18n();
    let total = c.total_minutes;
    let (volunteer, association) = (
        text::person(use_i18n(), &c.volunteer_name),
        c.association_name.clone(),
    );
    view! {
        <article class="certificate narrow" data-testid="certificate">
            <p class="no-print">
                <button type="button" class="primary" data-testid="print"
                    on:click=move |_| { let _ = window().print(); }>
                    {t_string!(i18n, print_certificate)}
                </button>
            </p>
            {c.association_logo.clone().map(|src| view! {
                <Logo src name=c.association_name.clone() testid="certificate-logo" />
            })}
            <h1>{t_string!(i18n, certificate_title)}</h1>
            <p data-testid="certificate-body">
                {move || t_string!(i18n, certificate_body,
                    volunteer = text::isolate(&volunteer),
                    association = text::isolate(&association)).to_string()}
            </p>
            <table class="hours-table">
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, field_title)}</th>
                        <th scope="col">{t_string!(i18n, field_when)}</th>
                        <th scope="col">{t_string!(i18n, hours_column)}</th>
                    </tr>
                </thead>
                <tbody>
                    {c.lines.iter().map(|l| view! {
                        <tr>
                            <td><bdi>{l.activity_title.clone()}</bdi></td>
                            <td><LocalTime ts=l.starts_at /></td>
                            <td><bdi dir="ltr">{text::hours(l.minutes)}</bdi></td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row" colspan="2">{t_string!(i18n, total_hours)}</th>
                        <td data-testid="total-hours"><bdi dir="ltr">{text::hours(total)}</bdi></td>
                    </tr>
                </tfoot>
            </table>
            <p class="signature">
                <bdi>{c.association_name.clone()}</bdi> " " <VerifiedBadge verified=c.verified />
                <br />
                <bdi>{c.association_address.clone()}</bdi>
                <br />
                {t_string!(i18n, issued_on)} " " <bdi dir="ltr">{text::date(c.issued_at)}</bdi>
            </p>
        </article>
    }
}
