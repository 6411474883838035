import { expect, test, type TestInfo } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, fitsTheScreen, open, secondPerson, serverCommand, shot, signUp, unique } from './helpers';

/** A day in Paris, `offset` days from today, as `YYYY-MM-DD`. */
function parisDay(offset: number) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + offset * 86_400_000));
}

const ALWAYS = {
  monday: '00:00-24:00', tuesday: '00:00-24:00', wednesday: '00:00-24:00', thursday: '00:00-24:00',
  friday: '00:00-24:00', saturday: '00:00-24:00', sunday: '00:00-24:00', public_holidays: 'open',
};
const CLOSED = { monday: '', tuesday: '', wednesday: '', thursday: '', friday: '', saturday: '', sunday: '', public_holidays: 'unknown' };

function feature(name: string, lat: number, lng: number, category: string, hours: object, phone: string) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lng, lat] },
    properties: {
      name, description: `${name} : accueil sans condition.`, address: `${name}, Porte de la Chapelle, 75018 Paris`,
      phone, website: '', languages: ['fr', 'ar', 'fa'], hours,
      services: [{ category, conditions: ['unconditional'], publics: [], pets: true, price: 'free', fullness: 'sometimes', hours: null, note: '' }],
      stops: [],
    },
  };
}

/** Loads support sites for an association with the operator's import command, as a city or a
 * network of associations would. */
function importSites(info: TestInfo, association: number | null, features: object[]) {
  const file = join(tmpdir(), `${unique('sites')}.geojson`);
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  const args = ['import-support-sites', file, ...(association === null ? [] : [String(association)])];
  return serverCommand(info, args);
}

/** Each project works around its own point, so the two never read each other's sites first. */
function spot(info: TestInfo) {
  return info.project.name === 'phone' ? { lat: 48.8990, lng: 2.3600 } : { lat: 48.8970, lng: 2.3640 };
}

test.describe('help near me', () => {
  test.use({ locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });

  test('showers open now near a point, with JavaScript off; a closure for tomorrow; a report the manager deals with', async ({ page, browser }, info) => {
    test.setTimeout(120_000);
    // Nadia manages an association; its sites are loaded from a file.
    await signUp(page, `${unique('nadia')}@example.org`, 'Nadia');
    const association = (await api(page, 'create_association', {
      form: {
        name: unique('Solidarité Chapelle'), description: 'Douches et repas pour les personnes à la rue.',
        address: 'Porte de la Chapelle, Paris', location: { lat: 48.898, lng: 2.36 }, website: '', contact: '', categories: ['food'],
      },
    })) as number;
    const { lat, lng } = spot(info);
    const showers = unique('Douches');
    const meals = unique('Repas');
    const closed = unique('Douches fermées');
    const out = importSites(info, association, [
      feature(showers, lat, lng, 'hygiene', ALWAYS, '01 40 00 00 01'),
      feature(meals, lat + 0.001, lng, 'food', ALWAYS, '01 40 00 00 02'),
      feature(closed, lat - 0.001, lng, 'hygiene', CLOSED, '01 40 00 00 03'),
    ]);
    expect(out).toContain('3 support sites added');

    // Someone on an old phone with JavaScript off: the list, its filters and the site's page
    // are plain HTML.
    const visitor = await browser.newContext({
      viewport: info.project.use.viewport, isMobile: info.project.use.isMobile,
      locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' }, javaScriptEnabled: false,
    });
    const phone = await visitor.newPage();
    await phone.goto(`/help?lat=${lat}&lng=${lng}`);
    await expect(phone.getByTestId('help-locate')).toBeHidden();
    await phone.getByTestId('help-category').selectOption('hygiene');
    await phone.getByTestId('help-open-now').check();
    await phone.getByTestId('help-submit').click();
    await expect(phone).toHaveURL(/category=hygiene/);
    const list = phone.getByTestId('help-list');
    const mine = list.getByTestId('help-site').filter({ hasText: showers });
    await expect(mine).toContainText('Ouvert jour et nuit');
    await expect(mine.getByTestId('help-distance')).toContainText('m');
    await expect(list).not.toContainText(meals);
    await expect(list).not.toContainText(closed);
    await shot(phone, info, 'help-no-js-fr');
    await fitsTheScreen(phone);
    await phone.getByRole('link', { name: showers }).click();
    await expect(phone.getByTestId('help-site-page')).toContainText('Hygiène');
    await expect(phone.getByTestId('site-phone')).toHaveAttribute('href', 'tel:0140000001');
    const id = Number(new URL(phone.url()).pathname.split('/').pop());

    // Nadia posts a closure for tomorrow: the page says "closed tomorrow".
    await open(page, `/help/sites/${id}`);
    await expect(page.getByTestId('site-manage')).toBeVisible();
    await page.getByTestId('notice-from').fill(parisDay(1));
    await page.getByTestId('notice-text').fill('travaux');
    await page.getByTestId('notice-submit').click();
    await expect(page.getByTestId('help-done')).toContainText('Information ajoutée');
    await expect(page.getByTestId('site-closed')).toContainText('Fermé demain (travaux)');
    await expect(page.getByTestId('site-notices')).toContainText(parisDay(1).replace(/-/g, '-\u2060'));
    // A date before today is refused next to its field, and what she typed stays.
    await page.getByTestId('notice-from').fill(parisDay(-2));
    await page.getByTestId('notice-text').fill('grève');
    await page.getByTestId('notice-submit').click();
    await expect(page.locator('#notice-from-error')).toBeVisible();
    await expect(page.getByTestId('notice-text')).toHaveValue('grève');
    await shot(page, info, 'help-site-manage-fr');

    // The visitor, still without JavaScript, says the hours are wrong.
    await phone.reload();
    await expect(phone.getByTestId('site-closed')).toContainText('Fermé demain (travaux)');
    await phone.getByTestId('report-note').fill('Les douches ferment à 16 h le samedi');
    await phone.getByTestId('report-send').click();
    await expect(phone.getByTestId('help-done')).toContainText('votre message a été transmis');
    await expect(phone.getByTestId('help-site-page')).not.toContainText('16 h le samedi');

    // Nadia sees it in her queue and deals with it.
    await open(page, '/help');
    await expect(page.getByTestId('help-review')).toContainText(showers);
    await open(page, `/help/sites/${id}`);
    const report = page.getByTestId('site-report').filter({ hasText: '16 h le samedi' });
    await expect(report).toBeVisible();
    await report.getByTestId('report-resolve').click();
    await expect(page.getByTestId('help-done')).toContainText('Signalement traité');
    await expect(page.getByTestId('site-reports')).toHaveCount(0);

    // Nadia adds another place from /help, with its week.
    await open(page, '/help');
    await page.getByTestId('help-add').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/help\/new\?association=/);
    const kitchen = unique('Cuisine');
    await page.getByTestId('site-name').fill(kitchen);
    await page.getByTestId('site-address').fill('2 rue de la Chapelle, 75018 Paris');
    await page.getByTestId('site-lat').fill(String(lat + 0.002));
    await page.getByTestId('site-lng').fill(String(lng));
    await page.getByTestId('site-day0').fill('11h30-13h30');
    await page.getByTestId('site-day1').fill('11h30-midi');
    await page.getByTestId('site-save').click();
    // Unreadable hours: said next to the week, and everything typed stays.
    await expect(page.getByTestId('site-form')).toContainText('9h-12h');
    await expect(page.getByTestId('site-name')).toHaveValue(kitchen);
    await expect(page.getByTestId('site-day1')).toHaveValue('11h30-midi');
    await shot(page, info, 'help-new-site-refused-fr');
    await page.getByTestId('site-day1').fill('11h30-13h30');
    await page.getByTestId('site-save').click();
    await expect(page.getByTestId('help-done')).toContainText('Lieu ajouté');
    await expect(page.getByTestId('site-hours')).toContainText('11:30–13:30');
    await page.getByTestId('service-form').locator('xpath=../summary').click();
    await page.getByTestId('service-category').selectOption('food');
    await page.getByTestId('service-submit').click();
    await expect(page.getByTestId('help-done')).toContainText('Service ajouté');
    await expect(page.getByTestId('site-service')).toContainText('Alimentation');

    // The printable sheet of the same list.
    await phone.goto(`/help/print?lat=${lat}&lng=${lng}&category=hygiene`);
    await expect(phone.getByTestId('help-sheet')).toContainText(showers);
    await visitor.close();
  });

  test('in Arabic, on a phone, "use my location" sorts the places by distance, right to left', async ({ browser }, info) => {
    const { lat, lng } = spot(info);
    const near = unique('مطعم');
    const far = unique('Restaurant loin');
    importSites(info, null, [
      feature(near, lat + 0.0005, lng, 'food', ALWAYS, '01 40 00 00 04'),
      feature(far, lat + 0.2, lng, 'food', ALWAYS, '01 40 00 00 05'),
    ]);
    const page = await secondPerson(browser, info, 'ar');
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation({ latitude: lat, longitude: lng });
    await open(page, '/help');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.getByTestId('help-locate').click();
    await expect(page).toHaveURL(/lat=48\.\d+&lng=2\.\d+/);
    await expect(page.getByTestId('help-sorted')).toContainText('الأقرب');
    const names = await page.getByTestId('help-site').locator('.card-title').allTextContents();
    expect(names.indexOf(near)).toBeGreaterThanOrEqual(0);
    expect(names.indexOf(far)).toBeGreaterThan(names.indexOf(near));
    await expect(page.getByTestId('help-site').filter({ hasText: near })).toContainText('مفتوح');
    await shot(page, info, 'help-ar');
    await fitsTheScreen(page);
    await page.getByRole('link', { name: near }).click();
    await expect(page.getByTestId('help-site-page')).toContainText('الطعام');
    await shot(page, info, 'help-site-ar');
    await fitsTheScreen(page);
  });

  test('the map shows only the help places asked for; a manager gives a food van a new stop', async ({ page, browser }, info) => {
    test.setTimeout(90_000);
    await signUp(page, `${unique('omar')}@example.org`, 'Omar');
    const association = (await api(page, 'create_association', {
      form: {
        name: unique('Camion solidaire'), description: 'Un camion de repas qui passe dans le quartier.',
        address: 'Châtelet, Paris', location: { lat: 48.858, lng: 2.347 }, website: '', contact: '', categories: ['food'],
      },
    })) as number;
    // Near the map's first view, each project at its own spot.
    const lat = info.project.name === 'phone' ? 48.8600 : 48.8540;
    const lng = 2.3500;
    const showers = unique('Bains');
    const meals = unique('Soupe');
    importSites(info, association, [
      feature(showers, lat, lng, 'hygiene', ALWAYS, '01 40 00 00 06'),
      feature(meals, lat, lng + 0.02, 'food', ALWAYS, '01 40 00 00 07'),
    ]);
    await open(page, '/');
    await expect(page.locator(`.leaflet-marker-icon[title*="${showers}"]`)).toBeVisible();
    await expect(page.locator(`.leaflet-marker-icon[title*="${meals}"]`)).toBeVisible();
    // Under the map: the same filters as the help list.
    await page.getByTestId('map-help').locator('xpath=./summary').click();
    await page.getByTestId('map-help-category').selectOption('hygiene');
    await page.getByTestId('map-help-open-now').check();
    await shot(page, info, 'home-help-filters-fr');
    await page.getByTestId('map-help-submit').click();
    await expect(page).toHaveURL(/category=hygiene/);
    await expect(page.locator(`.leaflet-marker-icon[title*="${showers}"]`)).toBeVisible();
    await expect(page.locator(`.leaflet-marker-icon[title*="${meals}"]`)).toHaveCount(0);
    // The form says what the map shows.
    await expect(page.getByTestId('map-help-category')).toHaveValue('hygiene');
    await expect(page.getByTestId('map-help-open-now')).toBeChecked();
    await fitsTheScreen(page);

    // The same in Arabic, right to left.
    const ar = await secondPerson(browser, info, 'ar');
    await open(ar, '/?category=food');
    await expect(ar.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(ar.locator(`.leaflet-marker-icon[title*="${meals}"]`)).toBeVisible();
    await expect(ar.locator(`.leaflet-marker-icon[title*="${showers}"]`)).toHaveCount(0);
    await expect(ar.getByTestId('map-help')).toHaveAttribute('open', '');
    await shot(ar, info, 'home-help-filters-ar');
    await fitsTheScreen(ar);

    // Omar's association runs the soup as a van too: he adds a stop on Thursdays.
    await open(page, '/help?place=' + encodeURIComponent(meals));
    await page.getByRole('link', { name: meals }).first().click();
    await expect(page.getByTestId('site-manage')).toBeVisible();
    await page.getByTestId('stop-form').locator('xpath=../summary').click();
    await page.getByTestId('stop-place').fill('Place du Châtelet');
    await page.getByTestId('stop-lat').fill(String(lat + 0.001));
    await page.getByTestId('stop-lng').fill(String(lng));
    await page.getByTestId('stop-day').selectOption('3');
    await page.getByTestId('stop-start').fill('20h');
    await page.getByTestId('stop-end').fill('19h');
    await page.getByTestId('stop-submit').click();
    // An end before the start: said next to the times, and what he typed stays.
    await expect(page.locator('#stop-hours-error')).toBeVisible();
    await expect(page.getByTestId('stop-place')).toHaveValue('Place du Châtelet');
    await page.getByTestId('stop-end').fill('21h30');
    await page.getByTestId('stop-submit').click();
    await expect(page.getByTestId('help-done')).toContainText('Arrêt ajouté');
    await expect(page.getByTestId('site-stops')).toContainText('Place du Châtelet');
    await expect(page.getByTestId('site-stops')).toContainText('20:00');
    await shot(page, info, 'help-site-stop-fr');
  });
});
