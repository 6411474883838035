import { expect, test } from '@playwright/test';
import { arrived, chooseLanguage, logOut, open, PASSWORD, shot, signUp, unique } from './helpers';

// The SMTP sink the test server sends to (playwright.config.ts starts maildev).
const SINK = 'http://127.0.0.1:1080';

type Sunk = { subject: string; text: string; to: { address: string }[] };

/** The newest e-mail that reached the sink for `address` (waits for it). */
async function mailTo(address: string): Promise<Sunk> {
  let found: Sunk | undefined;
  await expect
    .poll(
      async () => {
        const all = (await (await fetch(`${SINK}/api/email`)).json()) as Sunk[];
        found = all.filter((m) => m.to.some((t) => t.address === address)).at(-1);
        return found !== undefined;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return found as Sunk;
}

test('a forgotten password: a link by e-mail in my language, a new password, every other session ended', async ({ page, browser }, info) => {
  const email = unique('forgot') + '@example.org';
  await signUp(page, email, 'Shirin');
  // Another device stays signed in, until the password changes.
  const other = await browser.newContext();
  const phone = await other.newPage();
  await open(phone, '/login');
  await phone.fill('input[name=email]', email);
  await phone.fill('input[name=password]', PASSWORD);
  await phone.click('button[type=submit]');
  await arrived(phone, /\/$/);
  await expect(phone.getByTestId('nav-me')).toBeVisible();
  await logOut(page);

  // In Farsi, from the login page.
  await open(page, '/login');
  await chooseLanguage(page, 'fa');
  await page.getByTestId('forgot-link').click();
  await arrived(page, /\/forgot$/);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('h1')).toHaveText('رمز عبور فراموش‌شده');
  // A plain form, sent without script. A wrong address is refused, and what was typed stays.
  await page.fill('input[name=email]', 'not an address');
  await page.click('button[type=submit]');
  await arrived(page, /\/forgot\/send$/);
  await expect(page.locator('#err-email')).toBeVisible();
  await expect(page.locator('input[name=email]')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('input[name=email]')).toHaveValue('not an address');
  await page.fill('input[name=email]', email);
  await page.click('button[type=submit]');
  await arrived(page, /\/forgot\?sent=1$/);
  await expect(page.getByTestId('forgot-sent')).toBeVisible();
  await shot(page, info, 'forgot-fa');

  // The e-mail, through a real SMTP server, in Farsi, with the link.
  const mail = await mailTo(email);
  expect(mail.subject).toBe('رمز عبور تازه انتخاب کنید');
  const link = mail.text.match(/https?:\/\/\S+\/reset\?token=[0-9a-f]{64}/)?.[0];
  expect(link, mail.text).toBeTruthy();
  const path = new URL(link as string).pathname + new URL(link as string).search;

  await open(page, path);
  await expect(page.locator('h1')).toHaveText('رمز عبور تازه انتخاب کنید');
  // Too weak: said next to the field.
  await page.fill('input[name=password]', 'password123');
  await page.click('button[type=submit]');
  await arrived(page, /\/reset\/save$/);
  await expect(page.locator('#err-password')).toBeVisible();
  await page.fill('input[name=password]', 'harbour-violet-meadow-77');
  await page.click('button[type=submit]');
  await arrived(page, /\/$/);
  await expect(page.getByTestId('nav-me')).toBeVisible();
  await shot(page, info, 'reset-done-fa');

  // The other device is signed out; the link does not work twice.
  await open(phone, '/profile');
  await expect(phone.getByTestId('nav-me')).toHaveCount(0);
  await other.close();
  await open(page, path);
  await page.fill('input[name=password]', 'another-quiet-harbour-88');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('reset-dead')).toBeVisible();
  await expect(page.getByTestId('reset-dead').locator('a')).toHaveAttribute('href', '/forgot');

  // The new password opens the account.
  await logOut(page);
  await open(page, '/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'harbour-violet-meadow-77');
  await page.click('button[type=submit]');
  await arrived(page, /\/$/);
  await expect(page.getByTestId('nav-me')).toBeVisible();
});

test('asking for an address with no account answers the same, and sends nothing', async ({ page }) => {
  const email = unique('nobody') + '@example.org';
  await open(page, '/forgot');
  await page.fill('input[name=email]', email);
  await page.click('button[type=submit]');
  await arrived(page, /\/forgot\?sent=1$/);
  await expect(page.getByTestId('forgot-sent')).toHaveText(/If an account uses this address/);
  await page.waitForTimeout(3_000);
  const all = (await (await fetch(`${SINK}/api/email`)).json()) as Sunk[];
  expect(all.filter((m) => m.to.some((t) => t.address === email))).toEqual([]);
});
