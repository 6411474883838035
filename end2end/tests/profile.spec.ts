import { expect, test } from '@playwright/test';
import { open, pickOnMap, shot, signUp, unique } from './helpers';

test('the profile keeps languages, a bio and a private home area', async ({ page }, info) => {
  await signUp(page, `${unique('p')}@example.org`, 'Reza');
  await open(page, '/profile');
  await page.fill('textarea[name=bio]', 'I fix bikes and speak Farsi.');
  await page.check('input[name=languages][value=fa]');
  await page.check('input[name=languages][value=fr]');
  await expect(page.getByTestId('home-state')).toHaveText('No home area yet.');
  await pickOnMap(page, 'home-map');
  await expect(page.getByTestId('home-state')).toHaveText('Home area chosen');
  // The editor's own button (the profile also has the e-mail notice's and the e-mail choices').
  await page.locator('form:has(textarea[name=bio]) button[type=submit]').click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await shot(page, info, 'profile');

  // After a reload everything is still there.
  await open(page, '/profile');
  await expect(page.locator('textarea[name=bio]')).toHaveValue('I fix bikes and speak Farsi.');
  await expect(page.locator('input[name=languages][value=fa]')).toBeChecked();
  await expect(page.getByTestId('home-state')).toHaveText('Home area chosen');

  // A listing without a picked point uses the home area.
  await open(page, '/listings/new');
  await page.check('input[name=nature][value=service]');
  await page.selectOption('select[name=category]', 'repairs');
  const title = unique('Bike repairs');
  await page.fill('input[name=title]', title);
  await page.fill('textarea[name=description]', 'Punctures, brakes and chains, on Saturdays.');
  await page.click('button[type=submit]');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});

test('pages that need an account say so', async ({ page }) => {
  await open(page, '/listings/new');
  await expect(page.getByTestId('login-required')).toBeVisible();
  await open(page, '/profile');
  await expect(page.getByTestId('login-required')).toBeVisible();
});
