import { test, expect } from '../support/fixtures';
import AxeBuilder from '@axe-core/playwright';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Flows } from '../pages/procedure-pages';
import { createCustomer } from '../support/customers';
import { installToken } from '../support/api';
import { SERVER } from '../support/env';

test('five wrong codes at login lock the token, with the bank to call', async ({ page, request }) => {
  const customer = createCustomer();
  const a = await installToken(request);
  const f = new Flows(page);
  await f.open('/activate');
  await f.credentials(customer);
  await f.newToken(a.serial, await a.fresh());
  await f.expectStep('completed');
  await f.open('/');
  await f.credentials(customer, f.t.login);
  await expect(page).toHaveURL(/\/login\/otp$/);
  for (let i = 0; i < 4; i++) {
    const answered = page.waitForResponse('**/api/v1/login/otp');
    await f.otp('000000', f.t.login);
    expect((await answered).status()).toBe(401);
  }
  await expect(page.getByRole('alert')).toContainText('あと1回間違えると');
  await f.otp('000000', f.t.login);
  await expect(f.heading()).toHaveText('トークンのご利用を停止しています');
  await expect(page.getByRole('link', { name: '0120-000-000' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test('an expired procedure says so and changes nothing', async ({ page }) => {
  test.setTimeout(120_000);
  // A server of its own with the shortest allowed time limit (30 s), on its own database.
  const dir = mkdtempSync(join(tmpdir(), 'otp-expiry-'));
  const database = join(dir, 'db.sqlite3');
  const port = await freePort();
  const server = spawn(SERVER, ['serve', '--listen', `127.0.0.1:${port}`, '--database', database, '--static', '../dist', '--demo'], {
    env: { ...process.env, OTP_PORTAL_PROCEDURE_TTL_SECONDS: '30' },
    stdio: 'ignore',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      try {
        if ((await fetch(`${base}/api/v1/config`)).ok) break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const password = 'pass5678';
    execFileSync(SERVER, ['customer', 'add', '--contract-id', '5555555555', '--name', '期限 切子', '--database', database], {
      input: password + '\n',
    });
    const f = new Flows(page);
    await page.goto(`${base}/activate`);
    await f.credentials({ contractId: '5555555555', password, name: '' });
    await f.expectStep('new-token');
    await page.waitForTimeout(31_000);
    await f.newToken('DEMO00000000', '123456');
    await expect(f.heading()).toHaveText('お手続きの有効時間が過ぎました');
    await expect(page.getByText('登録内容は変更されていません')).toBeVisible();
    await page.reload();
    await expect(f.heading()).toHaveText('お手続きの有効時間が過ぎました');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.getByRole('link', { name: '最初からやり直す' }).click();
    await expect(page).toHaveURL(new RegExp(`${base}/$`));
  } finally {
    server.kill();
  }
});
