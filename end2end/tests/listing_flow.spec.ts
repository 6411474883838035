import { expect, test } from '@playwright/test';
import { logOut, open, pickOnMap, PASSWORD, shot, signUp, unique, arrived } from './helpers';

test('sign up, post a request on the map, find it, filter it, log out and in', async ({ page }, info) => {
  const email = `${unique('u')}@example.org`;
  await signUp(page, email, 'Amina');

  // Post a request, its place chosen by tapping the map.
  const title = unique('Maths homework');
  await open(page, '/listings/new');
  // A page rendered on the server already knows who is signed in.
  await expect(page.getByTestId('nav-me')).toBeVisible();
  await page.check('input[name=kind][value=request]');
  await page.check('input[name=nature][value=service]');
  await page.selectOption('select[name=category]', 'tutoring');
  await page.fill('input[name=title]', title);
  await page.fill('textarea[name=description]', 'My daughter needs help with fractions, two evenings a week.');
  await pickOnMap(page, 'listing-location-map');
  await shot(page, info, 'new-listing');
  await page.click('button[type=submit]');
  await arrived(page, /\/listings\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText('This is your listing.')).toBeVisible();
  await shot(page, info, 'listing');

  // Edit it: the form comes back filled in, and the change is saved.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.locator('input[name=title]')).toHaveValue(title);
  await expect(page.locator('input[name=kind][value=request]')).toBeChecked();
  await page.fill('textarea[name=description]', 'Fractions and decimals, two evenings a week.');
  await page.click('button[type=submit]');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText('Fractions and decimals, two evenings a week.')).toBeVisible();

  // The author's public page lists it, without any address.
  await page.getByRole('link', { name: 'Amina' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Amina');
  await expect(page.getByTestId('listing-item').filter({ hasText: title })).toHaveCount(1);

  // It is on the map (a request marker) and in the list.
  await page.getByRole('link', { name: 'Map' }).first().click();
  await page.waitForSelector('body[data-hydrated=true]');
  const item = page.getByTestId('listing-item').filter({ hasText: title });
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-kind', 'request');
  // Its own pin, or, when other pins would cover it, one pin named after all of them.
  const marker = page.locator(`.leaflet-marker-icon[title*="Request: ${title}"]`);
  await expect(marker).toHaveCount(1);
  await shot(page, info, 'home');

  // Filter it away (offers only), and back.
  await page.selectOption('[data-testid=filter-kind]', 'offer');
  await expect(item).toHaveCount(0);
  await expect(marker).toHaveCount(0);
  await page.selectOption('[data-testid=filter-kind]', '');
  await expect(item).toHaveCount(1);
  await page.selectOption('[data-testid=filter-category]', 'food');
  await expect(item).toHaveCount(0);
  await page.selectOption('[data-testid=filter-category]', 'tutoring');
  await expect(item).toHaveCount(1);
  await expect(marker).toHaveCount(1);

  // The marker's popup leads to the listing.
  await marker.click();
  await page.locator('.leaflet-popup a', { hasText: title }).click();
  await arrived(page, /\/listings\/\d+$/);

  // Log out, then back in.
  await logOut(page);
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await open(page, '/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'wrong-password-here');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('form-error')).toHaveText('Wrong email or password.');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await arrived(page, /\/$/);
  await expect(page.getByTestId('nav-me')).toBeVisible();
});

test('a refused listing keeps what was typed and says why, field by field', async ({ page }) => {
  await signUp(page, `${unique('v')}@example.org`, 'Louis');
  await open(page, '/listings/new');
  await page.fill('input[name=title]', 'ab');
  await page.fill('textarea[name=description]', 'Short');
  await page.fill('input[name=price]', '-2');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('form-error')).toHaveText('Some fields need your attention.');
  await expect(page.locator('#err-category')).toHaveText('This field is required.');
  await expect(page.locator('#err-title')).toHaveText('At least 3 characters.');
  await expect(page.locator('#err-description')).toHaveText('At least 10 characters.');
  await expect(page.locator('#err-price')).toHaveText('Enter a whole number from 0 to 1000.');
  await expect(page.locator('#err-location')).toHaveText('This field is required.');
  await expect(page.locator('input[name=title]')).toHaveValue('ab');
  await expect(page.locator('input[name=title]')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('textarea[name=description]')).toHaveValue('Short');

  // Fix it: the same form now publishes.
  await page.selectOption('select[name=category]', 'food');
  await page.fill('input[name=title]', unique('Soup'));
  await page.fill('textarea[name=description]', 'A big pot of lentil soup, come with a box.');
  await page.fill('input[name=price]', '0');
  await pickOnMap(page, 'listing-location-map');
  await page.click('button[type=submit]');
  await arrived(page, /\/listings\/\d+$/);

  // Its author takes it off the map, asked once more first; "Cancel" changes nothing.
  const withdraw = page.getByRole('button', { name: 'Withdraw', exact: true });
  await withdraw.click();
  await expect(page.getByText('Take this listing off the map?')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(withdraw).toBeVisible();
  await withdraw.click();
  await page.getByTestId('withdraw-confirm').click();
  await expect(page.getByText('This listing was withdrawn.')).toBeVisible();
  await expect(withdraw).toHaveCount(0);
});

test('what is typed before the page\'s code arrives is kept', async ({ page }) => {
  // A slow phone: the forms' code (their own chunks) arrives seconds after the page.
  await page.route(/\/pkg\/(split_|chunk_)/, async (route) => {
    await new Promise((r) => setTimeout(r, 2_500));
    await route.continue();
  });
  // Signing up, typed at once.
  const email = `${unique('slow')}@example.org`;
  await page.goto('/signup', { waitUntil: 'domcontentloaded' });
  await page.fill('input[name=email]', email);
  await page.fill('input[name=display_name]', 'Lente');
  await page.fill('input[name=password]', PASSWORD);
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
  await page.waitForSelector('body[data-hydrated=true]', { timeout: 30_000 });
  await expect(page.locator('input[name=email]')).toHaveValue(email);
  await expect(page.locator('input[name=display_name]')).toHaveValue('Lente');
  await page.click('button[type=submit]');
  await arrived(page, /\/profile$/);
  await page.goto('/listings/new', { waitUntil: 'domcontentloaded' });
  await page.locator('input[name=kind][value=offer]').check();
  await page.selectOption('select[name=category]', 'food');
  await page.fill('input[name=title]', 'Soupe tapée tôt');
  await page.fill('textarea[name=description]', 'Une marmite de soupe, tapée avant que la page soit prête.');
  await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
  await page.waitForSelector('body[data-hydrated=true]', { timeout: 30_000 });
  await expect(page.locator('input[name=title]')).toHaveValue('Soupe tapée tôt');
  await expect(page.locator('textarea[name=description]')).toHaveValue('Une marmite de soupe, tapée avant que la page soit prête.');
  await expect(page.locator('select[name=category]')).toHaveValue('food');
  await expect(page.locator('input[name=kind][value=offer]')).toBeChecked();
  // The code took the typed values, not only the page: sent as they are, only the place is missing.
  await page.click('button[type=submit]');
  await expect(page.locator('#err-location')).toBeVisible();
  await expect(page.locator('#err-title')).toBeHidden();
  await expect(page.locator('#err-description')).toBeHidden();
  await expect(page.locator('#err-category')).toBeHidden();
  await expect(page.locator('input[name=title]')).toHaveValue('Soupe tapée tôt');
});

test('sign-up errors are clear and the email stays typed', async ({ page }) => {
  await open(page, '/signup');
  await page.fill('input[name=email]', 'not-an-email');
  await page.fill('input[name=display_name]', 'Zahra');
  await page.fill('input[name=password]', 'password1234');
  await page.click('button[type=submit]');
  await expect(page.locator('#err-email')).toHaveText('This email address does not look right.');
  await expect(page.locator('input[name=email]')).toHaveValue('not-an-email');
  await page.fill('input[name=email]', `${unique('z')}@example.org`);
  await page.click('button[type=submit]');
  await expect(page.locator('#err-password')).toHaveText(/too easy to guess/);
});
