import { expect, test, type Page } from '@playwright/test';
import { open, pickOnMap, secondPerson, serverCommand, shot, signUp, unique, arrived } from './helpers';

/** Runs `server draw-due <listing>` beside the test server, two days later than now: the
 * deadline has passed for this listing only. */
function drawNow(listing: number) {
  serverCommand(test.info(), ['draw-due', String(listing)], {
    DRAW_AT: String(Math.floor(Date.now() / 1000) + 2 * 86_400),
  });
}

async function giveAway(page: Page, title: string) {
  await open(page, '/listings/new');
  await page.check('input[name=kind][value=offer]');
  await page.check('input[name=nature][value=good]');
  await page.selectOption('select[name=category]', 'furniture');
  await page.fill('input[name=title]', title);
  await page.fill('textarea[name=description]', 'A sturdy wooden chair, to collect near the market.');
  await page.fill('input[name=price]', '0');
  await pickOnMap(page, 'listing-location-map');
  await page.click('button[type=submit]');
  await arrived(page, /\/listings\/\d+$/);
}

test('a free good given by drawing lots: two people ask, chance chooses, each can check the draw', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  await signUp(page, `${unique('alice')}@example.org`, 'Alice');
  await giveAway(page, unique('Wooden chair'));
  const url = new URL(page.url()).pathname;
  const listing = Number(url.split('/').pop());

  // Alice chooses to draw lots in two days, for one person.
  const start = page.getByTestId('draw-start');
  await start.locator('summary').click();
  await start.getByTestId('draw-days').selectOption('2');
  await shot(page, info, 'draw-start');
  await start.getByTestId('draw-submit').click();
  await expect(page.getByTestId('draw-pending')).toBeVisible();
  await expect(page.getByTestId('draw-entries')).toContainText('0');

  // Bob (French) and Samira (Arabic) ask for it.
  const bob = await secondPerson(browser, info, 'fr-FR');
  await signUp(bob, `${unique('bob')}@example.org`, 'Bob');
  const samira = await secondPerson(browser, info, 'ar');
  await signUp(samira, `${unique('samira')}@example.org`, 'Samira');
  const exchangeOf = new Map<Page, string>();
  for (const person of [bob, samira]) {
    await open(person, url);
    await expect(person.getByTestId('draw-pending')).toBeVisible();
    await person.getByTestId('propose').click();
    await arrived(person, /\/exchanges\/\d+$/);
    exchangeOf.set(person, new URL(person.url()).pathname);
  }
  await expect(bob.locator('html')).toHaveAttribute('lang', 'fr');

  // Alice sees two entries and cannot pick anyone herself.
  await open(page, url);
  await expect(page.getByTestId('draw-entries')).toContainText('2');
  await expect(page.getByTestId('proposal')).toHaveCount(2);
  await expect(page.getByTestId('accept')).toHaveCount(0);
  await open(samira, url);
  await shot(samira, info, 'draw-pending-ar');

  // The deadline passes and the lots are drawn.
  drawNow(listing);

  const outcomes: string[] = [];
  for (const person of [bob, samira]) {
    await open(person, url);
    await expect(person.getByTestId('draw-done')).toBeVisible();
    const won = await person.getByTestId('draw-won').isVisible();
    outcomes.push(won ? 'won' : 'lost');
    await expect(person.getByTestId(won ? 'draw-won' : 'draw-lost')).toBeVisible();
    await person.getByTestId('draw-check').locator('summary').click();
    await expect(person.getByTestId('draw-seed')).toHaveText(/^[0-9a-f]{32}$/);
    await expect(person.getByTestId('draw-ticket')).toHaveText(/^[0-9a-f]{64}$/);
  }
  expect([...outcomes].sort()).toEqual(['lost', 'won']);
  await expect(bob.getByTestId('draw-done')).toContainText('Tirage au sort effectué');
  await expect(samira.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(samira.getByTestId('draw-done')).toContainText('أُجريت القرعة');
  await shot(samira, info, 'draw-done-ar');
  await shot(bob, info, 'draw-done-fr');

  // The winner's exchange is accepted and free; Alice now sees one accepted, one declined.
  const winner = outcomes[0] === 'won' ? bob : samira;
  await open(winner, exchangeOf.get(winner) ?? '/exchanges');
  await expect(winner.getByTestId('exchange-state')).toHaveClass(/badge-state-accepted/);
  await expect(winner.getByTestId('exchange-price')).toContainText(/0|Gratuit|مجان/);
  await open(page, url);
  await expect(page.getByTestId('draw-done')).toBeVisible();
  await expect(page.locator('[data-testid=proposal] .badge-state-accepted')).toHaveCount(1);
  await expect(page.locator('[data-testid=proposal] .badge-state-declined')).toHaveCount(1);
});
