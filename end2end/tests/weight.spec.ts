import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { api, open, signUp, unique } from './helpers';

/** The first-load budget of each page, in brotli-compressed bytes of script (JS and wasm),
 * kept in `end2end/budget.json` so that no change can silently make the client heavier. */
const budget = JSON.parse(readFileSync('end2end/budget.json', 'utf8')) as {
  script_brotli_bytes: Record<string, number>;
  any_page_script_brotli_bytes: number;
};

/** The scripts, wasm and styles a page loads, with whether each came from the network. */
async function watch(page: Page) {
  const client = await page.context().newCDPSession(page);
  await client.send('Network.enable');
  const seen = new Map<string, { url: string; type: string; cached: boolean; status: number }>();
  client.on('Network.requestWillBeSent', (e) => {
    seen.set(e.requestId, { url: e.request.url, type: e.type ?? '', cached: false, status: 0 });
  });
  client.on('Network.requestServedFromCache', (e) => {
    const r = seen.get(e.requestId);
    if (r) r.cached = true;
  });
  client.on('Network.responseReceived', (e) => {
    const r = seen.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    r.cached ||= Boolean(e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker);
  });
  return {
    assets: () => [...seen.values()].filter((r) => /\/(pkg|vendor)\//.test(new URL(r.url).pathname)),
    clear: () => seen.clear(),
  };
}

/** Brotli size of a static file as served: the copy made at build time (`--precompress`). */
function brotliBytes(url: string): number {
  const file = `target/site${new URL(url).pathname}.br`;
  expect(existsSync(file), `${file} was precompressed`).toBe(true);
  return statSync(file).size;
}

test.describe('weight of a first visit', () => {
  test('each page loads at most its budget of script, any other page at most 500 KB, and a repeat visit downloads none', async ({ page, request }) => {
    // One listing and one event to visit.
    await signUp(page, `${unique('weight')}@example.org`, 'Wendy');
    const listingTitle = unique('Puncture repair');
    const activityTitle = unique('Repair workshop');
    const listing = (await api(page, 'create_listing', {
      form: {
        kind: 'offer', nature: 'service', category: 'repairs', title: listingTitle,
        description: 'Bring the wheel, I have the patches.', remote: false, price: '0',
        expires_in_days: '30', location: { lat: 48.8566, lng: 2.3522 },
      },
    })) as { id: number };
    const association = (await api(page, 'create_association', {
      form: {
        name: unique('Cyclistes'), description: 'Bicycle repair workshops for everyone.',
        address: '1 rue de Rivoli, Paris', location: { lat: 48.8566, lng: 2.3522 },
        website: '', contact: '', categories: ['repairs'],
      },
    })) as number;
    const start = Math.floor(Date.now() / 1000) + 86_400;
    const activity = (await api(page, 'create_activity', {
      association_id: association,
      form: {
        kind: 'event', title: activityTitle, description: 'Learn to fix your own bicycle.',
        category: 'repairs', online: false, address: '1 rue de Rivoli, Paris',
        location: { lat: 48.8566, lng: 2.3522 }, languages: ['fr'], skills: '',
        min_age: '', auto_accept: false, registration: false,
        slots: [{ starts_at: start, ends_at: start + 7200, capacity: '' }],
      },
    })) as number;

    const pages: Record<string, string> = {
      home: '/',
      listing: `/listings/${listing.id}`,
      activity: `/activities/${activity}`,
    };
    const report: Record<string, object> = {};
    for (const [name, path] of Object.entries(pages)) {
      // A first visit: a fresh browser context has an empty cache.
      const context = await page.context().browser()!.newContext({ locale: 'fr-FR' });
      const visitor = await context.newPage();
      const net = await watch(visitor);
      await open(visitor, path);
      // The page arrived whole, and names what it shows (tabs, history, screen readers).
      const own = ({ home: '', listing: listingTitle, activity: activityTitle } as Record<string, string>)[name];
      await expect(visitor).toHaveTitle(own ? `${own} · Entraide` : 'Entraide');
      const first = net.assets();
      const scripts = first.filter((r) => /\.(js|wasm)$/.test(new URL(r.url).pathname));
      expect(scripts.some((r) => r.url.endsWith('.wasm')), `${path} loads the wasm`).toBe(true);
      // Hashed names: the wasm, its JS and the lazy islands' files carry their content's hash.
      for (const r of scripts.filter((r) => r.url.includes('/pkg/'))) {
        expect(new URL(r.url).pathname, 'hashed file name').toMatch(/\/pkg\/[A-Za-z0-9_]+\.[A-Za-z0-9_-]{16,}\.(js|wasm)$/);
      }
      const bytes = scripts.reduce((sum, r) => sum + brotliBytes(r.url), 0);
      const styles = first.filter((r) => r.url.endsWith('.css')).reduce((sum, r) => sum + brotliBytes(r.url), 0);
      report[name] = { path, script_brotli_bytes: bytes, css_brotli_bytes: styles, files: scripts.map((r) => new URL(r.url).pathname) };
      expect(bytes, `${name} (${path}): ${bytes} brotli bytes of script`).toBeLessThanOrEqual(budget.script_brotli_bytes[name]);

      // A repeat visit: nothing of the front end comes from the network again.
      net.clear();
      await open(visitor, path);
      // Every request answered (a file the browser asks again must end in 304 Not Modified).
      await visitor.waitForLoadState('networkidle');
      const again = net.assets().filter((r) => !r.cached && r.status !== 304);
      expect(again.map((r) => r.url), `${path}, second visit`).toEqual([]);
      await context.close();
    }
    // Any other page, signed in as the association's manager, lazy islands and their files
    // included (the page is marked hydrated once its last island is): at most the issue's
    // 500 KB. The heaviest are the forms with a map and an event's page with its managers' panel.
    const others: Record<string, string> = {
      new_listing: '/listings/new',
      new_activity: `/associations/${association}/activities/new`,
      managed_event: `/activities/${activity}`,
      association: `/associations/${association}`,
      new_venue: '/venues/new',
      insights: '/insights',
      notifications: '/notifications',
      profile: '/profile',
      exchanges: '/exchanges',
      help: '/help',
    };
    const cookies = await page.context().cookies();
    for (const [name, path] of Object.entries(others)) {
      const context = await page.context().browser()!.newContext({ locale: 'fr-FR' });
      await context.addCookies(cookies);
      const visitor = await context.newPage();
      const net = await watch(visitor);
      await open(visitor, path);
      const scripts = net.assets().filter((r) => /\.(js|wasm)$/.test(new URL(r.url).pathname));
      const bytes = scripts.reduce((sum, r) => sum + brotliBytes(r.url), 0);
      report[name] = { path, script_brotli_bytes: bytes, files: scripts.length };
      expect(bytes, `${name} (${path}): ${bytes} brotli bytes of script`).toBeLessThanOrEqual(budget.any_page_script_brotli_bytes);
      await context.close();
    }

    // The served headers: a year, immutable, and the brotli copy when asked for it.
    const wasm = (report.home as { files: string[] }).files.find((f) => /^\/pkg\/entraide\.[A-Za-z0-9_-]+\.wasm$/.test(f));
    expect(wasm, 'the home page loads a hashed wasm').toBeTruthy();
    const res = await request.get(wasm!, { headers: { 'Accept-Encoding': 'br' } });
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers()['content-encoding']).toBe('br');
    expect((await request.get('/pkg/no-such-file.wasm')).headers()['cache-control']).toBeUndefined();

    mkdirSync('target', { recursive: true });
    writeFileSync('target/weight.json', JSON.stringify(report, null, 2));
    console.log('first-visit weight (brotli bytes):', JSON.stringify(report));
  });
});
