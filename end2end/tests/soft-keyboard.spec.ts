import { type Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import AxeBuilder from '@axe-core/playwright';
import { createCustomer } from '../support/customers';

const name = (c: string) => (/[a-z]/.test(c) ? `小文字${c}` : /[A-Z]/.test(c) ? `大文字${c}` : c);

async function layout(page: Page): Promise<string> {
  return (await page.locator('.soft-keyboard__key').allTextContents()).join(' ');
}

test('log in typing the password only with mouse clicks on the soft keyboard', async ({ page }) => {
  const customer = createCustomer();
  await page.goto('/');
  await page.getByLabel('契約者ID(利用者番号)').fill(customer.contractId);
  await page.getByRole('button', { name: 'ソフトウェアキーボード入力' }).click();
  const keyboard = page.getByRole('group', { name: 'ソフトウェアキーボード' });
  await expect(keyboard).toBeVisible();
  for (const c of customer.password) {
    await keyboard.getByRole('button', { name: name(c), exact: true }).click();
  }
  await expect(page.getByLabel('ログインパスワード', { exact: true })).toHaveValue(customer.password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page).toHaveURL(/\/home$/);
});

test('log in with the keyboard only, through the soft keyboard buttons', async ({ page }) => {
  const customer = createCustomer();
  await page.goto('/');
  await page.getByLabel('契約者ID(利用者番号)').focus();
  await page.keyboard.type(customer.contractId);
  const toggle = page.getByRole('button', { name: 'ソフトウェアキーボード入力' });
  while (!(await toggle.evaluate((el) => el === document.activeElement))) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  // Into the keys: Tab past the help link and the fixed-layout option.
  const firstKey = page.locator('.soft-keyboard__key').first();
  while (!(await firstKey.evaluate((el) => el === document.activeElement))) await page.keyboard.press('Tab');
  const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
  for (const c of customer.password) {
    // Walk the keys with the arrow keys until the wanted one has focus, then press Space.
    await page.keyboard.press('Home');
    while ((await focusedName()) !== name(c)) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
  }
  await expect(page.getByLabel('ログインパスワード', { exact: true })).toHaveValue(customer.password);
  // Down and up move between rows.
  const before = await focusedName();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  expect(await focusedName()).toBe(before);
  const submit = page.getByRole('button', { name: 'ログイン', exact: true });
  while (!(await submit.evaluate((el) => el === document.activeElement))) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/home$/);
});

test('two openings give different layouts unless the layout is fixed', async ({ page }) => {
  await page.goto('/');
  const toggle = page.getByRole('button', { name: 'ソフトウェアキーボード入力' });
  await toggle.click();
  const first = await layout(page);
  await toggle.click();
  await toggle.click();
  const second = await layout(page);
  expect(second).not.toBe(first);
  await page.getByLabel('キー配列を固定').check();
  const fixed = await layout(page);
  expect(fixed.startsWith('0 1 2 3 4 5 6 7 8 9 a b c d')).toBeTruthy();
  await page.reload();
  await toggle.click();
  expect(await layout(page)).toBe(fixed);
  await expect(page.getByLabel('キー配列を固定')).toBeChecked();
  await page.getByLabel('キー配列を固定').uncheck();
});

test('the physical keyboard and paste still work, and axe finds nothing with the keyboard open', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'ソフトウェアキーボード入力' }).click();
  const password = page.getByLabel('ログインパスワード', { exact: true });
  await password.fill('typed12');
  await page.getByRole('button', { name: '小文字x' }).click();
  await expect(password).toHaveValue('typed12x');
  await expect(password).toHaveAttribute('autocomplete', 'current-password');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});

for (const width of [320, 1280]) {
  test(`the keyboard fits ${width} px without sideways scrolling, keys at least 44 px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/');
    await page.getByRole('button', { name: 'ソフトウェアキーボード入力' }).click();
    await page.getByRole('button', { name: 'Shift' }).click();
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll).toBeLessThanOrEqual(client);
    for (const box of await page.locator('.soft-keyboard__key').evaluateAll((keys) => keys.map((k) => k.getBoundingClientRect()))) {
      expect(box.width).toBeGreaterThanOrEqual(44);
      expect(box.height).toBeGreaterThanOrEqual(44);
    }
    await page.locator('.soft-keyboard').screenshot({ path: `test-results/soft-keyboard-${width}.png` });
  });
}
