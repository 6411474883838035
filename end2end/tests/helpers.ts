import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';

type Watched = { panics: string[]; errors: string[]; pending: Set<string> };
const watched = new WeakMap<Page, Watched>();

/** Wasm panics (a failed hydration leaves a page that looks fine and does nothing), and the
 * console errors around them (a debug build says there which element failed to hydrate). */
function watchPanics(page: Page): Watched {
  let seen = watched.get(page);
  if (!seen) {
    const list: Watched = { panics: [], errors: [], pending: new Set() };
    page.on('request', (r) => list.pending.add(r.url()));
    page.on('requestfinished', (r) => list.pending.delete(r.url()));
    page.on('requestfailed', (r) => list.pending.delete(r.url()));
    page.on('pageerror', (e) => list.errors.push(`page error: ${e.message}`.slice(0, 2000)));
    page.on('requestfailed', (r) => list.errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('console', (m) => {
      if (m.type() === 'warning') list.errors.push(`warning: ${m.text().slice(0, 500)}`);
      if (m.type() !== 'error') return;
      if (m.text().includes('panicked')) list.panics.push(m.text().split('\n')[0]);
      list.errors.push(m.text().slice(0, 2000));
    });
    watched.set(page, list);
    seen = list;
  }
  return seen;
}

/** Clicks do nothing before hydration: wait for the app to mark the page, and fail if
 * hydrating it panicked. There is no second try: a page that fails to hydrate has dead buttons,
 * and a reload would hide it (scripts/render_load.sh checks that the server never renders a page
 * broken by a disposed reactive value). */
export async function open(page: Page, path: string) {
  const seen = watchPanics(page);
  seen.panics.length = 0;
  seen.errors.length = 0;
  const response = await page.goto(path);
  await hydrated(page, seen);
  await page.waitForTimeout(200);
  if (seen.panics.length > 0) {
    // What the server sent and what the browser made of it, for whoever reads the failure.
    const sent = (await response?.text()) ?? '';
    const now = await page.content();
    const dir = test.info().outputDir;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'served.html'), sent);
    writeFileSync(join(dir, 'after-hydration.html'), now);
    const lang = sent.match(/<html[^>]*>/)?.[0] ?? '';
    const data = [...sent.matchAll(/__RESOLVED_RESOURCES\[(\d+)\] = "(.{0,80})/g)].map((m) => `${m[1]}: ${m[2]}`);
    const main = sent.slice(sent.indexOf('<body'), sent.indexOf('<body') + 3000);
    seen.errors.push(`served ${lang}\nresources:\n${data.join('\n')}\nbody: ${main}`);
  }
  expect(seen.panics, `hydrating ${path} panicked:\n${seen.errors.join('\n')}`).toEqual([]);
}

/** Waits for the page's last island to mark it hydrated; says what went wrong if it never does. */
async function hydrated(page: Page, seen: Watched) {
  try {
    await page.waitForSelector('body[data-hydrated=true]', { timeout: 30_000 });
  } catch (e) {
    const islands = await page
      .locator('leptos-island')
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.component ?? '?'))
      .catch(() => []);
    const pending = [...seen.pending].filter((u) => !u.endsWith('/events/unread'));
    throw new Error(
      `${page.url()} never finished hydrating (islands: ${islands.join(', ')}; requests without an answer: ${pending.join(', ') || 'none'}):\n${seen.errors.join('\n')}\n${e}`,
    );
  }
}

/** After a click that loads another page: waits for its address, then for its islands to
 * hydrate (a click before that would do nothing), and fails if hydrating panicked. */
export async function arrived(page: Page, url: RegExp | string) {
  const seen = watchPanics(page);
  await expect(page).toHaveURL(url);
  await hydrated(page, seen);
  expect(seen.panics, `hydrating ${page.url()} panicked:\n${seen.errors.join('\n')}`).toEqual([]);
}

/** Chooses a language in the header's menu: the page loads again in it (wait for that before
 * going anywhere else, or the next navigation races the reload). */
export async function chooseLanguage(page: Page, lang: string) {
  const seen = watchPanics(page);
  await page.selectOption('[data-testid=lang-select]', lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await hydrated(page, seen);
  expect(seen.panics, `hydrating ${page.url()} panicked:\n${seen.errors.join('\n')}`).toEqual([]);
}

export function unique(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

export const PASSWORD = 'lantern-orbit-cobalt-42';

/** Signs up; with `verify`, also proves the address with the e-mailed link (the welcome grant
 * waits for it, and an unproven account makes few proposals a day). */
export async function signUp(page: Page, email: string, name: string, { verify = false } = {}) {
  await open(page, '/signup');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=display_name]', name);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await arrived(page, /\/profile$/);
  await expect(page.getByTestId('nav-me')).toBeVisible();
  if (verify) await verifyEmail(page, email);
}

// The SMTP sink the main test server sends to (playwright.config.ts starts maildev).
export const SINK = 'http://127.0.0.1:1080';

export type Sunk = { subject: string; text: string; to: { address: string }[] };

/** The newest e-mail that reached the sink for `address` whose text has `containing` (waits). */
export async function mailTo(address: string, containing = ''): Promise<Sunk> {
  let found: Sunk | undefined;
  await expect
    .poll(
      async () => {
        const all = (await (await fetch(`${SINK}/api/email`)).json()) as Sunk[];
        found = all
          .filter((m) => m.to.some((t) => t.address === address) && m.text.includes(containing))
          .at(-1);
        return found !== undefined;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return found as Sunk;
}

/** The path and query of the newest link to `path` (`/verify`, `/reset`) e-mailed to `address`. */
export async function linkSentTo(address: string, path: string): Promise<string> {
  const mail = await mailTo(address, `${path}?token=`);
  const link = mail.text.match(new RegExp(`https?://\\S+${path.replace('/', '\\/')}\\?token=[0-9a-f]{64}`))?.[0];
  expect(link, mail.text).toBeTruthy();
  const url = new URL(link as string);
  return url.pathname + url.search;
}

/** Proves `email`'s address as its owner does: the link from the sink, then its button. */
export async function verifyEmail(page: Page, email: string) {
  await open(page, await linkSentTo(email, '/verify'));
  await page.getByTestId('verify-form').locator('button[type=submit]').click();
  await arrived(page, /\/verify\?done=1$/);
  await expect(page.getByTestId('verify-done')).toBeVisible();
}

/** Opens the header's "More" menu when it is folded (on a phone). */
export async function openMore(page: Page) {
  const toggle = page.getByTestId('more-toggle');
  if (await toggle.isVisible()) {
    if ((await page.getByTestId('more').getAttribute('open')) === null) await toggle.click();
  }
}

/** Logs out through the header's "More" menu. */
export async function logOut(page: Page) {
  await openMore(page);
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('nav-me')).toHaveCount(0);
}

/** A screenshot kept for people to look at (not compared). */
export async function shot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: `end2end/screenshots/${info.project.name}-${name}.png`, fullPage: true });
}

/** Taps the map of a form at a spot and checks the point was taken. Tests that run at the same
 * time pick different spots, so that their pins do not cover each other on the home map. */
export async function pickOnMap(page: Page, mapId: string, position = { x: 140, y: 120 }) {
  const map = page.locator(`#${mapId}`);
  await map.scrollIntoViewIfNeeded();
  await expect(map.locator('.leaflet-pane')).not.toHaveCount(0);
  await map.click({ position });
  await expect(map).toHaveAttribute('data-picked', 'true');
}

/** A second person in their own browser context, with the project's screen and a language
 * (optionally on another server). */
export async function secondPerson(browser: Browser, info: TestInfo, locale: string, baseURL?: string): Promise<Page> {
  const use = info.project.use;
  const context = await browser.newContext({
    baseURL: baseURL ?? use.baseURL,
    viewport: use.viewport,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    deviceScaleFactor: use.deviceScaleFactor,
    locale,
    extraHTTPHeaders: { 'Accept-Language': `${locale},${locale.slice(0, 2)};q=0.9` },
  });
  return context.newPage();
}

/** Calls a server function from the page, as the app does (same origin, session cookie). */
export async function api(page: Page, name: string, args: object): Promise<unknown> {
  return page.evaluate(async ([name, args]) => {
    const res = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(args),
    });
    if (!res.ok) throw new Error(`${name}: ${res.status} ${await res.text()}`);
    return res.json();
  }, [name, args] as const);
}

/** Runs a `server` command (`draw-due`, `role`, …) against the test server's database, which
 * `end2end/serve.sh` wrote to `target/e2e-<port>.env`. */
export function serverCommand(info: TestInfo, args: string[], extra: Record<string, string> = {}) {
  const port = new URL(info.project.use.baseURL ?? 'http://127.0.0.1:3131').port;
  const env: Record<string, string> = { ...process.env } as Record<string, string>;
  for (const line of readFileSync(`target/e2e-${port}.env`, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
  }
  Object.assign(env, { ENTRAIDE_ADDR: '127.0.0.1:0' }, extra);
  return execFileSync(process.env.E2E_SERVER ?? './target/release/server', args, { env, stdio: 'pipe' }).toString();
}

/** Fails when the page is wider than the screen (on a phone, it would scroll sideways and taps
 * would land beside what they aim at). */
export async function fitsTheScreen(page: Page) {
  // The screen's width, not `innerWidth`: on a phone the layout viewport grows to what overflows.
  const screen = page.viewportSize()?.width ?? 0;
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll, `page is ${scroll}px wide on a ${screen}px screen`).toBeLessThanOrEqual(screen);
}

// axe-core, from the project's npm packages, injected into each page.
const AXE = join(process.cwd(), 'node_modules/axe-core/axe.min.js');

type Found = { id: string; impact: string | null; help: string; targets: string[] };

/** What axe-core finds wrong on the page as it stands (every rule it runs by default: WCAG 2.x
 * A and AA, and its best practices). */
export async function violations(page: Page): Promise<Found[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}
