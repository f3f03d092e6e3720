import { test, expect } from '../support/fixtures';
import type { Page } from '@playwright/test';
import { Flows } from '../pages/procedure-pages';
import { createCustomer } from '../support/customers';
import { installToken } from '../support/api';

test('a network failure says so and keeps the contract ID for the retry', async ({ page }) => {
  const customer = createCustomer();
  const f = new Flows(page);
  await f.open('/');
  await page.route('**/api/v1/login', (route) => route.abort('internetdisconnected'));
  await f.credentials(customer, f.t.login);
  await expect(page.getByRole('alert')).toContainText('通信できませんでした');
  await expect(page.getByLabel('契約者ID(利用者番号)')).toHaveValue(customer.contractId);
  await page.unroute('**/api/v1/login');
  await page.getByLabel('ログインパスワード', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page).toHaveURL(/\/home$/);
});

test('a procedure step that cannot load offers a retry', async ({ page, request }) => {
  const customer = createCustomer();
  const a = await installToken(request);
  const f = new Flows(page);
  await f.open('/activate');
  await f.credentials(customer);
  await f.expectStep('new-token');
  await page.route('**/api/v1/procedures/*', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('通信できませんでした');
  await page.unroute('**/api/v1/procedures/*');
  await page.getByRole('button', { name: 'もう一度試す' }).click();
  await f.newToken(a.serial, await a.fresh());
  await f.expectStep('completed');
});

/** A new customer logged in on home under a clock the test moves; the session has loaded (the
 *  idle countdown starts then) before the clock moves. */
async function homeWithAFakeClock(page: Page) {
  const customer = createCustomer();
  await page.clock.install();
  const f = new Flows(page);
  await f.open('/');
  await f.credentials(customer, f.t.login);
  await expect(page).toHaveURL(/\/home$/);
  await expect(page.getByText(/ようこそ/)).toBeVisible();
}

test('a warning comes before the idle timeout, and the session can be kept', async ({ page }) => {
  await homeWithAFakeClock(page);
  const warning = page.getByRole('alertdialog');
  await expect(warning).toBeHidden();
  await page.clock.runFor('09:05');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('まもなく自動的にログアウトします');
  // The dialog takes focus, so a keyboard or screen-reader user is on its button at once.
  await expect(page.getByRole('button', { name: 'ログインを続ける' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(warning).toBeHidden();
  await page.clock.runFor('10:01');
  await expect(page).toHaveURL(/reason=session_expired/);
  await expect(page.getByRole('alert')).toContainText('一定時間操作がなかったため、ログアウトしました');
});

test('a tab whose timers were held back still warns and logs out on time', async ({ page }) => {
  await homeWithAFakeClock(page);
  // A background tab: the time passes, the one-second timer barely runs.
  await page.clock.fastForward('09:05');
  await page.clock.runFor(1000);
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await page.clock.fastForward('01:00');
  await page.clock.runFor(1000);
  await expect(page).toHaveURL(/reason=session_expired/);
});

test('no horizontal scrolling at 320 px on any screen', async ({ page, request }) => {
  const customer = createCustomer();
  const a = await installToken(request);
  await page.setViewportSize({ width: 320, height: 640 });
  const f = new Flows(page);
  const noScroll = async (what: string) => {
    await page.waitForLoadState('networkidle');
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll, `${what} scrolls sideways`).toBeLessThanOrEqual(client);
  };
  for (const path of ['/', '/activate', '/exchange', '/stop', '/help/otp', '/help/keyboard', '/nowhere']) {
    await f.open(path);
    await noScroll(path);
  }
  await f.open('/activate');
  await f.credentials(customer);
  await f.expectStep('new-token');
  await f.newToken('ZZZZ99999999', '123456');
  await expect(page.getByRole('alert')).toBeVisible();
  await noScroll('new token with an error');
  await f.newToken(a.serial, await a.fresh());
  await f.expectStep('completed');
  await noScroll('completed');
  await f.open('/');
  await f.credentials(customer, f.t.login);
  await f.otp(await a.fresh(), f.t.login);
  await expect(page).toHaveURL(/\/home$/);
  await noScroll('home');
  await page.getByRole('button', { name: 'English' }).click();
  await noScroll('home in English');
});
