import { expect, test } from '@playwright/test';
import { fitsTheScreen, open, openMore, shot, signUp, unique } from './helpers';

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

test.describe('in Farsi', () => {
  test.use({ locale: 'fa-IR', extraHTTPHeaders: { 'Accept-Language': 'fa-IR,fa;q=0.9' } });

  test('the help page and a form speak Farsi, right to left, and fit a phone', async ({ page }, info) => {
    await open(page, '/help');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('خوردن، شست‌وشو، خوابیدن، درمان: کمک در نزدیکی شما');
    await expect(page.getByTestId('help-submit')).toHaveText('نشان بده');
    await shot(page, info, 'help-fa');
    await fitsTheScreen(page);
    await open(page, '/signup');
    await page.fill('input[name=email]', 'x');
    await page.click('button[type=submit]');
    await expect(page.locator('#err-email')).toHaveText('این نشانی ایمیل درست به نظر نمی‌رسد.');
    await shot(page, info, 'signup-fa');
    await fitsTheScreen(page);
  });
});

test('Urdu from the language menu, where every language is named in its own script', async ({ page }, info) => {
  await open(page, '/');
  const names = await page.locator('[data-testid=lang-select] option').allTextContents();
  expect(names).toEqual(expect.arrayContaining(['Français', 'العربية', 'فارسی', 'اردو']));
  await page.selectOption('[data-testid=lang-select]', 'ur');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ur');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('نقشے پر نظر آنے والے اشتہارات');
  await shot(page, info, 'home-ur');
  await open(page, '/help');
  await openMore(page);
  await expect(page.getByRole('link', { name: 'میرے قریب مدد' }).first()).toBeVisible();
  await shot(page, info, 'help-ur');
  await fitsTheScreen(page);
  // The choice is kept for the next pages.
  await open(page, '/signup');
  await page.fill('input[name=email]', 'x');
  await page.click('button[type=submit]');
  await expect(page.locator('#err-email')).toHaveText('یہ ای میل پتہ درست نہیں لگتا۔');
  await shot(page, info, 'signup-ur');
});
