import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import {
  api, arrived, chooseLanguage, linkSentTo, logOut, mailTo, open, PASSWORD, secondPerson, serverCommand, shot, signUp, SINK,
  type Sunk, unique,
} from './helpers';

/** Signs Parisa up from a page in `lang` and proves her address with the e-mailed link, as she
 * would; answers the address. */
async function signUpProvenIn(page: Page, prefix: string, lang: string): Promise<string> {
  const email = unique(prefix) + '@example.org';
  await open(page, '/signup');
  await chooseLanguage(page, lang);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=display_name]', 'Parisa');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await arrived(page, /\/profile$/);
  await open(page, await linkSentTo(email, '/verify'));
  await page.getByTestId('verify-form').locator('button[type=submit]').click();
  await arrived(page, /\/verify\?done=1$/);
  return email;
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
  const mail = await mailTo(email, '/reset?token=');
  expect(mail.subject).toBe('رمز عبور تازه انتخاب کنید');
  const path = await linkSentTo(email, '/reset');

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

test('a new account proves its address with the e-mailed link, in my language, and then gets its welcome credits', async ({ page }, info) => {
  const email = unique('verify') + '@example.org';
  await open(page, '/signup');
  await chooseLanguage(page, 'ur');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=display_name]', 'Bilal');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await arrived(page, /\/profile$/);
  // The account works at once; the profile says what waits for the address.
  const notice = page.getByTestId('email-unverified');
  await expect(notice).toContainText(email);
  expect(((await api(page, 'my_balance', {})) as { balance: number }).balance).toBe(0);
  await shot(page, info, 'unverified-ur');

  // The e-mail arrived through a real SMTP server, in Urdu.
  const mail = await mailTo(email, '/verify?token=');
  expect(mail.subject).toBe('اپنے ای میل پتے کی تصدیق کریں');
  // Sending it again says so, and keeps the notice.
  await page.getByTestId('email-resend').click();
  await arrived(page, /\/profile\?resent=1$/);
  await expect(page.getByTestId('email-resent')).toBeVisible();

  // The link shows a button (opening it proves nothing by itself); pressing it does.
  await open(page, await linkSentTo(email, '/verify'));
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('h1')).toHaveText('اپنے ای میل پتے کی تصدیق کریں');
  await shot(page, info, 'verify-ur');
  await page.getByTestId('verify-form').locator('button[type=submit]').click();
  await arrived(page, /\/verify\?done=1$/);
  await expect(page.getByTestId('verify-done')).toBeVisible();
  await open(page, '/profile');
  await expect(page.getByTestId('nav-me')).toBeVisible();
  await expect(notice).toHaveCount(0);
  expect(((await api(page, 'my_balance', {})) as { balance: number }).balance).toBe(20);

  // Everything stored about me, as a file, from the profile.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-link').click()]);
  expect(download.suggestedFilename()).toMatch(/^entraide-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(data.profile.email).toBe(email);
  expect(data.profile.password_hash).toBeUndefined();
  expect(data.readme.ledger).toContain('movements');
  expect(data.ledger.entries.map((e: { delta: number }) => e.delta)).toEqual([20]);

  // A made-up link says it no longer works, and where to ask for another.
  await open(page, '/verify?token=' + '0'.repeat(64));
  await page.getByTestId('verify-form').locator('button[type=submit]').click();
  await expect(page.getByTestId('verify-dead')).toBeVisible();
  await expect(page.getByTestId('verify-dead').locator('a')).toHaveAttribute('href', '/profile');
});

test('a proposal on my listing reaches me by e-mail in my language; its link opens the exchange; one click stops such e-mails', async ({ page, browser }, info) => {
  // Parisa reads Farsi; her address is proven.
  const email = await signUpProvenIn(page, 'parisa', 'fa');
  const title = unique('Children’s books');
  const listing = (await api(page, 'create_listing', {
    form: {
      kind: 'offer', nature: 'good', category: 'other', title, description: 'A box of picture books, ages 3 to 6.',
      remote: false, price: '0', expires_in_days: '30', location: { lat: 48.8566, lng: 2.3522 },
    },
  })) as { id: number };

  // A neighbour proposes.
  const omar = await secondPerson(browser, info, 'fr-FR');
  await signUp(omar, unique('omar') + '@example.org', 'Omar', { verify: true });
  const exchange = (await api(omar, 'propose_exchange', { listing_id: listing.id, message: '' })) as number;

  // The e-mail: in Farsi, naming Omar and the listing, with the exchange's link and a way to stop.
  const mail = await mailTo(email, `/exchanges/${exchange}`);
  expect(mail.subject).toBe(`پیشنهاد تازه برای «${title}»`);
  expect(mail.text).toContain('Omar');
  await open(page, await (async () => {
    const link = mail.text.match(/https?:\/\/\S+\/exchanges\/\d+/)?.[0] as string;
    return new URL(link).pathname;
  })());
  await expect(page.getByTestId('nav-me')).toBeVisible();
  await expect(page.locator('h1')).toContainText(title);

  // One click on "stop", then a button: no more e-mails about proposals, and the profile says so.
  const stop = mail.text.match(/https?:\/\/\S+\/unsubscribe\?key=[0-9a-f]{64}&kind=proposal/)?.[0] as string;
  expect(stop, mail.text).toBeTruthy();
  await open(page, new URL(stop).pathname + new URL(stop).search);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await shot(page, info, 'unsubscribe-fa');
  await page.getByTestId('unsub-form').locator('button[type=submit]').click();
  await arrived(page, /\/unsubscribe\?done=1$/);
  await expect(page.getByTestId('unsub-done')).toBeVisible();
  await open(page, '/profile');
  await expect(page.getByTestId('mail-on-proposal')).not.toBeChecked();
  await expect(page.getByTestId('mail-on-answer')).toBeChecked();
  await page.getByTestId('mail-prefs').scrollIntoViewIfNeeded();
  await shot(page, info, 'mail-prefs-fa');
  // Switched back on from the profile, by keyboard.
  await page.getByTestId('mail-on-proposal').focus();
  await page.keyboard.press('Space');
  await page.getByTestId('mail-prefs-save').click();
  await arrived(page, /\/profile\?mail=saved/);
  await expect(page.getByTestId('mail-prefs-saved')).toBeVisible();
  await expect(page.getByTestId('mail-on-proposal')).toBeChecked();
});

test('my account: a new password behind the current one signs my other devices out; deleting the account erases me and signs me out', async ({ page, browser }, info) => {
  const email = unique('nadia') + '@example.org';
  await signUp(page, email, 'Nadia', { verify: true });
  // Another device, signed in.
  const other = await browser.newContext();
  const phone = await other.newPage();
  await open(phone, '/login');
  await phone.fill('input[name=email]', email);
  await phone.fill('input[name=password]', PASSWORD);
  await phone.click('button[type=submit]');
  await arrived(phone, /\/$/);

  // From the profile, in French.
  await open(page, '/profile');
  await chooseLanguage(page, 'fr');
  await page.getByTestId('account-link').click();
  await arrived(page, /\/account$/);
  await expect(page.locator('h1')).toHaveText('Mon compte');
  await expect(page.getByTestId('account-email')).toContainText(email);
  // A wrong current password: said next to it, nothing changed.
  const pw = page.getByTestId('account-password');
  await pw.locator('input[name=current]').fill('pas-le-bon-du-tout');
  await pw.locator('input[name=password]').fill('harbour-quince-meadow-77');
  await pw.locator('button[type=submit]').click();
  await arrived(page, /\/account\/password$/);
  await expect(page.locator('#err-pw-current')).toHaveText('Ce n’est pas votre mot de passe actuel.');
  await expect(page.locator('#pw-current')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, info, 'account-fr');
  await pw.locator('input[name=current]').fill(PASSWORD);
  await pw.locator('input[name=password]').fill('harbour-quince-meadow-77');
  await pw.locator('button[type=submit]').click();
  await arrived(page, /\/account\?done=password$/);
  await expect(page.getByTestId('account-done')).toBeVisible();
  await expect(page.getByTestId('nav-me')).toBeVisible();
  // The other device is signed out; the address was told, in French.
  await open(phone, '/profile');
  await expect(phone.getByTestId('nav-me')).toHaveCount(0);
  const told = await mailTo(email, '/forgot');
  expect(told.subject).toBe('Votre mot de passe Entraide a été changé');

  // Leaving, in Arabic, by keyboard: the password, then Enter.
  await chooseLanguage(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByTestId('account-delete').scrollIntoViewIfNeeded();
  await shot(page, info, 'account-ar');
  await page.locator('#delete-current').fill('harbour-quince-meadow-77');
  await page.locator('#delete-current').press('Enter');
  await arrived(page, /\/privacy\?deleted=1$/);
  await expect(page.getByTestId('account-deleted')).toBeVisible();
  await expect(page.getByTestId('nav-me')).toHaveCount(0);
  await expect(page.getByTestId('privacy-kept')).toBeVisible();
  await shot(page, info, 'deleted-ar');
  // The account no longer opens.
  await open(page, '/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'harbour-quince-meadow-77');
  await page.click('button[type=submit]');
  await expect(page.getByTestId('form-error')).toBeVisible();
  await other.close();
});

test('the day before an event I hold a place at, a reminder arrives in my language, and its link opens the event', async ({ page, browser }, info) => {
  // Parisa reads Farsi; her address is proven.
  const email = await signUpProvenIn(page, 'reminded', 'fa');

  // An association's event in 30 hours; she takes a place.
  const owner = await secondPerson(browser, info, 'fr-FR');
  await signUp(owner, unique('asso') + '@example.org', 'Nour', { verify: true });
  const association = (await api(owner, 'create_association', {
    form: {
      name: unique('Voisins'), description: 'Neighbours who cook together.', address: '1 rue de Rivoli, Paris',
      location: { lat: 48.8566, lng: 2.3522 }, website: '', contact: '', categories: ['food'],
    },
  })) as number;
  const now = Math.floor(Date.now() / 1000);
  const start = now + 30 * 3600;
  const title = unique('Repas partagé');
  const activity = (await api(owner, 'create_activity', {
    association_id: association,
    form: {
      kind: 'event', title, description: 'A shared meal.', category: 'food', online: false,
      address: '1 rue de Rivoli, Paris', location: { lat: 48.8566, lng: 2.3522 }, languages: ['fr', 'fa'],
      skills: '', min_age: '', auto_accept: false, registration: true,
      slots: [{ starts_at: start, ends_at: start + 7200, capacity: '10' }],
    },
  })) as number;
  const slot = ((await api(page, 'activity', { id: activity })) as { slots: { id: number }[] }).slots[0].id;
  expect(await api(page, 'sign_up', { slot_id: slot })).toBe('Registered');

  // Seventeen hours before the start (the mail job's clock moved forward), the reminder is written
  // and the server sends it through the real SMTP server.
  serverCommand(info, ['mail-due'], { MAIL_AT: String(now + 13 * 3600) });
  const mail = await mailTo(email, `/activities/${activity}`);
  expect(mail.subject.startsWith(`یادآوری: «${title}»`), mail.subject).toBe(true);
  expect(mail.text).toContain('/unsubscribe?key=');
  const link = mail.text.match(/https?:\/\/\S+\/activities\/\d+/)?.[0] as string;
  await open(page, new URL(link).pathname);
  await expect(page.locator('h1')).toContainText(title);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
});
