import { test, expect } from '../support/fixtures';
import AxeBuilder from '@axe-core/playwright';
import type { CDPSession, Page } from '@playwright/test';
import { Flows } from '../pages/procedure-pages';
import { createCustomer, type Customer } from '../support/customers';
import { installToken } from '../support/api';
import type { Token } from '../support/totp';
import { PORT } from '../support/env';

// WebAuthn refuses IP-address origins: these tests use the server's localhost origin.
const LOCAL = `http://localhost:${PORT}`;

/** A platform authenticator with user verification, as Chromium's DevTools protocol offers.
 *  Without `autofill`, the browser offers no passkey autofill (the virtual authenticator would
 *  answer the login screen's waiting ceremony at once, before any button is pressed). */
async function authenticator(page: Page, autofill = false): Promise<{ cdp: CDPSession; id: string }> {
  if (!autofill) {
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

/** A customer with token A, logged in with the password and the code, at home. */
async function atHome(f: Flows, customer: Customer, token: Token) {
  await f.open(`${LOCAL}/`);
  await f.credentials(customer, f.t.login);
  await expect(f.page).toHaveURL(/\/login\/otp$/);
  await f.otp(await token.fresh(), f.t.login);
  await expect(f.page).toHaveURL(/\/home$/);
}

async function activate(f: Flows, customer: Customer, token: Token) {
  await f.open(`${LOCAL}/activate`);
  await f.credentials(customer);
  await f.expectStep('new-token');
  await f.newToken(token.serial, await token.fresh());
  await f.expectStep('completed');
}

test('register a passkey, log in with it, and 交換 and 利用中止 ask for it', async ({ page, request }) => {
  test.setTimeout(120_000);
  await authenticator(page);
  const customer = createCustomer();
  const a = await installToken(request);
  const b = await installToken(request);
  const f = new Flows(page, 'ja');
  await activate(f, customer, a);
  await atHome(f, customer, a);

  // Home: no passkey yet; register one (the OTP login is a fresh proof).
  const section = page.getByRole('region', { name: 'パスキー' });
  await expect(section).toContainText('パスキーは登録されていません。');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await section.getByRole('button', { name: 'パスキーを登録' }).click();
  await expect(section.getByRole('status')).toContainText('パスキーを登録しました');
  await expect(section).toContainText('パスキー 1');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Log out; log in with the passkey alone.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole('button', { name: 'パスキーでログイン' }).click();
  await expect(page).toHaveURL(/\/home$/);
  await expect(f.heading()).toContainText(customer.name);

  // 交換 asks for the passkey instead of the current code, and completes with it.
  await f.open(`${LOCAL}/exchange`);
  await f.credentials(customer);
  await f.expectStep('passkey');
  await expect(page.getByLabel(f.t.otp, { exact: true })).toHaveCount(0);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByRole('button', { name: 'パスキーで確認' }).click();
  await f.expectStep('new-token');
  await f.newToken(b.serial, await b.fresh());
  await f.expectStep('completed');

  // 利用中止 too.
  await f.open(`${LOCAL}/stop`);
  await f.credentials(customer);
  await f.expectStep('passkey');
  await page.getByRole('button', { name: 'パスキーで確認' }).click();
  await f.expectStep('confirm');
  await page.getByRole('button', { name: f.t.stopConfirm }).click();
  await f.expectStep('completed');
});

test('a relayed password and code no longer start the seed path; removing the passkey brings it back', async ({ page, request }) => {
  test.setTimeout(120_000);
  await authenticator(page);
  const customer = createCustomer();
  const a = await installToken(request);
  const f = new Flows(page, 'ja');
  await activate(f, customer, a);
  await atHome(f, customer, a);
  const section = page.getByRole('region', { name: 'パスキー' });
  await section.getByRole('button', { name: 'パスキーを登録' }).click();
  await expect(section.getByRole('status')).toContainText('パスキーを登録しました');

  // What a phishing proxy holds, sent straight to the API: the password, then the code.
  const api = page.context().request;
  const start = await api.post(`${LOCAL}/api/v1/procedures`, {
    data: { kind: 'exchange', contract_id: customer.contractId, password: customer.password },
    headers: { origin: LOCAL },
  });
  expect(start.status()).toBe(201);
  const started = await start.json();
  expect(started.step).toBe('passkey');
  const code = await api.post(`${LOCAL}/api/v1/procedures/${started.id}/current-token`, {
    data: { otp: await a.fresh() },
    headers: { origin: LOCAL },
  });
  expect((await code.json()).code).toBe('step_out_of_order');

  // Now that the contract has a passkey, the OTP login no longer proves enough to remove it:
  // the section asks for the passkey first.
  await section.getByRole('button', { name: '削除' }).click();
  await section.getByRole('button', { name: '削除する' }).click();
  await expect(section.getByRole('alert')).toContainText('ご本人の確認が必要です');
  await section.getByRole('button', { name: 'パスキーで本人確認' }).click();
  await expect(section.getByRole('status')).toContainText('ご本人の確認ができました');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await section.getByRole('button', { name: '削除' }).click();
  await section.getByRole('button', { name: '削除する' }).click();
  await expect(section.getByRole('status')).toContainText('パスキーを削除しました');
  await f.open(`${LOCAL}/exchange`);
  await f.credentials(customer);
  await f.expectStep('current-token');
});

test('keyboard-only registration; a refused passkey login says so and leaves the form as it was', async ({ page, request }) => {
  test.setTimeout(120_000);
  const { cdp, id } = await authenticator(page);
  const customer = createCustomer();
  const a = await installToken(request);
  const f = new Flows(page, 'ja');
  await activate(f, customer, a);

  // Keyboard only: log in, reach 「パスキーを登録」 with Tab, press Enter.
  await f.open(`${LOCAL}/`);
  await page.getByLabel(f.t.contractId).fill(customer.contractId);
  await page.getByLabel(f.t.password, { exact: true }).fill(customer.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login\/otp$/);
  await page.getByLabel(f.t.otp, { exact: true }).focus();
  await page.keyboard.type(await a.fresh());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/home$/);
  const register = page.getByRole('button', { name: 'パスキーを登録' });
  for (let i = 0; i < 60 && !(await register.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(register).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'パスキー' }).getByRole('status')).toContainText('パスキーを登録しました');

  // The authenticator refuses (the customer's fingerprint was not recognised, or the dialog
  // was closed): the login says so and keeps what was typed.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByLabel(f.t.contractId).fill(customer.contractId);
  await page.getByLabel(f.t.password, { exact: true }).fill(customer.password);
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId: id, isUserVerified: false });
  await page.getByRole('button', { name: 'パスキーでログイン' }).click();
  await expect(page.getByRole('alert')).toContainText('パスキーの操作が中止されました');
  await expect(page.getByLabel(f.t.contractId)).toHaveValue(customer.contractId);
  await expect(page.getByLabel(f.t.password, { exact: true })).toHaveValue(customer.password);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('the passkey autofill of the 契約者ID field logs in', async ({ page, request }) => {
  test.setTimeout(120_000);
  await authenticator(page, true);
  const customer = createCustomer();
  const a = await installToken(request);
  const f = new Flows(page, 'ja');
  await activate(f, customer, a);
  await atHome(f, customer, a);
  const section = page.getByRole('region', { name: 'パスキー' });
  await section.getByRole('button', { name: 'パスキーを登録' }).click();
  await expect(section.getByRole('status')).toContainText('パスキーを登録しました');
  await expect(page.getByLabel(f.t.contractId)).toHaveCount(0);
  // The login screen's field is marked for the browser's passkeys; the browser (here the
  // virtual authenticator, at once) offers the registered one and the customer is in.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/home$/);
  await expect(f.heading()).toContainText(customer.name);
});

// The login's ceremonies come in a chunk of their own (src/login_passkey.rs): fetched when the
// button is pointed at, and a chunk that cannot be fetched is told as the network's failure.
const ceremonyChunk = /\/split_login_passkey-[0-9a-f]{16}\.wasm$/;

test('the passkey login arrives in its own chunk when the button is pointed at', async ({ page }) => {
  await authenticator(page);
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (ceremonyChunk.test(new URL(r.url()).pathname)) fetched.push(r.url());
  });
  // Without passkey autofill nothing asks for it before the button is reached.
  await page.route(ceremonyChunk, (route) => route.abort('internetdisconnected'));
  await page.goto(`${LOCAL}/`);
  const button = page.getByRole('button', { name: 'パスキーでログイン' });
  await expect(button).toBeVisible();
  // Pointing ahead is the app's (the prerendered copy only marks presses): once it is up.
  await expect(page.locator('#prerender')).toHaveCount(0);
  expect(fetched).toEqual([]);
  await button.hover();
  await expect.poll(() => fetched.length).toBeGreaterThan(0);
  await page.getByLabel('契約者ID(利用者番号)').fill('0123456789');
  await button.click();
  await expect(page.getByRole('alert')).toContainText('通信できませんでした');
  await expect(page.getByLabel('契約者ID(利用者番号)')).toHaveValue('0123456789');
  await page.unroute(ceremonyChunk);
});
