import { type Page, expect } from '@playwright/test';
import type { Customer } from '../support/customers';

/** The labels the procedure screens show, per language. */
export const LABELS = {
  ja: {
    contractId: '契約者ID(利用者番号)',
    password: 'ログインパスワード',
    otp: 'ワンタイムパスワード',
    serial: 'シリアル番号',
    next: '次へ',
    register: '登録',
    login: 'ログイン',
    stopConfirm: '利用中止する',
    activate: '利用開始',
    exchange: '交換',
    stop: '利用中止',
    activated: 'ワンタイムパスワードの利用を開始しました',
    exchanged: 'ソフトウェアトークンの交換が完了しました',
    stopped: 'ワンタイムパスワードの利用を中止しました',
    toLogin: 'ログイン画面へ',
    english: 'English',
    logout: 'ログアウト',
  },
  en: {
    contractId: 'Contract ID (user number)',
    password: 'Login password',
    otp: 'One-time password',
    serial: 'Serial number',
    next: 'Next',
    register: 'Register',
    login: 'Log in',
    stopConfirm: 'Stop using',
    activate: 'Activate',
    exchange: 'Exchange',
    stop: 'Stop',
    activated: 'One-time passwords are now active',
    exchanged: 'Your token has been exchanged',
    stopped: 'You have stopped using one-time passwords',
    toLogin: 'To the login page',
    english: 'English',
    logout: 'Log out',
  },
} as const;

export type Lang = keyof typeof LABELS;

/** The procedure screens and the login, driven by role and label. */
export class Flows {
  readonly t: (typeof LABELS)[Lang];

  constructor(readonly page: Page, readonly lang: Lang = 'ja') {
    this.t = LABELS[lang];
  }

  async open(path: string) {
    await this.page.goto(path);
    if (this.lang === 'en') {
      // The app's switch (not the prerendered copy's), once the language this browser chose
      // is shown: it offers English only while the page is in Japanese.
      await expect(this.page.locator('#prerender')).toHaveCount(0);
      await expect(this.page.locator('.site-header')).toBeVisible();
      await expect(this.page.locator('.site-header')).not.toHaveAttribute('aria-busy', 'true');
      const toggle = this.page.locator('.language-switch__button');
      if ((await toggle.textContent()) === 'English') await toggle.click();
      await expect(toggle).toHaveText('日本語');
    }
  }

  async credentials(customer: Customer, submit: string = this.t.next) {
    await this.page.getByLabel(this.t.contractId).fill(customer.contractId);
    await this.page.getByLabel(this.t.password, { exact: true }).fill(customer.password);
    await this.page.getByRole('button', { name: submit, exact: true }).click();
  }

  async otp(code: string, submit: string = this.t.next) {
    await this.page.getByLabel(this.t.otp, { exact: true }).fill(code);
    await this.page.getByRole('button', { name: submit, exact: true }).click();
  }

  async newToken(serial: string, code: string) {
    await this.page.getByLabel(this.t.serial, { exact: true }).fill(serial);
    await this.page.getByLabel(this.t.otp, { exact: true }).fill(code);
    await this.page.getByRole('button', { name: this.t.register, exact: true }).click();
  }

  async expectStep(step: string) {
    await expect(this.page).toHaveURL(new RegExp(`/procedures/[^/]+/${step}$`));
  }

  heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
}
