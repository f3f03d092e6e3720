import { test, expect } from '../support/fixtures';
import { DEMO, LoginPage } from '../pages/login-page';

/**
 * The first screen: `index.html` carries a live copy of the login screen that paints before the
 * wasm arrives (scripts/prerender.sh): its fields take typing at once, a press on its buttons is
 * honoured once the app is up (src/early_input.js), and the app replaces it
 * without moving anything or losing what was typed. Other routes are answered with `app.html`
 * and never show that copy.
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

/** Every request the page makes, as URL and body, to look for typed values in them. */
function recordRequests(page: import('@playwright/test').Page) {
  const sent: string[] = [];
  page.on('request', (request) => sent.push(`${request.method()} ${request.url()} ${request.postData() ?? ''}`));
  return sent;
}

test('the login screen takes typing from its first paint; the app keeps the values, the focus and the caret, without a shift', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { shifts: number[] }).shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        (window as unknown as { shifts: number[] }).shifts.push((entry as unknown as { value: number }).value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const sent = recordRequests(page);
  const release = await holdWasm(page);
  await page.goto('/', { waitUntil: 'domcontentloaded' });

  // Before the wasm: the copy is there and visible (without the bank's name, which comes from
  // the API), and its fields take focus and typing like any page's.
  const copy = page.locator('#prerender');
  await expect(copy).toBeVisible();
  await expect(copy).not.toHaveAttribute('inert');
  await expect(copy.locator('h1')).toHaveText('インターネットバンキングにログインします。');
  await expect(copy.locator('.site-header__name')).toHaveText('');
  const id = copy.locator('#contract-id');
  const password = copy.locator('#password');
  await id.click();
  await page.keyboard.type('0123456789');
  await expect(id).toHaveValue('0123456789');
  await page.keyboard.press('Tab');
  await expect(password).toBeFocused();
  await page.keyboard.type('demo12x34');
  // The caret moved back before the stray "x", as a customer correcting a typo would.
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
  await expect(password).toHaveValue('demo12x34');
  const copyHeading = await copy.locator('h1').boundingBox();
  expect(sent.filter((s) => s.includes('demo12x34') || s.includes('0123456789'))).toEqual([]);

  release();
  const login = new LoginPage(page);
  await expect(copy).toHaveCount(0);
  await expect(login.contractId).toHaveValue('0123456789');
  await expect(login.password).toHaveValue('demo12x34');
  await expect(login.password).toBeFocused();
  expect(await login.password.evaluate((e: HTMLInputElement) => [e.selectionStart, e.selectionEnd])).toEqual([7, 7]);
  await expect(page.getByRole('banner')).toContainText('さくら信用金庫');
  const appHeading = await page.getByRole('heading', { level: 1 }).boundingBox();
  expect(appHeading).toEqual(copyHeading);
  const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
  expect(shifts.reduce((a, b) => a + b, 0)).toBe(0);

  // The customer goes on where they were: the stray letter deleted, the login sent once.
  await page.keyboard.press('Backspace');
  await expect(login.password).toHaveValue(DEMO.password);
  await login.submit.click();
  await expect(page).toHaveURL(/\/home$/);
  expect(sent.filter((s) => s.startsWith('POST') && s.includes('/api/v1/login '))).toHaveLength(1);
});

test('a ログイン pressed before the app is up is not lost: the button shows it is getting ready, then the app logs in once', async ({ page }) => {
  const sent = recordRequests(page);
  const release = await holdWasm(page);
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  const copy = page.locator('#prerender');
  await copy.locator('#contract-id').fill(DEMO.contractId);
  await copy.locator('#password').fill(DEMO.password);
  // Enter in the field, then a tap on the button as well: one login, not two.
  await copy.locator('#password').press('Enter');
  const button = copy.getByRole('button', { name: 'ログイン', exact: true });
  await expect(button).toHaveAttribute('aria-busy', 'true');
  await button.click();
  // Nothing left the page: no form submission (the URL has no query), no request with them.
  expect(page.url()).not.toContain('?');
  expect(sent.filter((s) => s.includes(DEMO.password))).toEqual([]);

  release();
  await expect(page).toHaveURL(/\/home$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(sent.filter((s) => s.startsWith('POST') && s.includes('/api/v1/login '))).toHaveLength(1);
});

test('the language switch and "show password" pressed before the app is up act once it is', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  const copy = page.locator('#prerender');
  await copy.locator('#password').fill('secret1');
  await copy.getByText('パスワードを表示する').click();
  await expect(copy.locator('#password')).toHaveAttribute('type', 'text');
  await copy.getByRole('button', { name: 'English' }).click();
  await expect(copy.getByRole('button', { name: 'English' })).toHaveAttribute('aria-busy', 'true');

  release();
  await expect(copy).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/log in/i);
  const login = new LoginPage(page, 'en');
  await expect(login.password).toHaveValue('secret1');
  await expect(login.password).toHaveAttribute('type', 'text');
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

test('on a throttled phone, the copy paints before the app is fetched; typed during the first paint, the values stay after mounting', async ({ page, context }) => {
  // Lighthouse's slow phone, applied for real: 150 ms round trips, 1.6 Mbit/s, a 4x slower CPU.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const wasmAsked: number[] = [];
  page.on('request', (r) => {
    if (/\/otp-portal-[0-9a-f]{16}_bg\.wasm$/.test(r.url())) wasmAsked.push(Date.now());
  });
  await page.goto('/', { waitUntil: 'commit' });
  // Typed as soon as the field is there, character by character, as an impatient customer.
  const id = page.locator('#prerender #contract-id');
  await id.waitFor();
  await id.pressSequentially('0123456789');
  await page.locator('#prerender #password').pressSequentially('demo1234');
  const painted = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    return performance.timeOrigin + fcp;
  });
  // The first module was asked for only once the copy had painted (never before it).
  await expect.poll(() => wasmAsked.length, { timeout: 30000 }).toBe(1);
  expect(wasmAsked[0]).toBeGreaterThanOrEqual(Math.floor(painted));

  await expect(page.locator('#prerender')).toHaveCount(0, { timeout: 30000 });
  const login = new LoginPage(page);
  await expect(login.contractId).toHaveValue('0123456789');
  await expect(login.password).toHaveValue('demo1234');
  await expect(login.password).toBeFocused();
});

test('a key pressed in the very moment the app takes over reaches its field', async ({ page }) => {
  // Typed right after the copy leaves the page (a microtask after its removal): with the
  // copy's field gone, the key reaches the app's field only if the focus moved there at once.
  await page.addInitScript(() => {
    const remove = Element.prototype.remove;
    Element.prototype.remove = function () {
      remove.call(this);
      if (this.id === 'prerender') queueMicrotask(() => document.execCommand('insertText', false, '9'));
    };
  });
  const release = await holdWasm(page);
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  await page.locator('#prerender #contract-id').click();
  await page.keyboard.type('012345678');
  release();
  await expect(page.locator('#prerender')).toHaveCount(0);
  const login = new LoginPage(page);
  await expect(login.contractId).toHaveValue('0123456789');
  await expect(login.contractId).toBeFocused();
});

test('a login screen opened in a background tab fetches the app at once (nothing paints there)', async ({ page, context }) => {
  await page.addInitScript(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  const wasmAsked: number[] = [];
  page.on('request', (r) => {
    if (/\/otp-portal-[0-9a-f]{16}_bg\.wasm$/.test(r.url())) wasmAsked.push(Date.now());
  });
  await page.goto('/', { waitUntil: 'commit' });
  await expect(page.locator('#prerender')).toHaveCount(0, { timeout: 30000 });
  const painted = await page.evaluate(() =>
    performance.timeOrigin + (performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Infinity));
  expect(wasmAsked).toHaveLength(1);
  // Asked for while the stylesheet was still on its way, before anything was painted.
  expect(wasmAsked[0]).toBeLessThan(painted);
});
