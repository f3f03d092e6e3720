import { test, expect } from '../support/fixtures';
import AxeBuilder from '@axe-core/playwright';
import { Flows } from '../pages/procedure-pages';
import { createCustomer } from '../support/customers';
import { installToken } from '../support/api';

test('wrong codes for a new token end the procedure with its own page; the token stays free', async ({ page, request }) => {
  const customer = createCustomer();
  const token = await installToken(request);
  const f = new Flows(page);
  await f.open('/activate');
  await f.credentials(customer);
  await f.expectStep('new-token');
  for (let i = 0; i < 4; i++) {
    const answered = page.waitForResponse('**/new-token');
    await f.newToken(token.serial, '000000');
    expect((await answered).status()).toBe(401);
  }
  await f.newToken(token.serial, '000000');
  await expect(f.heading()).toHaveText('お手続きを終了しました');
  await expect(page.getByText('登録内容は変更されていません')).toBeVisible();
  await page.reload();
  await expect(f.heading()).toHaveText('お手続きを終了しました');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  // Starting again, the same token registers: it was never locked.
  await page.getByRole('link', { name: '最初からやり直す' }).click();
  await f.open('/activate');
  await f.credentials(customer);
  await f.newToken(token.serial, await token.fresh());
  await f.expectStep('completed');
});

test('too many new procedures for one contract: the form says how long to wait', async ({ page, request }) => {
  const customer = createCustomer();
  // Ten procedures started (and left) from elsewhere within the hour.
  for (let i = 0; i < 10; i++) {
    const started = await request.post('/api/v1/procedures', {
      data: { kind: 'activate', contract_id: customer.contractId, password: customer.password },
    });
    expect(started.status()).toBe(201);
  }
  const f = new Flows(page);
  await f.open('/activate');
  await f.credentials(customer);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('一時的に受付を制限しています');
  await expect(alert).toContainText(/\d+分ほど待ってから、もう一度お試しください。/);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  // The same in English.
  await page.getByRole('button', { name: 'English' }).click();
  await new Flows(page, 'en').credentials(customer);
  await expect(alert).toContainText(/Please wait about \d+ minutes and try again\./);
});
