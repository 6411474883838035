import { expect, type Page, type TestInfo } from '@playwright/test';

/** Clicks do nothing before hydration: wait for the app to mark the page. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await page.waitForSelector('body[data-hydrated=true]');
}

export function unique(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

export const PASSWORD = 'lantern-orbit-cobalt-42';

export async function signUp(page: Page, email: string, name: string) {
  await open(page, '/signup');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=display_name]', name);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('logout')).toBeVisible();
}

/** A screenshot kept for people to look at (not compared). */
export async function shot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: `end2end/screenshots/${info.project.name}-${name}.png`, fullPage: true });
}

/** Taps the map of a form at a spot and checks the point was taken. */
export async function pickOnMap(page: Page, mapId: string) {
  const map = page.locator(`#${mapId}`);
  await map.scrollIntoViewIfNeeded();
  await expect(map.locator('.leaflet-pane')).not.toHaveCount(0);
  await map.click({ position: { x: 140, y: 120 } });
  await expect(map).toHaveAttribute('data-picked', 'true');
}
