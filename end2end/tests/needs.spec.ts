import { expect, test } from '@playwright/test';
import { api, arrived, fitsTheScreen, open, pickOnMap, secondPerson, shot, signUp, unique } from './helpers';

/** Answers that make a place accessible in a wheelchair. */
const STEP_FREE = [
  ['entree_plain_pied', 'yes'], ['accueil_cheminement_plain_pied', 'yes'], ['entree_largeur_mini', '90'],
  ['entree_porte_manoeuvre', 'no'], ['cheminement_ext_terrain_accidente', 'no'], ['sanitaires_adaptes', 'yes'],
];

test.describe('accessible to me', () => {
  test.use({ locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });

  test('an event is held at a described place, and a wheelchair user without an account sees only what suits her, in Arabic', async ({ page, browser }, info) => {
    test.setTimeout(120_000);
    // Marc runs an association; one hall is step-free, the other is up two steps.
    await signUp(page, `${unique('marc')}@example.org`, 'Marc');
    const associationName = unique('Repair Café');
    const association = (await api(page, 'create_association', {
      form: {
        name: associationName, description: 'Réparer ensemble plutôt que jeter.',
        address: '5 rue Oberkampf, Paris', location: { lat: 48.864, lng: 2.372 },
        website: '', contact: '', categories: ['repairs'],
      },
    })) as number;
    const hall = unique('Salle Rampe');
    const ramp = (await api(page, 'create_venue', {
      form: { name: hall, kind: 'culture', address: '7 rue Oberkampf, Paris', location: { lat: 48.8645, lng: 2.3705 }, website: '', hours: '' },
      answers: STEP_FREE,
    })) as number;
    const upstairs = unique('Salle Étage');
    const steps = (await api(page, 'create_venue', {
      form: { name: upstairs, kind: 'culture', address: '9 rue Oberkampf, Paris', location: { lat: 48.8648, lng: 2.3712 }, website: '', hours: '' },
      answers: [['entree_plain_pied', 'no'], ['entree_marches', '2']],
    })) as number;
    const start = Math.floor(Date.now() / 1000) + 2 * 86_400;
    const upstairsEvent = unique('Atelier vélo à l’étage');
    await api(page, 'create_activity', {
      association_id: association,
      form: {
        kind: 'event', title: upstairsEvent, description: 'Apprendre à réparer son vélo.', category: 'repairs',
        online: false, address: '', location: null, venue: steps, languages: ['fr'], skills: '', min_age: '',
        auto_accept: false, registration: true, slots: [{ starts_at: start, ends_at: start + 7200, capacity: '12' }],
      },
    });

    // From the hall's page, Marc holds an event there: the form shows the place
    // instead of asking for an address.
    // The hall is the association's premises: Marc says so on its page.
    await open(page, `/venues/${ramp}`);
    await page.getByTestId('claim-premises').click();
    await expect(page.getByTestId('premises')).toContainText(associationName);
    await expect(page.getByTestId('release-premises')).toBeVisible();
    await page.getByTestId('hold-here').getByRole('link').click();
    await arrived(page, new RegExp(`/associations/${association}/activities/new\\?venue=${ramp}$`));
    await expect(page.getByTestId('held-at')).toContainText(hall);
    await expect(page.locator('input[name=address]')).toBeHidden();
    await shot(page, info, 'event-at-venue-form-fr');
    await fitsTheScreen(page);
    const event = unique('Atelier vélo de plain-pied');
    await page.locator('input[name=kind][value=event]').check();
    await page.fill('input[name=title]', event);
    await page.fill('textarea[name=description]', 'Apprendre à réparer son vélo, entrée de plain-pied.');
    await page.selectOption('select[name=category]', 'repairs');
    await page.locator('input[name=languages][value=fr]').check();
    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setHours(14, 0, 0, 0);
    const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.fill('input[name=slot_start]', local(tomorrow));
    await page.fill('input[name=slot_end]', local(new Date(tomorrow.getTime() + 2 * 3_600_000)));
    await page.fill('input[name=slot_capacity]', '10');
    await page.locator('[data-testid=activity-form] button[type=submit]').click();
    await arrived(page, /\/activities\/\d+$/);
    const eventUrl = new URL(page.url()).pathname;
    await expect(page.getByTestId('venue-link')).toHaveText(hall);

    // A new event from the association's page: once Marc puts its point on the map, the
    // places described near it are offered, and he holds it at one of them.
    await open(page, `/associations/${association}/activities/new`);
    await expect(page.getByTestId('held-at')).toBeHidden();
    await pickOnMap(page, 'activity-location-map', { x: 80, y: 80 });
    const picker = page.locator('#activity-location-map');
    const at = { lat: Number(await picker.getAttribute('data-lat')), lng: Number(await picker.getAttribute('data-lng')) };
    const nearby = unique('Salle des fêtes');
    await api(page, 'create_venue', {
      form: { name: nearby, kind: 'culture', address: '1 place de la Mairie', location: { lat: at.lat + 0.0005, lng: at.lng }, website: '', hours: '' },
      answers: STEP_FREE,
    });
    await pickOnMap(page, 'activity-location-map', { x: 84, y: 80 });
    const offered = page.getByTestId('venues-near').getByRole('button', { name: nearby });
    await expect(offered).toBeVisible();
    await shot(page, info, 'event-places-near-fr');
    await fitsTheScreen(page);
    await offered.click();
    await expect(page.getByTestId('held-at')).toContainText(nearby);
    await expect(page.locator('input[name=address]')).toBeHidden();
    const second = unique('Bal de plain-pied');
    await page.locator('input[name=kind][value=event]').check();
    await page.fill('input[name=title]', second);
    await page.fill('textarea[name=description]', 'Un bal pour tout le quartier, entrée de plain-pied.');
    await page.selectOption('select[name=category]', 'repairs');
    await page.locator('input[name=languages][value=fr]').check();
    await page.fill('input[name=slot_start]', local(tomorrow));
    await page.fill('input[name=slot_end]', local(new Date(tomorrow.getTime() + 2 * 3_600_000)));
    await page.fill('input[name=slot_capacity]', '50');
    await page.locator('[data-testid=activity-form] button[type=submit]').click();
    await arrived(page, /\/activities\/\d+$/);
    await expect(page.getByTestId('venue-link')).toHaveText(nearby);
    // Marc gave no needs: the place's level for each, and a way to say his.
    await expect(page.locator('[data-testid=for-you-section] [data-need=wheelchair]')).toHaveAttribute('data-level', 'accessible');
    await expect(page.getByTestId('say-my-needs')).toBeVisible();

    // Yasmin reads Arabic and moves in a wheelchair; she has no account.
    const yasmin = await secondPerson(browser, info, 'ar');
    await open(yasmin, '/activities');
    await yasmin.getByTestId('my-needs-link').click();
    await arrived(yasmin, /\/my-needs\?back=\/activities$/);
    await expect(yasmin.locator('h1')).toHaveText('احتياجاتي لإمكانية الوصول');
    await expect(yasmin.locator('html')).toHaveAttribute('dir', 'rtl');
    await yasmin.locator('input[name=need][value=wheelchair]').check();
    await shot(yasmin, info, 'my-needs-ar');
    await fitsTheScreen(yasmin);
    await yasmin.getByTestId('save-needs').click();
    await arrived(yasmin, /\/activities$/);

    // "Accessible to me": the step-free event stays, said so; the one up two steps goes.
    await yasmin.getByTestId('filter-mine').check();
    const item = yasmin.getByTestId('activity-item').filter({ hasText: event });
    await expect(item.getByTestId('for-you')).toHaveText('ميسّر لك');
    await expect(item.getByTestId('for-you')).toHaveAttribute('data-fit', 'suits');
    await expect(yasmin.getByTestId('activity-item').filter({ hasText: upstairsEvent })).toHaveCount(0);
    await shot(yasmin, info, 'accessible-to-me-ar');
    await fitsTheScreen(yasmin);
    // Without the filter, the other is there, saying it is not for her.
    await yasmin.getByTestId('filter-mine').uncheck();
    await expect(yasmin.getByTestId('activity-item').filter({ hasText: upstairsEvent }).getByTestId('for-you')).toHaveAttribute('data-fit', 'not');

    // The event's page says why, in her language.
    await open(yasmin, eventUrl);
    await expect(yasmin.getByTestId('for-you')).toHaveAttribute('data-fit', 'suits');
    await expect(yasmin.getByTestId('for-you-why').locator('li')).not.toHaveCount(0);
    await shot(yasmin, info, 'event-for-you-ar');
    await fitsTheScreen(yasmin);

    // On the home map, the step-free hall is there and the room up two steps is not, for her.
    await open(yasmin, '/');
    await expect(yasmin.locator(`.leaflet-marker-icon[title*="${hall}"]`)).toBeVisible();
    await expect(yasmin.locator(`.leaflet-marker-icon[title*="${upstairs}"]`)).toHaveCount(0);
    await shot(yasmin, info, 'home-places-ar');
    // Under the map, the way to change which places it shows.
    await yasmin.getByTestId('map-needs').click();
    await arrived(yasmin, /\/my-needs\?back=\/$/);
    await expect(yasmin.locator('input[name=need][value=wheelchair]')).toBeChecked();

    // The list of places opens with her need ticked.
    await open(yasmin, '/venues');
    await expect(yasmin.locator('input[name=need][value=wheelchair]')).toBeChecked();
    await expect(yasmin.locator('input[name=need][value=visual]')).not.toBeChecked();

    // Marc gave no needs: both rooms are on his map.
    await open(page, '/');
    await expect(page.locator(`.leaflet-marker-icon[title*="${upstairs}"]`)).toBeVisible();
    await expect(page.locator(`.leaflet-marker-icon[title*="${hall}"]`)).toBeVisible();

    // Marc's own page is unchanged by her needs: they are hers only.
    await open(page, eventUrl);
    await expect(page.getByTestId('for-you')).toHaveCount(0);
    // The hall's page names whose premises it is, for everyone.
    await open(page, `/venues/${ramp}`);
    await expect(page.getByTestId('premises')).toContainText(associationName);
    await shot(page, info, 'venue-premises-fr');
    await open(yasmin, `/venues/${ramp}`);
    await expect(yasmin.getByTestId('premises')).toContainText(associationName);
    await expect(yasmin.getByTestId('release-premises')).toHaveCount(0);
    await shot(yasmin, info, 'venue-premises-ar');
    await fitsTheScreen(yasmin);
    await yasmin.context().close();
  });
});
