import { test, expect } from '../support/fixtures';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { Flows } from '../pages/procedure-pages';
import { createCustomer, type Customer } from '../support/customers';

/** Logs `customer` in with the password alone (a contract without a token). */
async function login(page: Page, customer: Customer, lang: 'ja' | 'en' = 'ja') {
  const f = new Flows(page, lang);
  await f.open('/');
  await f.credentials(customer, f.t.login);
  await expect(page).toHaveURL(/\/home$/);
  return f;
}

async function noAxeViolations(page: Page) {
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
}

async function noSideways(page: Page, what: string) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `${what} scrolls sideways`).toBeLessThanOrEqual(client);
}

test('after three wrong passwords and a login, home says so, and the activity lists them', async ({ page }) => {
  const customer = createCustomer();
  // A first login: nothing before it.
  let f = await login(page, customer);
  const previous = page.getByRole('region', { name: '前回ログイン' });
  await expect(previous).toContainText('今回が初めてのログインです。');
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/$/);
  // Three wrong passwords, then the right one.
  f = new Flows(page);
  for (let i = 0; i < 3; i++) {
    const answered = page.waitForResponse('**/api/v1/login');
    await f.credentials({ ...customer, password: 'wrong9999' }, f.t.login);
    expect((await answered).status()).toBe(401);
  }
  await f.credentials(customer, f.t.login);
  await expect(page).toHaveURL(/\/home$/);
  await expect(previous).toContainText('(パスワードのみ)');
  await expect(previous).toContainText('前回のログイン以降、ログインパスワードの誤りが3回ありました。');
  await noAxeViolations(page);

  await page.setViewportSize({ width: 320, height: 700 });
  await page.getByRole('link', { name: 'ご利用履歴を見る' }).click();
  await expect(page).toHaveURL(/\/activity$/);
  await expect(f.heading()).toHaveText('ご利用履歴');
  const items = page.getByRole('list', { name: 'ご利用履歴の一覧' }).getByRole('listitem');
  await expect(items.first()).toContainText('ログイン(パスワードのみ)');
  await expect(items.filter({ hasText: 'ログインパスワードの誤り' })).toHaveCount(3);
  await expect(items.filter({ hasText: 'ログアウト' })).toHaveCount(1);
  // Where from: the browser's family and the address without its last part.
  await expect(items.first()).toContainText('127.0.0.xxx');
  await expect(items.first()).toContainText('Chrome');
  await noSideways(page, 'the activity');
  await noAxeViolations(page);

  // The same page in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(f.heading()).toHaveText('Recent activity');
  const english = page.getByRole('list', { name: 'Recent activity' }).getByRole('listitem');
  await expect(english.filter({ hasText: 'Wrong login password' })).toHaveCount(3);
  await expect(english.first()).toContainText('Login (password only)');
  await noAxeViolations(page);
});

test('「心当たりがない」 logs out another browser, and the report is in the activity', async ({ page, browser }) => {
  const customer = createCustomer();
  // A stranger's browser, logged in first.
  const stranger = await browser.newContext();
  const theirs = await stranger.newPage();
  await login(theirs, customer);

  const f = await login(page, customer);
  await page.setViewportSize({ width: 320, height: 700 });
  await page.getByRole('link', { name: '心当たりがない' }).click();
  await expect(page).toHaveURL(/\/activity\/report$/);
  await expect(f.heading()).toHaveText('心当たりがない場合');
  await noSideways(page, 'the report');
  await noAxeViolations(page);
  const reported = page.waitForResponse('**/api/v1/activity/report');
  await page.getByRole('button', { name: '心当たりがないことを届け出る' }).click();
  expect((await reported).status()).toBe(200);
  await expect(f.heading()).toHaveText('届け出を受け付けました');
  await expect(page.getByRole('status')).toContainText('ほかの端末・ブラウザのログイン1件を終了しました。');
  await expect(page.getByRole('link', { name: '0120-000-000' })).toBeVisible();
  await noSideways(page, 'the report received');
  await noAxeViolations(page);

  // The stranger's session is gone: their next page load goes to the login screen.
  await theirs.goto('/home');
  await expect(theirs).toHaveURL(/\/$/);
  await stranger.close();

  // This browser's session stays, and the activity shows the report.
  await page.getByRole('link', { name: 'ホームへ戻る' }).click();
  await expect(page).toHaveURL(/\/home$/);
  await page.goto('/activity');
  const items = page.getByRole('list', { name: 'ご利用履歴の一覧' }).getByRole('listitem');
  await expect(items.first()).toContainText('ほかの端末・ブラウザのログインを終了');
  await expect(items.filter({ hasText: '「心当たりがない」の届け出' })).toHaveCount(1);
});

test('the activity without a session goes to the login screen; another part is not found', async ({ page }) => {
  await page.goto('/activity');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/activity/elsewhere');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ページが見つかりません');
});
