import { test, expect } from '../support/fixtures';
import { DEMO, LoginPage } from '../pages/login-page';

test.describe('login screen', () => {
  test('shows both sections of the seed with all labels and buttons', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await expect(page.getByRole('heading', { name: 'ログイン', exact: true })).toBeVisible();
    // The browser's passkeys are offered in the field's autofill too.
    await expect(login.contractId).toHaveAttribute('autocomplete', 'username webauthn');
    await expect(login.password).toHaveAttribute('type', 'password');
    await expect(page.getByRole('link', { name: '戻る' })).toBeVisible();
    await expect(login.submit).toBeVisible();
    await expect(page.getByRole('heading', { name: 'ワンタイムパスワード管理' })).toBeVisible();
    for (const name of ['利用開始', '交換', '利用中止']) {
      await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
    }
    await expect(page.getByRole('link', { name: 'ワンタイムパスワードご案内(概要説明はこちら)' })).toBeVisible();
    // The bank's name comes from GET /config.
    await expect(page.getByRole('banner')).toContainText('さくら信用金庫');
  });

  test('the demo customer logs in and sees their name', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.logIn(DEMO.contractId, DEMO.password);
    await expect(page).toHaveURL(/\/home$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`ようこそ、${DEMO.name} 様`);
    // The session survives a reload: it lives on the server, not in the page.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`ようこそ、${DEMO.name} 様`);
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto('/home');
    await expect(page).toHaveURL(/\/$/);
  });

  test('a full-width contract ID typed by an IME is accepted', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.logIn('０１２３４５６７８９', DEMO.password);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(DEMO.name);
  });

  test('a wrong password is refused with a clear message and the ID is kept', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.logIn(DEMO.contractId, 'wrong9999');
    await expect(login.errorSummary).toContainText(
      '契約者ID(利用者番号)またはログインパスワードが正しくありません。',
    );
    await expect(login.password).toHaveValue('');
    await expect(login.contractId).toHaveValue(DEMO.contractId);
    await expect(page).toHaveURL(/\/$/);
  });

  test('empty fields are named before any request is sent', async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    let requests = 0;
    // The password login's request only: the passkey autofill asks for its challenge by itself
    // once the page is idle.
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/login') requests++;
    });
    await login.submit.click();
    await expect(login.errorSummary).toContainText('契約者ID(利用者番号): 入力してください。');
    await expect(login.contractId).toHaveAttribute('aria-invalid', 'true');
    expect(requests).toBe(0);
  });

  test('English is selectable and remembered across reloads', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'English' }).click();
    const login = new LoginPage(page, 'en');
    await expect(login.contractId).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(login.contractId).toBeVisible();
    await login.logIn(DEMO.contractId, 'wrong9999');
    await expect(login.errorSummary).toContainText('The contract ID or the login password is incorrect.');
    await page.getByRole('button', { name: '日本語' }).click();
    await expect(new LoginPage(page).contractId).toBeVisible();
  });
});
