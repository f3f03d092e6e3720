import { test, expect } from '../support/fixtures';
import AxeBuilder from '@axe-core/playwright';
import { Flows, type Lang } from '../pages/procedure-pages';
import { createCustomer } from '../support/customers';
import { installToken } from '../support/api';

for (const lang of ['ja', 'en'] as Lang[]) {
  test(`利用開始, login with the OTP, 交換 and 利用中止 end to end (${lang})`, async ({ page, request }) => {
    test.setTimeout(120_000);
    const customer = createCustomer();
    const a = await installToken(request);
    const b = await installToken(request);
    const f = new Flows(page, lang);

    // 利用開始 with token A.
    await f.open('/');
    await page.getByRole('link', { name: f.t.activate, exact: true }).click();
    await expect(page).toHaveURL(/\/activate$/);
    await f.credentials(customer);
    await f.expectStep('new-token');
    await expect(page.getByRole('navigation', { name: lang === 'ja' ? '手順' : 'Steps' })).toBeVisible();
    await f.newToken(a.serial.toLowerCase(), await a.fresh());
    await f.expectStep('completed');
    await expect(page.getByRole('status')).toContainText(f.t.activated);
    await expect(page.getByRole('status')).toContainText(a.serial.slice(0, 4) + '****' + a.serial.slice(-4));

    // The login now asks for the code.
    await page.getByRole('link', { name: f.t.toLogin }).click();
    await f.credentials(customer, f.t.login);
    await expect(page).toHaveURL(/\/login\/otp$/);
    await f.otp(await a.fresh(), f.t.login);
    await expect(page).toHaveURL(/\/home$/);
    await expect(f.heading()).toContainText(customer.name);
    await expect(page.getByText(a.serial.slice(0, 4) + '****' + a.serial.slice(-4))).toBeVisible();

    // 交換 from A to B, from home.
    await page.getByRole('link', { name: f.t.exchange, exact: true }).click();
    await f.credentials(customer);
    await f.expectStep('current-token');
    await f.otp(await a.fresh());
    await f.expectStep('new-token');
    await f.newToken(b.serial, await b.fresh());
    await f.expectStep('completed');
    await expect(page.getByRole('status')).toContainText(f.t.exchanged);

    // 利用中止 with B.
    await f.open('/stop');
    await f.credentials(customer);
    await f.expectStep('current-token');
    await f.otp(await b.fresh());
    await f.expectStep('confirm');
    await page.getByRole('button', { name: f.t.stopConfirm }).click();
    await f.expectStep('completed');
    await expect(page.getByRole('status')).toContainText(f.t.stopped);

    // No code is asked any more.
    await f.open('/');
    await f.credentials(customer, f.t.login);
    await expect(page).toHaveURL(/\/home$/);
  });
}

test('exchange or stop without a token offers 利用開始', async ({ page }) => {
  const customer = createCustomer();
  const f = new Flows(page);
  for (const path of ['/exchange', '/stop']) {
    await f.open(path);
    await f.credentials(customer);
    await expect(f.heading()).toHaveText('ご利用中のワンタイムパスワードがありません');
    await expect(f.heading()).toBeFocused();
    await page.getByRole('link', { name: '利用開始へ進む' }).click();
    await expect(page).toHaveURL(/\/activate$/);
  }
});

test('activate with a token already active offers 交換', async ({ page, request }) => {
  const customer = createCustomer();
  const a = await installToken(request);
  const f = new Flows(page);
  await f.open('/activate');
  await f.credentials(customer);
  await f.newToken(a.serial, await a.fresh());
  await f.expectStep('completed');
  await f.open('/activate');
  await f.credentials(customer);
  await expect(f.heading()).toHaveText('すでにワンタイムパスワードをご利用中です');
  await page.getByRole('link', { name: '交換へ進む' }).click();
  await expect(page).toHaveURL(/\/exchange$/);
});

test('the fifth wrong password locks the account, with the bank to call', async ({ page }) => {
  const customer = createCustomer();
  const f = new Flows(page);
  await f.open('/');
  for (let i = 1; i <= 4; i++) {
    // Wait for each answer: the alert of the attempt before is still on screen meanwhile.
    const answered = page.waitForResponse('**/api/v1/login');
    await f.credentials({ ...customer, password: `wrong${1000 + i}` }, f.t.login);
    expect((await answered).status()).toBe(401);
    await expect(page.getByRole('alert')).toContainText('正しくありません');
  }
  await expect(page.getByRole('alert')).toContainText('あと1回間違えると');
  await f.credentials({ ...customer, password: 'wrong9999' }, f.t.login);
  await expect(f.heading()).toHaveText('ご利用を停止しています');
  await expect(page.getByRole('link', { name: '0120-000-000' })).toHaveAttribute('href', 'tel:0120000000');
  // Even the right password is refused now.
  await f.open('/');
  await f.credentials(customer, f.t.login);
  await expect(f.heading()).toHaveText('ご利用を停止しています');
});

test('a wrong, a replayed code and an unknown serial are explained on the form', async ({ page, request }) => {
  const customer = createCustomer();
  const a = await installToken(request);
  const f = new Flows(page);
  await f.open('/activate');
  await f.credentials(customer);
  await f.newToken('ZZZZ99999999', '123456');
  await expect(page.getByRole('alert')).toContainText('このシリアル番号は見つかりません');
  await f.newToken(a.serial, '000000');
  await expect(page.getByRole('alert')).toContainText('ワンタイムパスワードが正しくありません');
  await expect(page.getByLabel('ワンタイムパスワード', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('シリアル番号', { exact: true })).toHaveValue(a.serial);
  await f.newToken(a.serial, await a.fresh());
  await f.expectStep('completed');

  await f.open('/');
  await f.credentials(customer, f.t.login);
  await f.otp(a.used(), f.t.login);
  await expect(page.getByRole('alert')).toContainText('ワンタイムパスワードが正しくありません');
  await expect(page).toHaveURL(/\/login\/otp$/);
});

test('back, forward and reload in the middle of 交換 land on the real step', async ({ page, request }) => {
  const customer = createCustomer();
  const a = await installToken(request);
  const b = await installToken(request);
  const f = new Flows(page);
  await f.open('/activate');
  await f.credentials(customer);
  await f.newToken(a.serial, await a.fresh());
  await f.expectStep('completed');

  await f.open('/exchange');
  await f.credentials(customer);
  await f.expectStep('current-token');
  await f.otp(await a.fresh());
  await f.expectStep('new-token');
  await page.goBack();
  // The server is at the new token's step: the current token's screen never comes back.
  await f.expectStep('new-token');
  await expect(page.getByLabel('シリアル番号', { exact: true })).toBeVisible();
  await page.reload();
  await f.expectStep('new-token');
  await f.newToken(b.serial, await b.fresh());
  await f.expectStep('completed');
  await page.goBack();
  await f.expectStep('completed');
  await page.reload();
  await expect(page.getByRole('status')).toContainText('交換が完了しました');
});

test('a keyboard-only 交換', async ({ page, request }) => {
  test.setTimeout(90_000);
  const customer = createCustomer();
  const a = await installToken(request);
  const b = await installToken(request);
  const f = new Flows(page);
  await f.open('/activate');
  await f.credentials(customer);
  await f.newToken(a.serial, await a.fresh());
  await f.expectStep('completed');

  await page.goto('/');
  // Tab to 交換 and press Enter.
  const exchange = page.getByRole('link', { name: '交換', exact: true });
  for (let i = 0; i < 30 && !(await exchange.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/exchange$/);
  const typeInto = async (label: string, text: string) => {
    const field = page.getByLabel(label, { exact: true });
    for (let i = 0; i < 30 && !(await field.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type(text);
  };
  await typeInto('契約者ID(利用者番号)', customer.contractId);
  await typeInto('ログインパスワード', customer.password);
  await page.keyboard.press('Enter');
  await f.expectStep('current-token');
  await typeInto('ワンタイムパスワード', await a.fresh());
  await page.keyboard.press('Enter');
  await f.expectStep('new-token');
  await typeInto('シリアル番号', b.serial);
  await typeInto('ワンタイムパスワード', await b.fresh());
  await page.keyboard.press('Enter');
  await f.expectStep('completed');
});

test('axe finds no violations on any screen', async ({ page, request }) => {
  test.setTimeout(120_000);
  const customer = createCustomer();
  const a = await installToken(request);
  const f = new Flows(page);
  const scan = async (what: string) => {
    await page.waitForLoadState('networkidle');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, `${what}: ${JSON.stringify(results.violations, null, 1)}`).toEqual([]);
  };
  await f.open('/');
  await scan('login');
  await f.credentials({ ...customer, password: 'wrong1234' }, f.t.login);
  await expect(page.getByRole('alert')).toBeVisible();
  await scan('login with an error');
  await f.open('/help/otp');
  await scan('OTP guide');
  await f.open('/help/keyboard');
  await scan('keyboard help');
  await f.open('/exchange');
  await scan('exchange credentials');
  await f.credentials(customer);
  await expect(f.heading()).toBeVisible();
  await scan('no active token');
  await f.open('/activate');
  await f.credentials(customer);
  await f.expectStep('new-token');
  await scan('new token');
  await f.newToken(a.serial, await a.fresh());
  await f.expectStep('completed');
  await scan('completed');
  await f.open('/');
  await f.credentials(customer, f.t.login);
  await expect(page).toHaveURL(/\/login\/otp$/);
  await scan('login OTP');
  await f.otp(await a.fresh(), f.t.login);
  await expect(page).toHaveURL(/\/home$/);
  await scan('home');
  await f.open('/stop');
  await f.credentials(customer);
  await f.expectStep('current-token');
  await scan('current token');
  await f.otp(await a.fresh());
  await f.expectStep('confirm');
  await scan('stop confirmation');
  await f.open('/nowhere');
  await scan('not found');
});
