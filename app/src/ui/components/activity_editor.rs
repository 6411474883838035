//! The form that posts or edits an event or a volunteer mission. Every value stays in its
//! signal, so a refused submission loses nothing the user typed. Times are typed in the reader's
//! own zone and sent as moments.

use leptos::prelude::*;

use super::association_editor::toggle;
use super::field_error::{FieldError, FormError, error_id, is_invalid};
use super::local_time::{from_local_input, week_later};
use super::place_field::{PlaceField, SubmitButton};
use crate::api::venues::venues_near;
use crate::domain::activity::{ActivityForm, ActivityKind, MAX_CAPACITY, MAX_SLOTS, SlotForm};
use crate::domain::listing::Category;
use crate::domain::user::SPOKEN_LANGUAGES;
use crate::domain::vocab::Code;
use crate::domain::{AppError, Field};
use crate::i18n::*;
use crate::ui::text;
use crate::ui::typed::Typed;

/// One slot's inputs, as typed.
#[derive(Clone, Copy)]
struct SlotRow {
    key: u32,
    start: RwSignal<String>,
    end: RwSignal<String>,
    capacity: RwSignal<String>,
}

impl SlotRow {
    fn new(key: u32) -> Self {
        Self {
            key,
            start: RwSignal::new(String::new()),
            end: RwSignal::new(String::new()),
            capacity: RwSignal::new(String::new()),
        }
    }
}

#[component]
pub fn ActivityEditor(
    initial: ActivityForm,
    is_new: bool,
    on_submit: Callback<ActivityForm>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// The name of the venue `initial` is held at (it may arrive after the form).
    #[prop(into, default = Signal::stored(None))]
    venue_name: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // What was typed before the page's code arrived wins over the starting values.
    let typed = Typed::read("form[data-testid=activity-form]");
    let kind = RwSignal::new(typed.text("kind", initial.kind));
    let title = RwSignal::new(typed.text("title", initial.title));
    let description = RwSignal::new(typed.text("description", initial.description));
    let category = RwSignal::new(typed.text("category", initial.category));
    let online = RwSignal::new(typed.ticked("online", initial.online));
    let address = RwSignal::new(typed.text("address", initial.address));
    let location = RwSignal::new(initial.location);
    let venue = RwSignal::new(initial.venue);
    let languages = RwSignal::new(typed.ticked_values("languages", initial.languages));
    let skills = RwSignal::new(typed.text("skills", initial.skills));
    let min_age = RwSignal::new(typed.text("min_age", initial.min_age));
    let auto_accept = RwSignal::new(typed.ticked("auto_accept", initial.auto_accept));
    let registration = RwSignal::new(typed.ticked("registration", initial.registration));
    let first_slot = SlotRow::new(0);
    first_slot
        .start
        .set(typed.text("slot_start", String::new()));
    first_slot.end.set(typed.text("slot_end", String::new()));
    first_slot
        .capacity
        .set(typed.text("slot_capacity", String::new()));
    let slots = RwSignal::new(vec![first_slot]);
    let next_key = StoredValue::new(1u32);
    let is_mission = move || kind.get() == ActivityKind::Mission.code();
    // A place picked below the map (it wins over the one the page was opened with).
    let chosen_name = RwSignal::new(None::<String>);
    let shown_name = move || chosen_name.get().or_else(|| venue_name.get());
    // The places described near the point on the map, to hold it at one of them. Read in the
    // browser only (the point is chosen there).
    let nearby = LocalResource::new(move || {
        let at = location.get();
        async move {
            match at {
                Some(p) => venues_near(p.lat, p.lng).await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let rows = if is_mission() {
            slots.get()
        } else {
            slots.get().into_iter().take(1).collect()
        };
        on_submit.run(ActivityForm {
            kind: kind.get(),
            title: title.get(),
            description: description.get(),
            category: category.get(),
            online: online.get(),
            address: address.get(),
            location: if online.get() { None } else { location.get() },
            venue: if online.get() { None } else { venue.get() },
            languages: languages.get(),
            skills: skills.get(),
            min_age: min_age.get(),
            auto_accept: auto_accept.get(),
            registration: registration.get(),
            slots: if is_new {
                rows.iter()
                    .map(|r| SlotForm {
                        starts_at: from_local_input(&r.start.get()),
                        ends_at: from_local_input(&r.end.get()),
                        capacity: r.capacity.get(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        });
    };
    let invalid = move |f: Field| move || is_invalid(error.get(), f).then_some("true");
    let add_slot = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        slots.update(|s| {
            if s.len() < MAX_SLOTS {
                s.push(SlotRow::new(key));
            }
        });
    };
    // A recurring mission: the last slot again, one week later.
    let repeat_weekly = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        slots.update(|s| {
            if let (Some(last), true) = (s.last(), s.len() < MAX_SLOTS) {
                let row = SlotRow::new(key);
                row.start.set(week_later(&last.start.get_untracked()));
                row.end.set(week_later(&last.end.get_untracked()));
                row.capacity.set(last.capacity.get_untracked());
                s.push(row);
            }
        });
    };

    view! {
        <form class="stack" data-testid="activity-form" on:submit=submit novalidate>
            <FormError error />
            <fieldset>
                <legend>{t_string!(i18n, field_activity_kind)}</legend>
                {ActivityKind::CHOICES.iter().map(|k| {
                    let (k, code) = (*k, k.code());
                    view! {
                        <label class="choice">
                            <input type="radio" name="kind" value=code
                                prop:checked=move || kind.get() == code
                                disabled=!is_new
                                on:change=move |_| kind.set(code.to_owned()) />
                            <span>{move || text::activity_kind(i18n, k)}</span>
                        </label>
                    }
                }).collect_view()}
                <FieldError error field=Field::Kind />
            </fieldset>
            <label>
                <span>{t_string!(i18n, field_title)}</span>
                <input type="text" name="title" maxlength="80" bind:value=title
                    aria-invalid=invalid(Field::Title) aria-describedby=error_id(Field::Title) />
                <FieldError error field=Field::Title />
            </label>
            <label>
                <span>{t_string!(i18n, field_description)}</span>
                <textarea name="description" rows="5"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                    aria-invalid=invalid(Field::Description)
                    aria-describedby=error_id(Field::Description)></textarea>
                <FieldError error field=Field::Description />
            </label>
            <label>
                <span>{t_string!(i18n, field_category)}</span>
                <select name="category" aria-invalid=invalid(Field::Category)
                    aria-describedby=error_id(Field::Category)
                    on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="" selected=move || category.get().is_empty()>{t_string!(i18n, choose_category)}</option>
                    {Category::ALL.iter().map(|c| {
                        let c = *c;
                        view! {
                            <option value=c.code() selected=move || category.get() == c.code()>
                                {move || text::category(i18n, c)}
                            </option>
                        }
                    }).collect_view()}
                </select>
                <FieldError error field=Field::Category />
            </label>
            <label class="check">
                <input type="checkbox" name="online" bind:checked=online />
                <span>{t_string!(i18n, field_online)}</span>
            </label>
            <div class="stack" hidden=move || online.get() || venue.get().is_none() data-testid="held-at">
                <p>{t_string!(i18n, held_at_venue)} " " <strong dir="auto">{shown_name}</strong></p>
                <p>
                    <button type="button" class="secondary" data-testid="venue-not-here"
                        on:click=move |_| venue.set(None)>
                        {t_string!(i18n, venue_not_here)}
                    </button>
                </p>
                <FieldError error field=Field::Venue />
            </div>
            <div class="stack" hidden=move || online.get() || venue.get().is_some()>
                <p class="help">
                    <a href="/venues">{t_string!(i18n, venue_pick_hint)}</a>
                </p>
                <label>
                    <span>{t_string!(i18n, field_public_address)}</span>
                    <input type="text" name="address" bind:value=address
                        aria-invalid=invalid(Field::Address) aria-describedby=error_id(Field::Address) />
                    <FieldError error field=Field::Address />
                </label>
                <PlaceField
                    value=location
                    id="activity-location-map"
                    legend=Signal::derive(move || t_string!(i18n, field_activity_place).to_string())
                    error
                />
                <div class="stack" data-testid="venues-near" aria-live="polite"
                    hidden=move || nearby.get().is_none_or(|v| v.is_empty())>
                    <p>{t_string!(i18n, venues_near_heading)}</p>
                    <ul class="places-near">
                        {move || nearby.get().unwrap_or_default().into_iter().map(|(id, name, place)| {
                            let label = name.clone();
                            view! {
                                <li>
                                    <button type="button" class="secondary"
                                        on:click=move |_| {
                                            chosen_name.set(Some(label.clone()));
                                            venue.set(Some(id));
                                        }>
                                        // One flex item, so that the words wrap as a line.
                                        <span>{t_string!(i18n, venue_hold_at)} " " <bdi>{name}</bdi></span>
                                    </button>
                                    " " <small dir="auto">{place}</small>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            </div>
            <fieldset class="checks languages">
                <legend>{t_string!(i18n, field_languages_spoken)}</legend>
                {SPOKEN_LANGUAGES.iter().map(|code| {
                    let code = *code;
                    view! {
                        <label class="check" lang=code>
                            <input type="checkbox" name="languages" value=code
                                prop:checked=move || languages.get().iter().any(|x| x == code)
                                on:change=move |ev| toggle(languages, code, event_target_checked(&ev)) />
                            <span>{text::endonym(code)}</span>
                        </label>
                    }
                }).collect_view()}
                <FieldError error field=Field::Languages />
            </fieldset>
            <Show when=is_mission>
                <label>
                    <span>{t_string!(i18n, field_skills)}</span>
                    <input type="text" name="skills" bind:value=skills
                        aria-invalid=invalid(Field::Skills) aria-describedby=error_id(Field::Skills) />
                    <small>{t_string!(i18n, skills_help)}</small>
                    <FieldError error field=Field::Skills />
                </label>
                <label>
                    <span>{t_string!(i18n, field_min_age)}</span>
                    <input type="number" name="min_age" min="1" max="99" inputmode="numeric" bind:value=min_age
                        aria-invalid=invalid(Field::MinAge) aria-describedby=error_id(Field::MinAge) />
                    <FieldError error field=Field::MinAge />
                </label>
                <label class="check">
                    <input type="checkbox" name="auto_accept" bind:checked=auto_accept />
                    <span>{t_string!(i18n, field_auto_accept)}</span>
                </label>
            </Show>
            <Show when=move || !is_mission()>
                <label class="check">
                    <input type="checkbox" name="registration" bind:checked=registration />
                    <span>{t_string!(i18n, field_registration)}</span>
                </label>
            </Show>
            {is_new.then(|| view! {
                <fieldset class="slots">
                    <legend>{move || if is_mission() {
                        t_string!(i18n, field_slots).to_string()
                    } else {
                        t_string!(i18n, field_when).to_string()
                    }}</legend>
                    <p class="help">{t_string!(i18n, slots_help)}</p>
                    <For
                        each=move || {
                            let all = slots.get();
                            if is_mission() { all } else { all.into_iter().take(1).collect() }
                        }
                        key=|r| r.key
                        let(row)
                    >
                        <div class="slot-row" data-testid="slot-row">
                            <label>
                                <span>{t_string!(i18n, field_starts_at)}</span>
                                <input type="datetime-local" name="slot_start" bind:value=row.start
                                    aria-invalid=invalid(Field::StartsAt) />
                            </label>
                            <label>
                                <span>{t_string!(i18n, field_ends_at)}</span>
                                <input type="datetime-local" name="slot_end" bind:value=row.end
                                    aria-invalid=invalid(Field::EndsAt) />
                            </label>
                            <label>
                                <span>{move || if is_mission() {
                                    t_string!(i18n, field_volunteers_wanted).to_string()
                                } else {
                                    t_string!(i18n, field_capacity).to_string()
                                }}</span>
                                <input type="number" name="slot_capacity" min="1"
                                    max=MAX_CAPACITY.to_string() inputmode="numeric" bind:value=row.capacity
                                    aria-invalid=invalid(Field::Capacity) />
                            </label>
                            <Show when=move || is_mission() && (slots.get().len() > 1)>
                                <button type="button" class="secondary" data-testid="remove-slot"
                                    on:click=move |_| slots.update(|s| s.retain(|r| r.key != row.key))>
                                    {t_string!(i18n, remove_slot)}
                                </button>
                            </Show>
                        </div>
                    </For>
                    <FieldError error field=Field::StartsAt />
                    <FieldError error field=Field::EndsAt />
                    <FieldError error field=Field::Capacity />
                    <FieldError error field=Field::Slots />
                    <Show when=move || is_mission() && (slots.get().len() < MAX_SLOTS)>
                        <p class="row">
                            <button type="button" class="secondary" data-testid="add-slot" on:click=add_slot>
                                {t_string!(i18n, add_slot)}
                            </button>
                            <button type="button" class="secondary" data-testid="repeat-weekly" on:click=repeat_weekly>
                                {t_string!(i18n, repeat_weekly)}
                            </button>
                        </p>
                    </Show>
                </fieldset>
            })}
            <SubmitButton
                pending
                new_label=is_new.then(|| Signal::derive(move || t_string!(i18n, publish).to_string()))
            />
        </form>
    }
}
