import { expect, test } from '@playwright/test';
import { open, shot, signUp, unique } from './helpers';

test('switching to Arabic turns the page right to left, and the choice is kept', async ({ page }, info) => {
  await open(page, '/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.selectOption('[data-testid=lang-select]', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('الإعلانات الظاهرة');
  // The header starts on the right in right-to-left.
  const brand = await page.locator('.brand').boundingBox();
  const width = page.viewportSize()!.width;
  expect(brand!.x + brand!.width).toBeGreaterThan(width / 2);
  await shot(page, info, 'home-ar');

  await page.reload();
  await page.waitForSelector('body[data-hydrated=true]');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('link', { name: 'الخريطة' }).first()).toBeVisible();

  await open(page, '/signup');
  await page.fill('input[name=email]', 'x');
  await page.click('button[type=submit]');
  await expect(page.locator('#err-email')).toHaveText('يبدو أن هذا البريد الإلكتروني غير صحيح.');
  await shot(page, info, 'signup-ar');
});

test.describe('in French', () => {
  test.use({ locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });

  test('the language follows the browser and the forms speak French', async ({ page }, info) => {
    await open(page, '/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Annonces visibles');
    await shot(page, info, 'home-fr');
    await signUp(page, `${unique('f')}@example.org`, 'Chloé');
    await open(page, '/listings/new');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Publier une annonce');
    await page.click('button[type=submit]');
    await expect(page.locator('#err-title')).toHaveText('Ce champ est obligatoire.');
    await shot(page, info, 'new-listing-fr');
  });
});
