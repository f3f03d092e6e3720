import { test, expect } from '../support/fixtures';
import { Flows, type Lang } from '../pages/procedure-pages';
import { createCustomer } from '../support/customers';
import { installToken } from '../support/api';

// A bank with 8-digit contract IDs, 8-digit codes every 60 s, a 5-minute procedure, locks
// after 3 mistakes, its own serial example, app and self-reference (other-bank/bank.toml):
// every screen states those values, in both languages.

const TEXT = {
  ja: {
    idHint: '8桁の数字',
    passwordHint: '8〜20文字の半角の英字・数字・記号',
    lockNote: 'ログインパスワードを3回続けて間違えると',
    install: 'ソフトウェアトークンのアプリケーション「みどりトークン」',
    bankSelf: '当行',
    timeLimit: '「次へ」を押してから5分以内に完了してください',
    serialHint: '(例: MDRB20261201)',
    otpHint: 'トークンに表示されている8桁の数字',
    notice: 'ご登録のメールアドレスに、お手続きのお知らせをお送りします。',
    guide: ['1分ごとに変わる使い捨てのパスワード', '表示される8桁の数字', '3回続けて間違えると', 'すぐに当行までご連絡ください'],
    locked: '再開には当行でのお手続きが必要です',
    googlePlay: 'Google Play(Android)',
  },
  en: {
    idHint: '8 digits',
    passwordHint: '8–20 half-width letters, digits and symbols',
    lockNote: 'After 3 wrong login passwords in a row',
    install: 'Midori Bank’s software token app “Midori Token”',
    bankSelf: 'Midori Bank',
    timeLimit: 'you have 5 minutes to finish',
    serialHint: '(e.g. MDRB20261201)',
    otpHint: 'The 8 digits shown on the token',
    notice: 'We are sending a notice of this change to your registered e-mail address.',
    guide: ['changes every minute', 'The 8-digit number', 'After 3 wrong numbers in a row', 'Please contact Midori Bank at once'],
    locked: 'To unlock it, please contact Midori Bank.',
    googlePlay: 'Google Play (Android)',
  },
} as const;

for (const lang of ['ja', 'en'] as Lang[]) {
  const t = TEXT[lang];

  test(`another bank's values on every screen (${lang})`, async ({ page, request }) => {
    test.setTimeout(90_000);
    const customer = createCustomer('試験 みどり', 8);
    const f = new Flows(page, lang);

    await f.open('/');
    await expect(page.getByText(t.idHint, { exact: false }).first()).toBeVisible();
    await expect(page.getByText(t.passwordHint)).toBeVisible();
    await expect(page.getByText(t.lockNote)).toBeVisible();

    await f.open('/activate');
    await expect(page.getByText(t.install)).toBeVisible();
    await expect(page.getByRole('link', { name: t.googlePlay })).toHaveAttribute('href', /example\.midori\.token/);
    await expect(page.getByRole('link', { name: /App Store/ })).toHaveCount(0);
    await expect(page.getByText(t.timeLimit)).toBeVisible();

    // 利用開始 with an 8-digit, 60-second token.
    const token = await installToken(request);
    expect(token.digits).toBe(8);
    expect(token.period).toBe(60);
    await page.getByLabel(f.t.contractId).fill(customer.contractId);
    await page.getByLabel(f.t.password, { exact: true }).fill(customer.password);
    await page.getByRole('button', { name: f.t.next, exact: true }).click();
    await f.expectStep('new-token');
    await expect(page.getByText(t.serialHint)).toBeVisible();
    await expect(page.getByText(t.otpHint)).toBeVisible();
    await f.newToken(token.serial, await token.fresh());
    await f.expectStep('completed');
    await expect(page.getByRole('status')).toContainText(t.notice);

    await f.open('/help/otp');
    for (const text of t.guide) {
      await expect(page.getByText(text, { exact: false }).first()).toBeVisible();
    }
    await f.open('/exchange');
    await expect(page.getByText(t.bankSelf, { exact: false }).first()).toBeVisible();

    // Three wrong passwords lock the account; the page names this bank.
    await f.open('/');
    const password = page.getByLabel(f.t.password, { exact: true });
    for (let i = 0; i < 3; i++) {
      await page.getByLabel(f.t.contractId).fill(customer.contractId);
      await password.fill(`wrongpw${i}`);
      await page.getByRole('button', { name: f.t.login, exact: true }).click();
      // Each refusal clears the password field; the lock replaces the form.
      if (i < 2) await expect(password).toHaveValue('');
    }
    await expect(page.getByText(t.locked)).toBeVisible();
  });
}
