import { expect, test, type Page } from '@playwright/test';
import { arrived, fitsTheScreen, open, openMore, shot, violations } from './helpers';

// The server started with the demo's data and its published figures (E2E_SEED in serve.sh).
const demo = `http://127.0.0.1:${Number(process.env.E2E_DEMO_PORT ?? 3133)}`;

async function inLanguage(page: Page, lang: string) {
  await page.context().addCookies([{ name: 'i18n_pref_locale', value: lang, url: demo }]);
}

/** The table's rows as the page shows them: number, value, people. */
async function rows(page: Page) {
  return page.getByTestId('insights-table').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim());
      return { number: Number(cells[0]), value: Number(cells[2]), people: Number(cells[3]), demand: cells[4] ?? '' };
    }),
  );
}

test('a municipality reads the demand by neighbourhood in French, on the map and in the table, and downloads it', async ({ page }, info) => {
  await inLanguage(page, 'fr');
  await open(page, `${demo}/insights?measure=requests`);
  await expect(page.locator('h1')).toHaveText("L'entraide en chiffres, quartier par quartier");
  await expect(page.getByTestId('insights-heading')).toContainText('Demandes publiées');
  const table = await rows(page);
  // The demo's eleven neighbourhoods each pass the rules on their own, largest first.
  expect(table.length).toBe(11);
  expect(table.map((r) => r.number)).toEqual(table.map((_, i) => i + 1));
  for (let i = 1; i < table.length; i++) expect(table[i].value).toBeLessThanOrEqual(table[i - 1].value);
  // No published area covers fewer than 11 people.
  for (const r of table) expect(r.people).toBeGreaterThanOrEqual(11);
  // Demand is compared with the median area: La Goutte d'Or asks far more than the median.
  expect(table.filter((r) => r.demand.startsWith('inhabituellement forte')).length).toBeGreaterThan(0);
  // The map draws every area with its number and figure (colour is never the only sign).
  const map = page.getByTestId('insights-map');
  await expect(map.locator('path.leaflet-interactive')).toHaveCount(table.length);
  await expect(map.locator('.insight-label')).toHaveCount(table.length);
  await expect(map.locator('.insight-label').first()).toContainText(`1 · ${table[0].value}`);
  await expect(page.getByTestId('insights-legend').locator('li')).toHaveCount(4);
  // What is hidden and why, from the rules' own constants.
  await expect(page.getByTestId('insights-rules')).toContainText('au moins 11 personnes différentes');
  await expect(page.getByTestId('insights-rules')).toContainText('85 %');
  await fitsTheScreen(page);
  await shot(page, info, 'insights-fr');

  // The same figures, downloaded: one CSV row per area, same values.
  const csvLink = page.getByTestId('insights-csv');
  const csv = await (await page.request.get(`${demo}${await csvLink.getAttribute('href')}`)).text();
  const lines = csv.trim().split('\n');
  expect(lines[0]).toContain('participants');
  expect(lines.length - 1).toBe(table.length);
  const csvValues = lines.slice(1).map((l) => Number(l.split(',')[7])).sort((a, b) => b - a);
  expect(csvValues).toEqual(table.map((r) => r.value));
  const geo = await (await page.request.get(`${demo}${await page.getByTestId('insights-geojson').getAttribute('href')}`)).json();
  expect(geo.features.length).toBe(table.length);

  // Another figure, chosen in the form (sent without script, so it works on any phone).
  await page.getByTestId('insights-measure').selectOption('exchanges');
  await page.getByTestId('insights-resolution').selectOption('7');
  await page.getByTestId('insights-show').click();
  await arrived(page, /measure=exchanges/);
  await expect(page.getByTestId('insights-heading')).toContainText('Échanges réalisés');
  expect(page.url()).toContain('resolution=7');
  const exchanges = await rows(page);
  expect(exchanges.length).toBeGreaterThan(2);
  for (const r of exchanges) expect(r.people).toBeGreaterThanOrEqual(11);
  // One category only: the category list holds only what is published.
  const options = await page.getByTestId('insights-category').locator('option').allTextContents();
  expect(options[0]).toBe('Toutes les catégories');
  expect(options).toContain('Soutien scolaire et devoirs');
  await page.getByTestId('insights-category').selectOption({ label: 'Soutien scolaire et devoirs' });
  await page.getByTestId('insights-show').click();
  await arrived(page, /category=tutoring/);
  await expect(page.getByTestId('insights-heading')).toContainText('Soutien scolaire');
  await expect(page.getByTestId('insights-category')).toHaveValue('tutoring');
  expect((await violations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('the figures read right to left in Arabic on a phone, and say when nothing passes', async ({ page }, info) => {
  await inLanguage(page, 'ar');
  await open(page, `${demo}/insights?measure=unmet`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('h1')).toHaveText('التضامن بالأرقام، حيًّا حيًّا');
  await expect(page.getByTestId('insights-heading')).toContainText('طلبات بلا استجابة');
  // The figure and its period joined by the Arabic comma, not a Latin one.
  await expect(page.getByTestId('insights-heading')).toContainText('طلبات بلا استجابة، ');
  await expect(page.getByTestId('insights-heading')).not.toContainText(',');
  const table = await rows(page);
  expect(table.length).toBeGreaterThan(2);
  for (const r of table) expect(r.people).toBeGreaterThanOrEqual(11);
  await expect(page.getByTestId('insights-map').locator('.insight-label')).toHaveCount(table.length);
  await fitsTheScreen(page);
  expect((await violations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await shot(page, info, 'insights-ar');
  // Hours: the demo's events are all to come, so no area has the people the rules need.
  await open(page, `${demo}/insights?measure=hours`);
  await expect(page.getByTestId('insights-empty')).toContainText('11');
  await expect(page.getByTestId('insights-table')).toHaveCount(0);
  // An unknown figure in a shared link shows the default one rather than an error.
  await open(page, `${demo}/insights?measure=nonsense&period=1999&resolution=99&category=%3Cb%3E`);
  await expect(page.getByTestId('insights-measure')).toHaveValue('exchanges');
  await expect(page.getByTestId('insights-table')).toHaveCount(1);
});

test('the figures are reached from the menu, and a new deployment says nothing is published yet', async ({ page }) => {
  await page.context().addCookies([{ name: 'i18n_pref_locale', value: 'fr', url: test.info().project.use.baseURL! }]);
  await open(page, '/');
  await openMore(page);
  await page.getByTestId('nav-insights').click();
  await arrived(page, /\/insights$/);
  await expect(page.getByTestId('insights-none')).toContainText('14 jours');
  await expect(page.getByTestId('insights-map')).toHaveCount(0);
  await expect(page.getByTestId('insights-rules')).toBeVisible();
});

/** The territories' table: number, name, value, rate per 1 000, people. */
async function territoryRows(page: Page) {
  return page.getByTestId('insights-table').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim());
      return { number: Number(cells[0]), name: cells[1], value: cells[2], rate: cells[3], people: Number(cells[4]) };
    }),
  );
}

test('a town reads the demand by arrondissement, per 1 000 inhabitants, in French and in Arabic on a phone', async ({ page }, info) => {
  await inLanguage(page, 'fr');
  await open(page, `${demo}/insights?measure=requests`);
  // Chosen in the form, like any other size of area.
  await page.getByTestId('insights-resolution').selectOption({ label: 'Territoires (arrondissements, communes)' });
  await page.getByTestId('insights-show').click();
  await arrived(page, /resolution=t/);
  const table = await territoryRows(page);
  // The demo's neighbourhoods lie in several arrondissements of Paris, Lyon and Marseille.
  expect(table.length).toBeGreaterThan(3);
  expect(table.map((r) => r.number)).toEqual(table.map((_, i) => i + 1));
  for (const r of table) {
    expect(r.name).toMatch(/Arrondissement/);
    // Rates with a French decimal comma, largest first (the map's classes are of rates).
    expect(r.rate).toMatch(/^\d+,\d\d$/);
    expect(r.people).toBeGreaterThanOrEqual(11);
  }
  const rates = table.map((r) => Number(r.rate.replace(',', '.')));
  for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThanOrEqual(rates[i - 1]);
  await expect(page.getByTestId('insights-legend')).toContainText('pour 1 000 habitants');
  const map = page.getByTestId('insights-map');
  await expect(map.locator('.insight-label')).toHaveCount(table.length);
  await expect(map.locator('.insight-label').first()).toContainText(`1 · ${table[0].rate}`);
  await expect(page.getByTestId('insights-rules').getByTestId('insights-rule-territories')).toContainText('additionne les quartiers publiés');
  // The same figures to download, one row per territory.
  const csv = await (await page.request.get(`${demo}${await page.getByTestId('insights-csv').getAttribute('href')}`)).text();
  const lines = csv.trim().split('\n');
  expect(lines[0]).toContain('per_1000');
  expect(lines.length - 1).toBe(table.length);
  expect((await violations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await shot(page, info, 'insights-territories-fr');

  await inLanguage(page, 'ar');
  await open(page, `${demo}/insights?measure=requests&resolution=t`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('insights-resolution')).toHaveValue('t');
  expect((await territoryRows(page)).length).toBe(table.length);
  await expect(page.getByTestId('insights-map').locator('.insight-label')).toHaveCount(table.length);
  await fitsTheScreen(page);
  expect((await violations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await shot(page, info, 'insights-territories-ar');
});
