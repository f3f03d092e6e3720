import { test, expect } from '../support/fixtures';

// Every route but the login screen comes in a chunk of its own (src/lazy.rs).

test('the login screen fetches the other routes once it is idle, before any click', async ({ page }) => {
  const chunks: string[] = [];
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname;
    if (/^\/split_[a-z_]+-[0-9a-f]{16}\.wasm$/.test(name)) chunks.push(name);
  });
  await page.goto('/');
  await expect(page.getByLabel('契約者ID(利用者番号)')).toBeVisible();
  await expect.poll(() => chunks.some((c) => c.startsWith('/split_home-'))).toBe(true);
  await expect.poll(() => chunks.some((c) => c.startsWith('/split_login_otp-'))).toBe(true);
  await expect.poll(() => chunks.some((c) => c.startsWith('/split_procedure-'))).toBe(true);
});

test('a route whose chunk cannot be fetched says so and offers a retry', async ({ page }) => {
  await page.route(/\/split_help_otp-[0-9a-f]{16}\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.goto('/help/otp');
  await expect(page.getByRole('alert')).toContainText('通信できませんでした');
  await page.unroute(/\/split_help_otp-[0-9a-f]{16}\.wasm$/);
  await page.getByRole('button', { name: 'もう一度試す' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ワンタイムパスワードご案内');
});
