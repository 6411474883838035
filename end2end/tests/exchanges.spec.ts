import { expect, test, type Page } from '@playwright/test';
import { api, open, pickOnMap, secondPerson, shot, signUp, unique, arrived, chooseLanguage } from './helpers';

async function post(page: Page, kind: 'offer' | 'request', title: string, price: number) {
  await open(page, '/listings/new');
  await page.check(`input[name=kind][value=${kind}]`);
  await page.check('input[name=nature][value=service]');
  await page.selectOption('select[name=category]', 'repairs');
  await page.fill('input[name=title]', title);
  await page.fill('textarea[name=description]', 'Saturday morning, two hours at most, near the market.');
  await page.fill('input[name=price]', String(price));
  await pickOnMap(page, 'listing-location-map');
  await page.click('button[type=submit]');
}

async function balanceOf(page: Page): Promise<string> {
  await open(page, '/balance');
  return (await page.getByTestId('balance').locator('strong').textContent()) ?? '';
}

test('two neighbours: a proposal, a conversation, both confirm, the currency moves with the generosity discount, reviews', async ({ page, browser }, info) => {
  test.setTimeout(150_000);
  // Alice (English, then Arabic) and Bob (French), each in their own browser.
  await signUp(page, `${unique('alice')}@example.org`, 'Alice', { verify: true });
  const bob = await secondPerson(browser, info, 'fr-FR');
  await signUp(bob, `${unique('bob')}@example.org`, 'Bob', { verify: true });

  // First, Alice gives: she helps Bob with his forms (price 10), set up through the API.
  const forms = unique('Help with forms');
  await post(bob, 'request', forms, 10);
  await arrived(bob, /\/listings\/\d+$/);
  const formsId = Number(bob.url().split('/').pop());
  const first = (await api(page, 'propose_exchange', { listing_id: formsId, message: '' })) as number;
  await api(bob, 'act_on_exchange', { id: first, action: 'Accept' });
  await api(bob, 'act_on_exchange', { id: first, action: 'Confirm' });
  await api(page, 'act_on_exchange', { id: first, action: 'Confirm' });
  expect(await balanceOf(page)).toBe('30');
  // Given 10, received 0: a 66 % share of giving, so 16 % off.
  await expect(page.getByTestId('generosity')).toContainText('you pay 16 % less');

  // Now Alice needs help moving a sofa, priced 20.
  const sofa = unique('Help moving a sofa');
  await post(page, 'request', sofa, 20);
  await arrived(page, /\/listings\/\d+$/);
  const sofaUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId('no-proposal')).toBeVisible();

  // Bob answers with "Je peux aider" and a word.
  await open(bob, sofaUrl);
  await bob.getByTestId('propose-message').fill("J'ai une camionnette samedi.");
  await bob.getByTestId('propose').click();
  await arrived(bob, /\/exchanges\/\d+$/);
  await expect(bob.getByTestId('exchange-state')).toHaveText('Proposé');
  const exchangeUrl = new URL(bob.url()).pathname;

  // Alice's header counts Bob's message without a reload (with the unread acceptance of the
  // first exchange: 2); the proposal waits on her listing.
  await expect(page.getByTestId('messages-count')).toHaveText('2');
  await open(page, sofaUrl);
  const proposal = page.getByTestId('proposal');
  await expect(proposal).toContainText('Bob');
  await proposal.getByRole('link').click();
  await arrived(page, new RegExp(`${exchangeUrl}$`));
  await expect(page.getByTestId('messages')).toContainText("J'ai une camionnette samedi.");
  // 20 less her 16 % discount (rounded down): 17.
  await expect(page.getByTestId('exchange-price')).toContainText('You would pay 17');
  await expect(page.getByTestId('discount')).toContainText('listed 20');
  await page.getByTestId('accept').click();
  await expect(page.getByTestId('exchange-state')).toHaveText('Accepted');
  await expect(page.getByTestId('exchange-price')).toContainText('You pay 17');

  // They agree on the place inside the conversation; Bob sees it arrive live.
  await page.getByTestId('message-body').fill('12 rue des Lilas, 10 h');
  await page.getByTestId('send').click();
  await expect(page.getByTestId('messages')).toContainText('12 rue des Lilas, 10 h');
  await expect(bob.getByTestId('messages')).toContainText('12 rue des Lilas, 10 h');
  await expect(bob.getByTestId('exchange-price')).toContainText('Vous recevrez 17');
  await shot(bob, info, 'exchange-fr');

  // Both confirm.
  await open(bob, exchangeUrl);
  await bob.getByTestId('confirm').click();
  await expect(bob.getByTestId('confirmations')).toContainText('Vous avez confirmé');
  await open(page, exchangeUrl);
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('exchange-state')).toHaveText('Done');

  // The currency moved: Alice 30 - 17, Bob 20 - 10 + 17.
  expect(await balanceOf(page)).toBe('13');
  await expect(page.getByTestId('movements')).toContainText('Price set aside for an exchange');
  expect(await balanceOf(bob)).toBe('27');
  await expect(bob.getByTestId('movements')).toContainText('Échange réalisé');
  await shot(bob, info, 'balance-fr');

  // Reviews, one each; Bob's appears on Alice's profile… and Alice's on Bob's.
  await open(page, exchangeUrl);
  await page.getByTestId('review-comment').fill('Punctual and careful with the stairs.');
  await page.getByTestId('review-submit').click();
  await expect(page.getByTestId('my-review')).toContainText('5 / 5');
  await open(bob, exchangeUrl);
  await bob.locator('input[name=rating][value="4"]').check();
  await bob.getByTestId('review-comment').fill('Très accueillante.');
  await bob.getByTestId('review-submit').click();
  await expect(bob.getByTestId('my-review')).toContainText('4 / 5');
  const bobProfile = await bob.getByRole('link', { name: 'Alice' }).first().getAttribute('href');
  await open(bob, bobProfile ?? '/');
  await expect(bob.getByTestId('reviews')).toContainText('Très accueillante.');

  // The same exchange in Arabic, right to left.
  await open(page, exchangeUrl);
  await chooseLanguage(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('exchange-state')).toHaveText('مكتمل');
  await shot(page, info, 'exchange-ar');
  await open(page, '/balance');
  await expect(page.getByTestId('generosity')).toContainText('كرمك');
  await shot(page, info, 'balance-ar');
  await chooseLanguage(page, 'en');

  // The public rules, with examples computed by the price function.
  await open(page, '/currency');
  await expect(page.getByTestId('policy')).toContainText('its own currency');
  await expect(page.getByTestId('generosity-examples')).toContainText('16 %');
});

test.describe('gift with quota', () => {
  const giftURL = `http://127.0.0.1:${Number(process.env.E2E_GIFT_PORT ?? 3132)}`;
  test.use({ baseURL: giftURL });

  test('everything is free and the third request of the day is refused with a clear message', async ({ page, browser }, info) => {
    test.setTimeout(120_000);
    await signUp(page, `${unique('alice')}@example.org`, 'Alice');
    const bob = await secondPerson(browser, info, 'en-GB', giftURL);
    await signUp(bob, `${unique('bob')}@example.org`, 'Bob');

    // Bob offers a coat; Alice would like it (1 of her 2 for today).
    await post(bob, 'offer', unique('Winter coat'), 0);
    await arrived(bob, /\/listings\/\d+$/);
    await open(page, new URL(bob.url()).pathname);
    await page.getByTestId('propose').click();
    await arrived(page, /\/exchanges\/\d+$/);
    await expect(page.getByTestId('exchange-price')).toContainText('Free');
    const exchangeUrl = new URL(page.url()).pathname;

    // A request (2 of 2), then a third: refused, and the form keeps what she typed.
    await post(page, 'request', unique('Help with the boiler'), 0);
    await arrived(page, /\/listings\/\d+$/);
    const third = unique('Help with a shelf');
    await post(page, 'request', third, 0);
    await expect(page.getByRole('alert').first()).toContainText('You can open 2 requests or proposals a day');
    await arrived(page, /\/listings\/new$/);
    await expect(page.locator('input[name=title]')).toHaveValue(third);
    await shot(page, info, 'gift-quota-en');

    // The coat changes hands for free.
    await open(bob, exchangeUrl);
    await bob.getByTestId('accept').click();
    await expect(bob.getByTestId('exchange-state')).toHaveText('Accepted');
    await bob.getByTestId('confirm').click();
    await open(page, exchangeUrl);
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('exchange-state')).toHaveText('Done');
    expect(await balanceOf(page)).toBe('0');
    await expect(page.locator('.notice')).toContainText('runs on gifts');
    await open(page, '/currency');
    await expect(page.getByTestId('policy')).toContainText('each person may open 2 requests or proposals a day');
  });
});
