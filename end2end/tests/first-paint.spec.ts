import { test, expect } from '../support/fixtures';
import { DEMO, LoginPage } from '../pages/login-page';

/**
 * The first screen: `index.html` carries an inert copy of the login screen that paints before
 * the wasm arrives (scripts/prerender.sh); the app replaces it without moving anything.
 * Other routes are answered with `app.html` and never show that copy.
 */

/** Holds back the wasm until `release()`: the page as a phone sees it on a slow network. */
async function holdWasm(page: import('@playwright/test').Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*_bg.wasm', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test('the login screen paints before the wasm, inert, and the app takes over without a shift', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { shifts: number[] }).shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        (window as unknown as { shifts: number[] }).shifts.push((entry as unknown as { value: number }).value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const release = await holdWasm(page);
  await page.goto('/', { waitUntil: 'domcontentloaded' });

  // Before the wasm: the copy is there and visible (without the bank's name, which comes from
  // the API), but nothing in it takes focus or input, so nothing typed can be lost.
  const copy = page.locator('#prerender');
  await expect(copy).toBeVisible();
  await expect(copy).toHaveAttribute('inert', '');
  await expect(copy.locator('h1')).toHaveText('インターネットバンキングにログインします。');
  await expect(copy.locator('.site-header__name')).toHaveText('');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('#prerender') ?? null)).toBeNull();
  const field = copy.locator('input').first();
  await field.click({ force: true });
  await page.keyboard.type('0123');
  await expect(field).toHaveValue('');
  const copyHeading = await copy.locator('h1').boundingBox();

  release();
  const login = new LoginPage(page);
  await expect(login.contractId).toBeVisible();
  await expect(copy).toHaveCount(0);
  await expect(page.getByRole('banner')).toContainText('さくら信用金庫');
  const appHeading = await page.getByRole('heading', { level: 1 }).boundingBox();
  expect(appHeading).toEqual(copyHeading);
  const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
  expect(shifts.reduce((a, b) => a + b, 0)).toBe(0);

  // The app works as usual once it has taken over.
  await login.logIn(DEMO.contractId, DEMO.password);
  await expect(page).toHaveURL(/\/home$/);
});

test('other routes never show the copy of the login screen', async ({ page }) => {
  const release = await holdWasm(page);
  for (const path of ['/home', '/exchange', '/help/otp', '/procedures/unknown/confirm']) {
    await page.goto(path, { waitUntil: 'domcontentloaded' });
    await expect(page.locator('#prerender')).toHaveCount(0);
    await expect(page.locator('h1')).toHaveCount(0);
  }
  release();
  await page.goto('/help/otp');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
