import { type Locator, type Page, expect } from '@playwright/test';

/** The login screen (`/`), located by role and label as a person would find things. */
export class LoginPage {
  readonly contractId: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly errorSummary: Locator;

  constructor(readonly page: Page, readonly lang: 'ja' | 'en' = 'ja') {
    const ja = lang === 'ja';
    this.contractId = page.getByLabel(ja ? '契約者ID(利用者番号)' : 'Contract ID (user number)');
    this.password = page.getByLabel(ja ? 'ログインパスワード' : 'Login password', { exact: true });
    this.submit = page.getByRole('button', { name: ja ? 'ログイン' : 'Log in', exact: true });
    this.errorSummary = page.getByRole('alert');
  }

  async goto() {
    await this.page.goto('/');
    await expect(this.contractId).toBeVisible();
  }

  async logIn(contractId: string, password: string) {
    await this.contractId.fill(contractId);
    await this.password.fill(password);
    await this.submit.click();
  }
}

/** The demo customer that `serve --demo` seeds. */
export const DEMO = { contractId: '0123456789', password: 'demo1234', name: '山田 太郎' };
