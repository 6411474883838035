import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { fitsTheScreen, open, shot, signUp, unique } from './helpers';

// The other tests block service workers (playwright.config.ts): these are about them.
test.use({ serviceWorkers: 'allow' });

/** Waits until the service worker has kept the built site and controls the page. */
async function controlled(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done));
    }
  });
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
    await page.getByTestId('logout').click();
    await expect(page.getByTestId('logout')).toHaveCount(0);
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
