import { type Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import AxeBuilder from '@axe-core/playwright';
import { Flows } from '../pages/procedure-pages';
import { createCustomer } from '../support/customers';

/** The demo panel, read and used as a person would. */
class DemoPanel {
  constructor(readonly page: Page) {}

  async open() {
    const button = this.page.getByRole('button', { name: 'デモ用トークン' });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await expect(this.page.getByRole('heading', { name: 'デモ用ソフトウェアトークン' })).toBeVisible();
  }

  async close() {
    await this.page.locator('#demo-panel').getByRole('button', { name: '閉じる' }).click();
  }

  async add(): Promise<string> {
    await this.open();
    const before = await this.page.locator('.demo-token').count();
    await this.page.getByRole('button', { name: 'トークンを追加' }).click();
    await expect(this.page.locator('.demo-token')).toHaveCount(before + 1);
    const serial = (await this.page.locator('.demo-token__serial-value').last().textContent())!;
    await this.close();
    return serial;
  }

  card(serial: string) {
    return this.page.locator('.demo-token').filter({ hasText: serial });
  }

  /** The code the token shows now; with `after`, waits until it shows a different one. */
  async code(serial: string, after?: string): Promise<string> {
    await this.open();
    const code = this.card(serial).locator('.demo-token__code');
    if (after) await expect(code).not.toHaveText(after, { timeout: 35_000 });
    const text = (await code.textContent())!;
    await this.close();
    return text;
  }
}

test('利用開始, 交換 and 利用中止 with codes read from the demo panel; reload keeps the tokens', async ({ page }) => {
  test.setTimeout(150_000);
  const customer = createCustomer();
  const f = new Flows(page);
  const demo = new DemoPanel(page);
  await page.goto('/');
  const a = await demo.add();
  expect(a).toMatch(/^DEMO\d{8}$/);

  await f.open('/activate');
  await f.credentials(customer);
  await f.expectStep('new-token');
  const codeA1 = await demo.code(a);
  await f.newToken(a, codeA1);
  await f.expectStep('completed');

  const b = await demo.add();
  await f.open('/exchange');
  await f.credentials(customer);
  await f.expectStep('current-token');
  // A code is accepted once: wait for the token to show the next one, as a person would.
  const codeA2 = await demo.code(a, codeA1);
  await f.otp(codeA2);
  await f.expectStep('new-token');
  const codeB1 = await demo.code(b);
  await f.newToken(b, codeB1);
  await f.expectStep('completed');
  await expect(page.getByRole('status')).toContainText('交換が完了しました');

  await demo.open();
  await expect(demo.card(b).locator('.demo-token__badge')).toHaveText('登録中');
  await expect(demo.card(a).locator('.demo-token__badge')).toHaveCount(0);
  await demo.close();

  await f.open('/stop');
  await f.credentials(customer);
  await f.expectStep('current-token');
  await f.otp(await demo.code(b, codeB1));
  await f.expectStep('confirm');
  await page.getByRole('button', { name: '利用中止する' }).click();
  await f.expectStep('completed');

  await page.reload();
  await demo.open();
  await expect(page.locator('.demo-token')).toHaveCount(2);
  await expect(demo.card(a)).toBeVisible();
  await expect(demo.card(b)).toBeVisible();
});

test('one-click fill from a demo token, and the warning when removing the registered token', async ({ page }) => {
  test.setTimeout(60_000);
  const customer = createCustomer();
  const f = new Flows(page);
  const demo = new DemoPanel(page);
  await page.goto('/');
  const a = await demo.add();
  await f.open('/activate');
  await f.credentials(customer);
  await f.expectStep('new-token');
  await page.getByRole('group', { name: 'デモ用トークンから入力' }).getByRole('button', { name: a }).click();
  await expect(page.getByLabel('シリアル番号', { exact: true })).toHaveValue(a);
  await expect(page.getByLabel('ワンタイムパスワード', { exact: true })).toHaveValue(/^\d{6}$/);
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await f.expectStep('completed');

  await demo.open();
  await demo.card(a).getByRole('button', { name: '削除(アンインストール)' }).click();
  await expect(demo.card(a).getByRole('alert')).toContainText('交換前のソフトウェアトークンをアンインストールしないでください');
  await demo.card(a).getByRole('button', { name: 'やめる' }).click();
  await expect(demo.card(a)).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
  await demo.card(a).getByRole('button', { name: '削除(アンインストール)' }).click();
  await demo.card(a).getByRole('button', { name: '削除する' }).click();
  await expect(page.locator('.demo-token')).toHaveCount(0);
});

test('a corrupted storage entry is discarded with a notice, never a crash', async ({ page }) => {
  await page.goto('/');
  // The app is up (it has taken over from the prerendered copy), so that nothing it writes
  // at start can overwrite the entry put in below (seen once in CI).
  await expect(page.locator('#prerender')).toHaveCount(0);
  await page.evaluate(() => localStorage.setItem('otp-portal.demo-tokens', '{"version":1,"tokens":[{"serial":'));
  await page.reload();
  const demo = new DemoPanel(page);
  await demo.open();
  await expect(page.getByRole('alert').filter({ hasText: '読み込めなかったため、削除しました' })).toBeVisible();
  await expect(page.getByLabel('契約者ID(利用者番号)')).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('otp-portal.demo-tokens'))).toBeNull();
  // An entry of an older format is treated the same way.
  await page.evaluate(() => localStorage.setItem('otp-portal.demo-tokens', '{"version":0,"tokens":[]}'));
  await page.reload();
  await demo.open();
  await expect(page.getByText('読み込めなかったため、削除しました')).toBeVisible();
});
