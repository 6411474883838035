import { expect, test, type Page } from '@playwright/test';
import { open, pickOnMap, secondPerson, shot, signUp, unique, arrived } from './helpers';

// Every test instance (per project) uses its own category, so parallel tests never match
// each other's listings.
const CATEGORIES: Record<string, string[]> = {
  desktop: ['pet_care', 'childcare'],
  phone: ['health', 'elderly_company'],
};

async function post(page: Page, kind: 'offer' | 'request', category: string, title: string) {
  await open(page, '/listings/new');
  await page.check(`input[name=kind][value=${kind}]`);
  await page.check('input[name=nature][value=service]');
  await page.selectOption('select[name=category]', category);
  await page.fill('input[name=title]', title);
  await page.fill('textarea[name=description]', 'Twice a week, flexible hours, in the neighbourhood.');
  await pickOnMap(page, 'listing-location-map');
  await page.click('button[type=submit]');
  await arrived(page, /\/listings\/\d+$/);
}

test('a request meets an offer: both bells ring live, and the why panel explains', async ({ page, browser }, info) => {
  const category = CATEGORIES[info.project.name][0];
  await signUp(page, `${unique('alice')}@example.org`, 'Alice');

  // Alice saves an alert for offers of this category around the map's centre.
  await open(page, '/');
  await page.selectOption('[data-testid=filter-kind]', 'offer');
  await page.selectOption('[data-testid=filter-category]', category);
  await page.getByRole('button', { name: 'Alert me about new listings here' }).click();
  await expect(page.getByTestId('alert-result')).toContainText('Alert saved.');

  // She asks for help; nothing answers it yet, so it waits on the map.
  const request = unique('Walks for my old dog');
  await post(page, 'request', category, request);
  await expect(page.getByTestId('no-match')).toBeVisible();
  await expect(page.getByTestId('bell-count')).toHaveText('0');
  // Marks this page: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  // Bob, in another browser, offers exactly that.
  const bob = await secondPerson(browser, info, 'en-GB');
  await signUp(bob, `${unique('bob')}@example.org`, 'Bob');
  const offer = unique('Dog walks');
  await post(bob, 'offer', category, offer);
  const match = bob.getByTestId('match');
  await expect(match).toHaveCount(1);
  await expect(match).toContainText(request);
  const why = match.getByTestId('why');
  await expect(why).toContainText('Same category');
  await expect(why).toContainText('Less than 1 km apart');
  await expect(why).toContainText('Posted less than a day before the match');
  await expect(bob.getByTestId('bell-count')).toHaveText('1');
  await shot(bob, info, 'matches-en');

  // Alice's bell rose without a reload: the match and her alert.
  await expect(page.getByTestId('bell-count')).toHaveText('2');
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  // Her notifications say why; opening the offer marks the match read.
  await page.getByTestId('bell').click();
  await arrived(page, /\/notifications$/);
  const items = page.getByTestId('notification');
  await expect(items).toHaveCount(2);
  const matchItem = items.filter({ hasText: 'A match for your listing' });
  await expect(matchItem.getByTestId('why')).toContainText('Same category');
  await expect(items.filter({ hasText: 'New listing for one of your alerts' })).toHaveCount(1);
  await shot(page, info, 'notifications-en');
  await matchItem.getByRole('link', { name: offer }).click();
  await arrived(page, /\/listings\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(offer);
  await expect(page.getByTestId('bell-count')).toHaveText('1');

  // Loaded straight from the server, the page comes alive: her preference shows, and the one
  // notification left can be marked read.
  await open(page, '/notifications');
  await expect(page.locator('input[name=notify][value=best]')).toBeChecked();
  await page.getByTestId('mark-read').click();
  await expect(page.getByTestId('bell-count')).toHaveText('0');

  // Bob finds it not relevant: it goes, for good.
  await bob.getByTestId('dismiss').click();
  await expect(bob.getByTestId('no-match')).toBeVisible();
  await open(bob, bob.url());
  await expect(bob.getByTestId('no-match')).toBeVisible();
  await expect(bob.getByTestId('bell-count')).toHaveText('0');
});

test('in Arabic, right to left: the bell rings and the reasons read in Arabic', async ({ browser }, info) => {
  const category = CATEGORIES[info.project.name][1];
  const amina = await secondPerson(browser, info, 'ar');
  await signUp(amina, `${unique('amina')}@example.org`, 'أمينة');
  await expect(amina.locator('html')).toHaveAttribute('dir', 'rtl');
  const request = unique('مرافقة جدتي');
  await post(amina, 'request', category, request);
  await expect(amina.getByTestId('no-match')).toBeVisible();

  const karim = await secondPerson(browser, info, 'ar');
  await signUp(karim, `${unique('karim')}@example.org`, 'كريم');
  await post(karim, 'offer', category, unique('زيارات'));
  const why = karim.getByTestId('match').getByTestId('why');
  await expect(why).toContainText('نفس الفئة');
  await expect(why).toContainText('على بعد أقل من 1 كم');
  await shot(karim, info, 'matches-ar');

  await expect(amina.getByTestId('bell-count')).toHaveText('1');
  await amina.getByTestId('bell').click();
  await expect(amina.getByRole('heading', { level: 1 })).toHaveText('الإشعارات');
  await expect(amina.getByTestId('notification').getByTestId('why')).toContainText('لماذا هذه المطابقة');
  await shot(amina, info, 'notifications-ar');

  // The rules page is generated from the weights the matcher uses.
  await open(amina, '/matching');
  await expect(amina.getByRole('heading', { level: 1 })).toHaveText('كيف تعمل المطابقة');
  await expect(amina.getByTestId('weights')).toContainText('+40');
  await shot(amina, info, 'rules-ar');
});

test('the rules page in French, and the radius choice on a listing', async ({ browser }, info) => {
  const page = await secondPerson(browser, info, 'fr-FR');
  await open(page, '/matching');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Comment fonctionne la mise en relation');
  await expect(page.getByTestId('weights').locator('tr', { hasText: 'Même catégorie' })).toContainText('+40');
  // The one ranking signal besides the score is stated with its numbers.
  await expect(page.getByTestId('rules-reports')).toContainText('180 derniers jours');
  await expect(page.getByTestId('rules-reports')).toContainText('ne change jamais');
  await shot(page, info, 'rules-fr');
  await signUp(page, `${unique('zoe')}@example.org`, 'Zoé');
  await open(page, '/listings/new');
  await page.check('input[name=kind][value=offer]');
  await page.check('input[name=nature][value=good]');
  await page.selectOption('select[name=category]', 'furniture');
  await page.fill('input[name=title]', unique('Table en bois'));
  await page.fill('textarea[name=description]', 'Une table de cuisine, à venir chercher.');
  await page.selectOption('select[name=radius_km]', '10');
  await pickOnMap(page, 'listing-location-map');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('radius')).toContainText('10 km');
  await expect(page.getByTestId('no-match')).toBeVisible();
  await shot(page, info, 'listing-fr');
});

test('a visitor who asks for an alert is asked to log in first', async ({ page }) => {
  await open(page, '/');
  await page.getByRole('button', { name: 'Alert me about new listings here' }).click();
  await expect(page.getByTestId('alert-result')).toContainText('Please log in to continue.');
  await page.getByTestId('alert-result').getByRole('link', { name: 'Log in' }).click();
  await arrived(page, /\/login$/);
});
