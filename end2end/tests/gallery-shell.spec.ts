import { test, expect } from '../support/fixtures';
import AxeBuilder from '@axe-core/playwright';

// The gallery's shell as a designer uses it: the sidebar by keyboard, the stress modes, the
// frozen clock, another bank's configuration, the index's live thumbnails, and axe on the
// shell itself (the stories' own axe runs are in gallery.spec.ts).

const frame = '.gallery__canvas > .gallery__frame';

test('the sidebar finds and opens a story by keyboard alone, and marks it', async ({ page }) => {
  await page.goto('/gallery/login/empty?lang=ja&width=375&theme=default');
  const search = page.getByRole('searchbox');
  // Tab from the top of the page to the search box.
  for (let i = 0; i < 80 && !(await search.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(search).toBeFocused();
  await page.keyboard.type('otp-invalid');
  const sidebar = page.getByRole('navigation', { name: /画面と状態|Screens and states/ });
  await expect(sidebar.getByRole('link', { name: 'otp-invalid' })).toHaveCount(2);
  await expect(sidebar.getByRole('link', { name: 'empty' })).toHaveCount(0);
  await page.keyboard.press('Tab');
  await expect(sidebar.getByRole('link', { name: 'otp-invalid' }).first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/gallery\/login-otp\/otp-invalid\?lang=ja&width=375&theme=default$/);
  await expect(page.locator('[aria-current="page"]')).toHaveText('otp-invalid');
  await expect(page.locator('.gallery__label')).toContainText('login-otp/otp-invalid · 375 px · ja · default · default');
});

test('each stress mode changes what the story shows', async ({ page }) => {
  const base = '/gallery/home/token?lang=en&width=375&theme=default';
  // Each load waits for the story's screen: the app sets the modes as it mounts.
  const open = async (url: string) => {
    await page.goto(url);
    await expect(page.locator(`${frame} main`)).toBeVisible();
  };
  await open(base);
  const plain = await page.locator(frame).innerText();
  const brand = await page.locator(`${frame} .site-header`).evaluate((el) => getComputedStyle(el).backgroundColor);
  const rootSize = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);

  // Pseudo-localisation: every text marked and longer.
  await open(`${base}&pseudo=1`);
  await expect(page.locator(`${frame} h1`)).toContainText('⟦');
  const pseudo = await page.locator(frame).innerText();
  expect(pseudo.length).toBeGreaterThan(plain.length * 1.25);
  expect(await page.locator('.gallery__toolbar').innerText()).not.toContain('⟦');

  // Long names: the bank's, the customer's and the serial.
  await open(`${base}&long=1`);
  await expect(page.locator(frame)).toContainText('Michinoku Kitakami River Basin');
  await expect(page.locator(frame)).toContainText('Alexandrina-Wilhelmina');
  await expect(page.locator(frame)).toContainText('VSSTVSST********56785678');

  // Text at 200 %: the root's size doubles (the screens' rem follow it), the shell's does not.
  await open(`${base}&text=200`);
  await expect(page.locator('html')).toHaveClass(/gallery-text200/);
  const large = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  expect(parseFloat(large)).toBe(parseFloat(rootSize) * 2);
  const toolbarSize = await page.locator('.gallery__toolbar').evaluate((el) => getComputedStyle(el).fontSize);
  expect(toolbarSize).toBe('13px');

  // Forced colours: the brand's header colour gives way to the system's.
  await open(`${base}&forced=1`);
  const forced = await page.locator(`${frame} .site-header`).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(forced).not.toBe(brand);

  // Reduced motion: the demo token's ring no longer moves.
  const panel = '/gallery/demo/panel-open?lang=en&width=375&theme=default';
  await open(panel);
  const ring = () =>
    page.locator(`${frame} .demo-token__ring-left`).first().evaluate((el) => getComputedStyle(el).transitionProperty);
  expect(await ring()).toBe('stroke-dashoffset');
  await open(`${panel}&motion=reduce`);
  expect(await ring()).toBe('none');

  // The toolbar's toggles say which modes are on, and turn them off again.
  await open(`${base}&pseudo=1&long=1`);
  // (The shell speaks the app's language, Japanese here; the frame the story's.)
  const toolbar = page.getByRole('navigation', { name: /表示の切り替え|Display controls/ });
  const pseudoToggle = toolbar.getByRole('link', { name: /疑似翻訳|pseudo-locale/ });
  await expect(pseudoToggle).toHaveAttribute('aria-current', 'true');
  await pseudoToggle.click();
  await expect(page).toHaveURL(/long=1$/);
  await expect(page.locator(`${frame} h1`)).not.toContainText('⟦');
});

test('the frozen clock shows the same moment on every load', async ({ page }) => {
  const at = (clock: string) => `/gallery/demo/panel-open?lang=ja&width=375&theme=default&clock=${encodeURIComponent(clock)}`;
  const read = async () => ({
    left: await page.locator('.demo-token__left').first().innerText(),
    code: await page.locator('.demo-token__code').first().innerText(),
  });
  await page.goto(at('2026-12-01T09:00:10+09:00'));
  const first = await read();
  expect(first.left).toContain('20');
  await page.waitForTimeout(1500);
  expect(await read()).toEqual(first);
  await page.reload();
  expect(await read()).toEqual(first);
  // Another moment, another code.
  await page.goto(at('2026-12-01T09:00:40+09:00'));
  expect((await read()).code).not.toBe(first.code);

  // The soft keyboard's shuffled order is the moment's too.
  await page.goto('/gallery/login/soft-keyboard-open?lang=ja&width=375&theme=default&clock=2026-12-01T09:00:00%2B09:00');
  const keys = () => page.locator(`${frame} .soft-keyboard__key`).allInnerTexts();
  await expect(page.locator(`${frame} .soft-keyboard__key`).first()).toBeVisible();
  const order = await keys();
  await page.reload();
  await expect(page.locator(`${frame} .soft-keyboard__key`).first()).toBeVisible();
  expect(await keys()).toEqual(order);

  // A procedure's deadline is counted from the frozen moment.
  await page.goto('/gallery/exchange/current-token?lang=ja&width=375&theme=default&clock=2026-12-01T09:00:00%2B09:00');
  await expect(page.locator(`${frame} .expires`)).toContainText('12月1日');
  await expect(page.locator(`${frame} .expires`)).toContainText('09:10');
});

test("another bank's configuration shows its own words and numbers", async ({ page }) => {
  await page.goto('/gallery/login/field-errors?lang=ja&width=375&theme=default&config=other-bank');
  await expect(page.locator(`${frame} .site-header`)).toContainText('みどり銀行');
  await expect(page.locator(frame)).toContainText('8桁');
  await page.goto('/gallery/activate/new-token?lang=ja&width=375&theme=default&config=other-bank');
  await expect(page.locator(frame)).toContainText('MDRB20261201');
  await expect(page.locator(frame)).toContainText('8桁の数字');
  await page.goto('/gallery/activate/credentials?lang=ja&width=375&theme=default&config=other-bank');
  await expect(page.locator(frame)).toContainText('みどりトークン');
  await page.goto('/gallery/login/empty?lang=ja&width=375&theme=default');
  await expect(page.locator(`${frame} .site-header`)).not.toContainText('みどり銀行');
  // A bank's file that is not there says so, in place of the screen.
  await page.goto('/gallery/login/empty?lang=en&width=375&theme=default&config=no-such-bank');
  await expect(page.getByRole('alert')).toContainText('gallery-banks/no-such-bank.json');
});

test('the index shows every state live and small, and the shell passes axe', async ({ page }) => {
  await page.goto('/gallery?lang=ja&width=375&theme=default');
  const cards = page.locator('.gallery-card a[data-story]');
  const count = await cards.count();
  expect(count).toBeGreaterThanOrEqual(45);
  await expect(page.locator('.gallery-card__thumb .gallery__frame main')).toHaveCount(count);
  // The thumbnails are pictures: out of the tab order and the accessibility tree.
  await expect(page.locator('.gallery-card__thumb[inert][aria-hidden="true"]')).toHaveCount(count);
  for (const [url, exclude] of [
    ['/gallery?lang=ja&width=375&theme=default', '.gallery-card__thumb'],
    ['/gallery/login/empty?lang=en&width=375&theme=default', '.gallery__frame'],
  ]) {
    await page.goto(url);
    await expect(page.locator('.gallery__sidebar')).toBeVisible();
    const results = await new AxeBuilder({ page }).exclude(exclude).analyze();
    expect(results.violations, `${url}: ${JSON.stringify(results.violations, null, 1)}`).toEqual([]);
  }
});

test('a grid shows a screen in 2 languages × 2 widths × 2 themes, each cell labelled and real', async ({ page }) => {
  await page.goto('/gallery/grid/login?states=invalid-credentials&lang=ja,en&width=320,1280&theme=default,midori');
  const cells = page.locator('.gallery-grid__cell');
  await expect(cells).toHaveCount(8);
  await expect(cells.locator('figcaption')).toHaveText([
    'invalid-credentials · ja · 320 px · default',
    'invalid-credentials · ja · 320 px · midori',
    'invalid-credentials · ja · 1280 px · default',
    'invalid-credentials · ja · 1280 px · midori',
    'invalid-credentials · en · 320 px · default',
    'invalid-credentials · en · 320 px · midori',
    'invalid-credentials · en · 1280 px · default',
    'invalid-credentials · en · 1280 px · midori',
  ]);
  for (let i = 0; i < 8; i++) {
    const frame = cells.nth(i).locator('.gallery__frame');
    const [lang, width, theme] = [i < 4 ? 'ja' : 'en', i % 4 < 2 ? 320 : 1280, i % 2 ? 'midori' : 'default'];
    await expect(frame).toHaveAttribute('lang', lang);
    await expect(frame).toHaveClass(new RegExp(`theme-${theme}`));
    expect((await frame.boundingBox())!.width).toBe(width);
    // The real screen: its refusal, in the cell's language.
    await expect(frame.getByRole('alert')).toContainText(lang === 'ja' ? '正しくありません' : 'incorrect');
  }
  // The whole grid as one PNG, its own size (every cell, the 1280 px ones included).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /PNGで保存|Save as PNG/ }).click();
  const file = await (await download).path();
  const png = (await import('node:fs')).readFileSync(file);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const scroll = await page.locator('#gallery-grid').evaluate((el) => [el.scrollWidth, el.scrollHeight]);
  expect(width).toBeGreaterThanOrEqual(1280);
  expect([width, height]).toEqual(scroll);
  expect((await (await download).suggestedFilename())).toBe('login-grid.png');
});

test('the accessibility panel lists an injected violation, outlined; the theme editor checks contrast and its file reads back', async ({ page }) => {
  await page.goto('/gallery/login/empty?lang=en&width=375&theme=default&axe=1');
  const axe = page.locator('.gallery-axe');
  await expect(axe).toContainText(/No violations found|違反は見つかりませんでした/);
  // A button without a name, put into the story behind its back.
  await page.locator(`${frame} main`).evaluate((main) => {
    const button = document.createElement('button');
    button.id = 'injected';
    main.appendChild(button);
  });
  await page.getByRole('button', { name: /Check this screen|この画面を検査する/ }).click();
  await expect(axe.locator('[data-rule="button-name"]')).toBeVisible();
  await expect(page.locator('#injected')).toHaveClass(/gallery-axe-fail/);

  // The default theme passes every pair; a pale brand colour fails white text on it.
  await expect(page.locator('.gallery-contrast tbody tr')).toHaveCount(12);
  await expect(page.locator('.gallery-contrast--fail')).toHaveCount(0);
  await page.locator('#gallery-theme--brand').fill('#aaddcc');
  await expect(page.locator('[data-pair="--brand-contrast --brand"]')).toHaveClass(/gallery-contrast--fail/);
  const header = page.locator(`${frame} .site-header`);
  await expect(header).toHaveCSS('background-color', 'rgb(170, 221, 204)');
  const exported = await page.locator('.gallery-theme__export').inputValue();
  expect(exported).toContain('.theme-mybank {');
  expect(exported).toContain('--brand: #aaddcc;');

  // The exported file, pasted into a fresh page, gives the same theme and the same file.
  await page.reload();
  await expect(header).not.toHaveCSS('background-color', 'rgb(170, 221, 204)');
  await page.locator('.gallery-theme__import').fill(exported);
  await page.getByRole('button', { name: /Apply|適用する/ }).click();
  await expect(header).toHaveCSS('background-color', 'rgb(170, 221, 204)');
  await expect(page.locator('.gallery-theme__export')).toHaveValue(exported);
});

test("each story's note says what it is, when a customer meets it, its code and the seed's wording", async ({ page }) => {
  await page.goto('/gallery/login/invalid-credentials?lang=ja&width=375&theme=default');
  const note = page.locator('.gallery-notes');
  await expect(note.locator('code')).toHaveText('invalid_credentials');
  await expect(note.locator('[lang="ja"]').first()).toContainText('IDまたはパスワード誤り');
  await expect(note.locator('[lang="en"]').first()).toContainText('Wrong contract ID or password');
  await page.goto('/gallery/exchange/credentials?lang=ja&width=375&theme=default');
  await expect(note).toContainText('「契約者ID」および「ログインパスワード」を入力し、「次へ」');
});
