import { test, expect } from '../support/fixtures';
import { Flows } from '../pages/procedure-pages';
import { createCustomer } from '../support/customers';
import { LoginPage } from '../pages/login-page';

// Every route but the login screen comes in a chunk of its own (src/lazy.rs).

test('the login screen fetches what a login leads to once it is idle, the rest when pointed at', async ({ page }) => {
  const chunks: string[] = [];
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname;
    if (/^\/split_[a-z_]+-[0-9a-f]{16}\.wasm$/.test(name)) chunks.push(name);
  });
  await page.goto('/');
  await expect(page.getByLabel('契約者ID(利用者番号)')).toBeVisible();
  await expect.poll(() => chunks.some((c) => c.startsWith('/split_home-'))).toBe(true);
  await expect.poll(() => chunks.some((c) => c.startsWith('/split_login_otp-'))).toBe(true);
  // A visitor who does nothing fetches no procedure, no help page and no wrong-state page.
  await page.waitForLoadState('networkidle');
  const fetched = (name: string) => chunks.some((c) => c.startsWith(`/split_${name}-`));
  expect(['activate', 'exchange', 'stop', 'procedure', 'help_otp', 'help_keyboard', 'problem_page'].filter(fetched))
    .toEqual([]);
  // Pointing at 交換 fetches its start page and the procedure's steps; focusing the guide's
  // link, the help page.
  await page.getByRole('link', { name: '交換' }).hover();
  await expect.poll(() => fetched('exchange') && fetched('procedure')).toBe(true);
  expect(fetched('activate') || fetched('stop')).toBe(false);
  await page.getByRole('link', { name: 'ワンタイムパスワードご案内' }).focus();
  await expect.poll(() => fetched('help_otp')).toBe(true);
  // A login sent fetches the wrong-state pages beside its answer (a refusal may show one).
  const customer = createCustomer();
  await new LoginPage(page).logIn(customer.contractId, customer.password);
  await expect.poll(() => fetched('problem_page')).toBe(true);
});

test('a route whose chunk cannot be fetched says so and offers a retry', async ({ page }) => {
  await page.route(/\/split_help_otp-[0-9a-f]{16}\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.goto('/help/otp');
  await expect(page.getByRole('alert')).toContainText('通信できませんでした');
  await page.unroute(/\/split_help_otp-[0-9a-f]{16}\.wasm$/);
  await page.getByRole('button', { name: 'もう一度試す' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ワンタイムパスワードご案内');
});

// The English catalog is a chunk of its own too (src/i18n/locale.rs): fetched when English is
// chosen, never for a customer who reads Japanese.
const english = /\/split_english-[0-9a-f]{16}\.wasm$/;

test('English is fetched only when it is chosen', async ({ page }) => {
  const chunks: string[] = [];
  page.on('request', (r) => chunks.push(new URL(r.url()).pathname));
  await page.goto('/');
  await expect(page.getByLabel('契約者ID(利用者番号)')).toBeVisible();
  await expect.poll(() => chunks.some((c) => c.startsWith('/split_home-'))).toBe(true);
  await page.waitForLoadState('networkidle');
  expect(chunks.filter((c) => english.test(c))).toEqual([]);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in to Internet Banking.');
  expect(chunks.filter((c) => english.test(c))).toHaveLength(1);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('a returning English reader sees English, and no Japanese while it is on its way', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('otp-portal.lang', 'en'));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(english, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto('/help/otp');
  await expect(page.locator('.site-header')).toHaveAttribute('aria-busy', 'true');
  await expect(page.getByRole('button', { name: 'English' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
  release();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('About one-time passwords');
  await expect(page.getByRole('button', { name: '日本語' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('English that cannot be fetched leaves the page as it is and says so', async ({ page }) => {
  await page.route(english, (route) => route.abort('internetdisconnected'));
  await page.goto('/');
  await page.getByLabel('契約者ID(利用者番号)').fill('0123456789');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '英語の表示を読み込めませんでした' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('インターネットバンキングにログインします。');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await page.unroute(english);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in to Internet Banking.');
  await expect(page.getByLabel('Contract ID (user number)')).toHaveValue('0123456789');
  await expect(page.getByText('英語の表示を読み込めませんでした')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('otp-portal.lang'))).toBe('en');
});

// The wrong-state pages come in a chunk of their own (src/components/problem_page.rs), fetched
// beside a login or a procedure's start (a refusal may show one).
const problemChunk = /\/split_problem_page-[0-9a-f]{16}\.wasm$/;

test('a wrong-state page whose chunk cannot be fetched says so; the retry shows it', async ({ page }) => {
  const customer = createCustomer();
  const f = new Flows(page);
  await page.route(problemChunk, (route) => route.abort('internetdisconnected'));
  await f.open('/exchange');
  await f.credentials(customer);
  await expect(page.getByRole('alert')).toContainText('通信できませんでした');
  await page.unroute(problemChunk);
  await page.getByRole('button', { name: 'もう一度試す' }).click();
  await f.credentials(customer);
  await expect(f.heading()).toHaveText('ご利用中のワンタイムパスワードがありません');
});

test('a page opened on a lazy route fetches its chunks beside the first module, each over the network once', async ({ page, context }) => {
  // A new context (an empty cache) on a slow network (not page.route, which turns the cache
  // off): the help page's chunk is asked for while the first module is still arriving.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 20, downloadThroughput: (4 * 1024 * 1024) / 8, uploadThroughput: (4 * 1024 * 1024) / 8,
  });
  const chunk: { id: string; at: number }[] = [];
  const fromCache = new Set<string>();
  let firstModule = '';
  let firstModuleDone = Infinity;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (/\/split_help_otp-[0-9a-f]{16}\.wasm$/.test(e.request.url)) chunk.push({ id: e.requestId, at: e.timestamp });
    if (/\/otp-portal-[0-9a-f]{16}_bg\.wasm$/.test(e.request.url)) firstModule = e.requestId;
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (e.requestId === firstModule) firstModuleDone = e.timestamp;
  });
  cdp.on('Network.requestServedFromCache', (e) => fromCache.add(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache) fromCache.add(e.requestId);
  });
  await page.goto('/help/otp');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(chunk.length).toBeGreaterThan(0);
  expect(chunk[0].at).toBeLessThan(firstModuleDone);
  // Asked twice (the loader's fetch, then the chunk loader's with its integrity), transferred
  // once: the second is the cache's.
  await expect.poll(() => chunk.length).toBe(2);
  expect(chunk.filter((c) => !fromCache.has(c.id))).toHaveLength(1);
});

test('a page opened on home asks the API for what it shows beside the first module, each once', async ({ page, context }) => {
  const customer = createCustomer();
  const answer = await context.request.post('/api/v1/login', {
    data: { contract_id: customer.contractId, password: customer.password },
  });
  expect(answer.ok()).toBe(true);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 20, downloadThroughput: (4 * 1024 * 1024) / 8, uploadThroughput: (4 * 1024 * 1024) / 8,
  });
  const asked: Record<string, number[]> = {};
  let firstModule = '';
  let firstModuleDone = Infinity;
  cdp.on('Network.requestWillBeSent', (e) => {
    const path = new URL(e.request.url).pathname;
    if (path.startsWith('/api/v1/')) (asked[path] ??= []).push(e.timestamp);
    if (/\/otp-portal-[0-9a-f]{16}_bg\.wasm$/.test(path)) firstModule = e.requestId;
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (e.requestId === firstModule) firstModuleDone = e.timestamp;
  });
  await page.goto('/home');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(customer.name);
  await expect(page.getByRole('heading', { name: 'パスキー' })).toBeVisible();
  // Preloaded by the page's loader while the first module arrives; the app's own requests
  // take those answers (one request each).
  for (const path of ['/api/v1/config', '/api/v1/session', '/api/v1/passkeys']) {
    expect(asked[path], path).toHaveLength(1);
    expect(asked[path][0], path).toBeLessThan(firstModuleDone);
  }
});
