import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { api, fitsTheScreen, logOut, open, pickOnMap, secondPerson, shot, signUp, unique } from './helpers';

// The other tests block service workers (playwright.config.ts): these are about them.
test.use({ serviceWorkers: 'allow' });

/** Waits until the service worker has kept the built site and controls the page.
 *
 * A page whose navigation began while the worker was still installing is, by the spec, left
 * uncontrolled: `clients.claim()` skips a document that is not yet running, and the navigation
 * found no active worker. A real visitor's next page is controlled; so is the test's, once the
 * page is opened again (a navigation waits for an activating worker). */
async function controlled(page: Page) {
  const now = () =>
    page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller) return true;
      return new Promise<boolean>((done) => {
        navigator.serviceWorker.addEventListener('controllerchange', () => done(true));
        setTimeout(() => done(navigator.serviceWorker.controller !== null), 5_000);
      });
    });
  if (await now()) return;
  await open(page, new URL(page.url()).pathname);
  expect(await now(), 'a page opened once the service worker is active is controlled').toBe(true);
}

/** The names of the caches this site keeps in the browser. */
async function cacheNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => caches.keys());
}

test('Chromium finds the app installable, with its icons, shortcuts and language', async ({ baseURL, launchOptions }) => {
  // Chromium offers no install in a private window (Playwright's usual context): a profile.
  const profile = mkdtempSync(join(tmpdir(), 'entraide-install-'));
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
  try {
    await context.addCookies([{ name: 'i18n_pref_locale', value: 'fa', url: baseURL! }]);
    const page = context.pages()[0] ?? (await context.newPage());
    await open(page, '/');
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const { url, errors } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);
    const manifest = await (await page.request.get(url)).json();
    expect(manifest.lang).toBe('fa');
    expect(manifest.dir).toBe('rtl');
    expect(manifest.shortcuts.map((s: { url: string }) => s.url)).toEqual(['/listings/new', '/help']);
    expect(manifest.shortcuts[1].name).toBe('کمک در نزدیکی من');
    const sizes = manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    for (const icon of manifest.icons) {
      const answer = await page.request.get(icon.src);
      expect(answer.status(), icon.src).toBe(200);
      expect(answer.headers()['content-type']).toBe(icon.type);
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test.describe('in French', () => {
  test.use({ locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });

  test('pages opened stay readable offline, marked as copies; a page never opened says so; logging out forgets them', async ({ page, context }, info) => {
    const name = `Hors-ligne ${unique('o')}`;
    await signUp(page, `${unique('o')}@example.org`, name);
    await open(page, '/help');
    await controlled(page);
    // Opened again now that the service worker answers: a copy is kept.
    await open(page, '/help');
    // The built site is on the phone: the wasm among the files kept.
    const kept = await page.evaluate(async () => {
      const names = await caches.keys();
      const files = await caches.open(names.find((n) => n.startsWith('entraide-static-'))!);
      return (await files.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(kept.some((p) => p.endsWith('.wasm'))).toBe(true);
    expect(kept).toContain('/offline');
    await open(page, '/profile');
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);

    await context.setOffline(true);
    await page.reload();
    // The copy hydrates from the files kept on the phone, and says it is a copy and from when.
    await page.waitForSelector('body[data-hydrated=true]');
    const banner = page.getByTestId('offline-banner');
    await expect(banner).toContainText('Hors connexion. Copie gardée sur ce téléphone :');
    await expect(banner).toContainText(String(new Date().getFullYear()));
    await expect(page.locator('input[name=display_name]')).toHaveValue(name);
    await shot(page, info, 'offline-copy-fr');
    await fitsTheScreen(page);

    // A page never opened: the offline page, with the pages that can be read.
    await page.goto('/associations');
    await expect(page.getByTestId('offline-page')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vous êtes hors connexion');
    const saved = page.getByTestId('saved-pages').getByRole('link');
    await expect(saved).not.toHaveCount(0);
    // Titled as their tabs were, newest first: the help list was the last page opened.
    const titles = await saved.allTextContents();
    expect(titles.length).toBeGreaterThanOrEqual(2);
    expect(titles.every((t) => t.includes('Entraide'))).toBe(true);
    await expect(page.locator('#offline-retry')).toHaveAttribute('href', /\/associations$/);
    await shot(page, info, 'offline-page-fr');

    // Back online: the banner says so and offers the live page.
    await page.goto('/help');
    await context.setOffline(false);
    await expect(banner).toHaveAttribute('data-kind', 'copy');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect(banner.getByRole('link', { name: 'Recharger la page' })).toBeVisible();
    await open(page, '/help');
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);

    // Logging out clears the copies of this person's pages from the phone.
    expect(await cacheNames(page)).toContain('entraide-pages');
    await logOut(page);
    await expect.poll(async () => (await cacheNames(page)).includes('entraide-pages')).toBe(false);
  });
});

for (const lang of ['fa', 'ur']) {
  test(`offline in ${lang === 'fa' ? 'Farsi' : 'Urdu'}: the banner and the offline page read right to left`, async ({ page, context, baseURL }, info) => {
    await context.addCookies([{ name: 'i18n_pref_locale', value: lang, url: baseURL! }]);
    await open(page, '/help');
    await controlled(page);
    await open(page, '/help');
    await context.setOffline(true);
    await page.reload();
    const banner = page.getByTestId('offline-banner');
    await expect(banner).toContainText(lang === 'fa' ? 'آفلاین.' : 'آف لائن۔');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await shot(page, info, `offline-copy-${lang}`);
    await fitsTheScreen(page);
    await page.goto('/venues');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'fa' ? 'شما آفلاین هستید' : 'آپ آف لائن ہیں');
    await expect(page.getByTestId('saved-pages').getByRole('link')).not.toHaveCount(0);
    await shot(page, info, `offline-page-${lang}`);
  });
}

/** What waits in the phone's outbox (the service worker's IndexedDB store). */
async function outboxItems(page: Page): Promise<{ key: string; path: string; body: string; state: string }[]> {
  return page.evaluate(
    () =>
      new Promise((done) => {
        const open = indexedDB.open('entraide-outbox', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('items', { keyPath: 'key' });
        open.onsuccess = () => {
          const read = open.result.transaction('items').objectStore('items').getAll();
          read.onsuccess = () => done(read.result);
        };
      }),
  );
}

test.describe('writing offline, in French', () => {
  test.use({ locale: 'fr-FR', extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' } });

  test('a new version taking over an open page offers to reload it', async ({ page }) => {
    await open(page, '/help');
    await controlled(page);
    await open(page, '/help');
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);
    // Another worker script for the same scope: the browser installs it as a new version.
    await page.evaluate(() => navigator.serviceWorker.register('/sw.js?next=1'));
    const banner = page.getByTestId('offline-banner');
    await expect(banner).toHaveAttribute('data-kind', 'update');
    await expect(banner).toContainText('Une nouvelle version d’Entraide est prête.');
    await banner.getByRole('link', { name: 'Recharger la page' }).click();
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  });

  test('a listing, messages and a sign-up wait on the phone and are sent once when the connection returns; refusals keep what was typed', async ({ page, context, browser }, info) => {
    test.setTimeout(150_000);
    await signUp(page, `${unique('amina')}@example.org`, 'Amina');
    const bob = await secondPerson(browser, info, 'fr-FR');
    await signUp(bob, `${unique('bob')}@example.org`, 'Bob');
    const offer = (title: string) => ({
      form: {
        kind: 'offer', nature: 'good', category: 'repairs', title, description: 'A toolbox to lend for the weekend.',
        remote: false, price: '0', expires_in_days: '30', location: { lat: 48.8566, lng: 2.3522 },
      },
    });
    const drill = (await api(bob, 'create_listing', offer(unique('Drill')))) as { id: number };
    const ladder = (await api(bob, 'create_listing', offer(unique('Ladder')))) as { id: number };
    const kept = (await api(page, 'propose_exchange', { listing_id: drill.id, message: '' })) as number;
    const declined = (await api(page, 'propose_exchange', { listing_id: ladder.id, message: '' })) as number;
    const association = (await api(bob, 'create_association', {
      form: {
        name: unique('Voisins'), description: 'Neighbours who fix things together.', address: '1 rue de Rivoli, Paris',
        location: { lat: 48.8566, lng: 2.3522 }, website: '', contact: '', categories: ['repairs'],
      },
    })) as number;
    const start = Math.floor(Date.now() / 1000) + 86_400;
    const eventTitle = unique('Atelier vélo');
    const activity = (await api(bob, 'create_activity', {
      association_id: association,
      form: {
        kind: 'event', title: eventTitle, description: 'One seat left at the repair bench.', category: 'repairs',
        online: false, address: '1 rue de Rivoli, Paris', location: { lat: 48.8566, lng: 2.3522 }, languages: ['fr'],
        skills: '', min_age: '', auto_accept: false, registration: true,
        slots: [{ starts_at: start, ends_at: start + 7200, capacity: '1' }],
      },
    })) as number;

    await open(page, '/listings/new');
    await controlled(page);
    // Opened while connected, now that the service worker answers: copies kept on the phone.
    const pages = ['/listings/new', `/exchanges/${kept}`, `/exchanges/${declined}`, `/activities/${activity}`];
    for (const path of pages) await open(page, path);

    // Offline, from the copies: a listing written and posted waits on the phone.
    await context.setOffline(true);
    const title = unique('Perceuse à prêter');
    await open(page, '/listings/new');
    await page.check('input[name=kind][value=offer]');
    await page.check('input[name=nature][value=good]');
    await page.selectOption('select[name=category]', 'repairs');
    await page.fill('input[name=title]', title);
    await page.fill('textarea[name=description]', 'Une perceuse sans fil, à rendre le dimanche.');
    await pickOnMap(page, 'listing-location-map');
    await page.click('button[type=submit]');
    await expect(page.getByText('Pas de connexion : c’est gardé sur votre téléphone')).toBeVisible();
    const outbox = page.getByTestId('outbox');
    await expect(outbox.getByTestId('outbox-item')).toHaveCount(1);
    await expect(outbox).toContainText(`Annonce · ${title}`);
    await expect(outbox).toContainText('Sera envoyé quand la connexion reviendra.');
    await shot(page, info, 'outbox-waiting-fr');
    await fitsTheScreen(page);

    // Two messages, one in an exchange that Bob declines meanwhile.
    for (const [id, text] of [[kept, 'Je passe samedi à 10 h ?'], [declined, 'Et l’échelle, dimanche ?']] as const) {
      await open(page, `/exchanges/${id}`);
      await page.getByTestId('message-body').fill(text);
      await page.getByTestId('send').click();
      await expect(page.getByText('Pas de connexion : c’est gardé sur votre téléphone')).toBeVisible();
      // Kept in the outbox, so the box is free for the next message.
      await expect(page.getByTestId('message-body')).toHaveValue('');
    }
    await api(bob, 'act_on_exchange', { id: declined, action: 'Decline' });

    // A sign-up for the event's last seat; Bob takes it before the phone is back online.
    await open(page, `/activities/${activity}`);
    await page.getByTestId('sign-up').click();
    await expect(page.getByText('Pas de connexion : c’est gardé sur votre téléphone')).toBeVisible();
    await expect(outbox.getByTestId('outbox-item')).toHaveCount(4);
    const waiting = await outboxItems(page);
    expect(waiting.map((i) => i.path).sort()).toEqual(
      ['/api/create_listing', '/api/send_message', '/api/send_message', '/api/sign_up'].sort(),
    );
    // Each with its own key, chosen on the phone.
    expect(new Set(waiting.map((i) => JSON.parse(i.body).key)).size).toBe(4);
    const bobSlot = Number(
      await bob.evaluate(async (id) => {
        const html = await (await fetch(`/activities/${id}`)).text();
        return html.match(/data-slot="(\d+)"/)?.[1] ?? '';
      }, activity),
    );
    expect(bobSlot).toBeGreaterThan(0);
    expect(await api(bob, 'sign_up', { slot_id: bobSlot })).toBe('Registered');

    // Back online: everything is sent, in order, and each result said.
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const sent = outbox.getByTestId('outbox-sent');
    await expect(sent).toHaveCount(3);
    await expect(sent.nth(0)).toContainText(`Envoyé : Annonce · ${title}`);
    await expect(sent.nth(1)).toContainText('Envoyé : Message');
    await expect(sent.nth(2)).toContainText('l’événement s’est rempli entre-temps : vous êtes sur la liste d’attente');
    // The refused message stays, with the reason and what was typed.
    const refused = outbox.locator('[data-testid=outbox-item][data-state=refused]');
    await expect(refused).toHaveCount(1);
    await expect(refused.getByRole('alert')).toContainText('Pas envoyé : ce n’est plus possible');
    await expect(refused.getByRole('textbox')).toHaveValue('Et l’échelle, dimanche ?');
    await expect(outbox.locator('[data-state=waiting]')).toHaveCount(0);
    await expect(outbox.getByRole('heading', { level: 2 })).toHaveText('Pas envoyé');
    await shot(page, info, 'outbox-sent-fr');
    await fitsTheScreen(page);

    // The new listing is published, once.
    await sent.nth(0).getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

    // Bob reads the message once, even when the phone sends it again with its key (a flaky line).
    const message = waiting.find((i) => JSON.parse(i.body).id === kept)!;
    await api(page, 'send_message', JSON.parse(message.body));
    await open(bob, `/exchanges/${kept}`);
    await expect(bob.getByTestId('messages').getByText('Je passe samedi à 10 h ?')).toHaveCount(1);
    await open(page, `/activities/${activity}`);
    await expect(page.getByTestId('my-status')).toHaveAttribute('data-status', 'waiting');

    // Removing the refused message empties the outbox.
    await page.getByTestId('outbox-dismiss').click();
    await expect(page.getByTestId('outbox')).toHaveCount(0);
    expect(await outboxItems(page)).toEqual([]);
    await bob.context().close();
  });
});
