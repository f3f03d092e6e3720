import { test, expect } from '../support/fixtures';
import { Flows, type Lang } from '../pages/procedure-pages';
import { createCustomer } from '../support/customers';
import { installToken } from '../support/api';

// The texts a customer reads before and around a procedure, on the bank's default
// configuration (end2end/other-bank holds the run against other values).

test('the start pages begin with the seed first step and the time allowed', async ({ page }) => {
  const f = new Flows(page);
  await f.open('/activate');
  const first = page.getByRole('region', { name: 'はじめに' });
  await expect(first).toContainText('当金庫のソフトウェアトークンのアプリケーションをダウンロードしてください');
  // No app configured: no store link.
  await expect(first.getByRole('link')).toHaveCount(0);
  await expect(page.getByText('「次へ」を押してから10分以内に完了してください')).toBeVisible();

  await f.open('/exchange');
  const exchange = page.getByRole('region', { name: 'はじめに' });
  await expect(exchange.getByRole('listitem')).toHaveText([
    /端末を買い替えたとき/,
    /パソコンにインストールしていたが、別の端末/,
    /同一端末内でソフトウェアトークンのアプリケーションを入れ替える/,
  ]);
  await expect(exchange).toContainText('交換後のソフトウェアトークンのアプリケーションをダウンロードしてください');
  await expect(page.getByText('「次へ」を押してから10分以内に完了してください')).toBeVisible();

  // 利用中止 needs no new app: the time only.
  await f.open('/stop');
  await expect(page.getByRole('region', { name: 'はじめに' })).toHaveCount(0);
  await expect(page.getByText('「次へ」を押してから10分以内に完了してください')).toBeVisible();

  const en = new Flows(page, 'en');
  await en.open('/exchange');
  await expect(page.getByRole('region', { name: 'Before you start' })).toContainText('you replace the software token app on the same device');
  await expect(page.getByText('Once you press “Next”, you have 10 minutes to finish.')).toBeVisible();
});

test('a password typed in full width is asked for in half width, in both languages', async ({ page, request }) => {
  const f = new Flows(page);
  await f.open('/');
  await expect(page.getByText('6〜16文字の半角の英字・数字・記号')).toBeVisible();
  await page.getByLabel('契約者ID(利用者番号)').fill('0123456789');
  await page.getByLabel('ログインパスワード', { exact: true }).fill('ｄｅｍｏ1234');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.locator('#password-error')).toHaveText('全角の文字が含まれています。日本語入力をオフにして、半角で入力してください。');
  // Never rewritten: the field keeps what was typed.
  await expect(page.getByLabel('ログインパスワード', { exact: true })).toHaveValue('ｄｅｍｏ1234');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('#password-error')).toContainText('Turn Japanese input off and type half-width characters.');

  // The server says the same to a client that did not check.
  const answer = await request.post('/api/v1/login', {
    data: { contract_id: '0123456789', password: 'ｄｅｍｏ1234' },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(answer.status()).toBe(422);
  expect((await answer.json()).fields).toEqual([{ field: 'password', code: 'full_width' }]);
});

for (const lang of ['ja', 'en'] as Lang[]) {
  test(`the stop confirmation names its two buttons apart, and the deadline its zone (${lang})`, async ({ page, request }) => {
    const customer = createCustomer();
    const a = await installToken(request);
    const f = new Flows(page, lang);
    await f.open('/activate');
    await f.credentials(customer);
    await f.newToken(a.serial, await a.fresh());
    await f.expectStep('completed');
    await f.open('/stop');
    await f.credentials(customer);
    await f.otp(await a.fresh());
    await f.expectStep('confirm');
    const [stop, leave] = lang === 'ja'
      ? ['利用中止する', 'お手続きをやめてログイン画面へ戻る']
      : ['Stop using', 'Cancel and return to the login page'];
    await expect(page.getByRole('button', { name: stop, exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: leave, exact: true })).toBeVisible();
    // The browser runs in UTC, the bank in Japan: the deadline is a full date in the bank's
    // time, its zone named.
    const zone = lang === 'ja' ? '日本標準時' : 'Japan Standard Time';
    await expect(page.locator('.expires')).toContainText(zone);
    await expect(page.locator('.expires')).toContainText(String(new Date().getUTCFullYear()));
    await page.getByRole('button', { name: leave, exact: true }).click();
    // It leaves the procedure (cancelled on the server) for the login screen.
    await expect(page).toHaveURL(/\/$/);
  });
}

test.describe('in the bank time zone', () => {
  test.use({ timezoneId: 'Asia/Tokyo' });
  test('a deadline does not name the zone the customer is in', async ({ page }) => {
    const customer = createCustomer();
    const f = new Flows(page);
    await f.open('/activate');
    await f.credentials(customer);
    await f.expectStep('new-token');
    await expect(page.locator('.expires')).toContainText('までに完了してください');
    await expect(page.locator('.expires')).not.toContainText('日本標準時');
  });
});

test('the login screen fetches the configuration once, beside the wasm', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/config')) asked.push(r.url());
  });
  await page.goto('/');
  await expect(page.getByText('ログインパスワードを5回続けて間違えると')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(asked).toHaveLength(1);
});

test('the help desk stays reachable when the configuration cannot be loaded', async ({ page }) => {
  // A first visit with /config failing: what to do and a retry (no desk known yet).
  await page.route('**/api/v1/config', (route) => route.abort('internetdisconnected'));
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('画面を表示するための情報を読み込めませんでした');
  await page.unroute('**/api/v1/config');
  await page.getByRole('button', { name: 'もう一度試す' }).click();
  await expect(page.getByLabel('契約者ID(利用者番号)')).toBeVisible();
  // The guide carries the desk.
  await page.goto('/help/otp#contact');
  await expect(page.locator('#contact')).toContainText('0120-000-000');

  // Once this browser has loaded it, the desk is shown even when /config fails.
  await page.route('**/api/v1/config', (route) => route.abort('internetdisconnected'));
  await page.goto('/home');
  await expect(page.getByRole('alert')).toBeVisible();
  const desk = page.getByRole('region', { name: 'お問い合わせ先' });
  await expect(desk).toContainText('インターネットバンキング ヘルプデスク');
  await expect(desk.getByRole('link', { name: '0120-000-000' })).toHaveAttribute('href', 'tel:0120000000');
  await page.unroute('**/api/v1/config');
  await page.getByRole('button', { name: 'もう一度試す' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

for (const width of [320, 375]) {
  test(`the demo button never covers the open soft keyboard at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 640 });
    await page.goto('/');
    const launcher = page.locator('.demo__open');
    await expect(launcher).toBeVisible();
    await page.getByRole('button', { name: 'ソフトウェアキーボード入力' }).click();
    const keyboard = page.getByRole('group', { name: 'ソフトウェアキーボード' });
    await expect(keyboard).toBeVisible();
    // Wherever the page is scrolled, no key lies under the launcher.
    const keys = keyboard.getByRole('button');
    for (const y of [0, 200, 400, 10_000]) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      const box = await launcher.boundingBox();
      if (box === null) continue;
      for (const key of await keys.all()) {
        const k = await key.boundingBox();
        if (k === null) continue;
        const apart = k.x + k.width <= box.x || box.x + box.width <= k.x || k.y + k.height <= box.y || box.y + box.height <= k.y;
        expect(apart, `a key under the launcher at scroll ${y}`).toBe(true);
      }
    }
    // Closed, the keyboard gives the launcher back.
    await keyboard.getByRole('button', { name: '閉じる' }).click();
    await expect(launcher).toBeVisible();
  });
}
