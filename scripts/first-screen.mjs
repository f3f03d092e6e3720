// The first screen on a slow phone, measured in Debian's Chromium (run by scripts/lighthouse.sh):
// the network and CPU throttled as Lighthouse's mobile preset simulates them (150 ms RTT,
// 1.6 Mbit/s down, 750 kbit/s up, 4x CPU slowdown), a fresh profile each run. For `/`, per run:
// first contentful paint; largest contentful paint (of a visit without input, which would end
// it); when a character typed into the
// contract-ID field appears in it (typing is tried from the moment the field is painted); when
// ログイン, pressed at once after it, shows that it acts (busy, or the app's request); the bytes
// fetched (as transferred) before that first interaction and before the network is quiet for
// 1 s without any interaction, and when the app has taken over from the prerendered copy
// (that visit). For a deep link to `/home` (logged in as the demo customer): when
// its heading is shown, and the bytes before the network is quiet. Times in ms from the start of
// navigation; then the medians.
//
//   node scripts/first-screen.mjs ORIGIN RUNS
import { createRequire } from 'node:module';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [origin, runs = '5'] = process.argv.slice(2);
const base = origin.replace(/\/$/, '');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** A throttled page in a fresh context, counting the bytes it receives. */
async function throttledPage() {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const bytes = { total: 0, last: Date.now() };
  cdp.on('Network.requestWillBeSent', () => { bytes.last = Date.now(); });
  cdp.on('Network.loadingFinished', (e) => { bytes.total += e.encodedDataLength; bytes.last = Date.now(); });
  await page.addInitScript(() => {
    const w = window;
    w.__firstScreen = { lcp: 0, typed: 0, appUp: 0 };
    // When the app has taken over from the prerendered copy (its #app shown, with content).
    new MutationObserver(() => {
      const app = document.getElementById('app');
      if (!w.__firstScreen.appUp && app && !app.hidden && app.childElementCount) {
        w.__firstScreen.appUp = performance.now();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__firstScreen.lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    document.addEventListener('input', (e) => {
      if (!w.__firstScreen.typed && e.target.id === 'contract-id' && e.target.value) {
        w.__firstScreen.typed = performance.now();
      }
    }, true);
  });
  return { context, page, bytes };
}

/** Waits until nothing was sent or received for `quietMs`. */
async function quiet(bytes, quietMs = 1000) {
  while (Date.now() - bytes.last < quietMs) await new Promise((r) => setTimeout(r, 100));
}

async function login() {
  const { context, page, bytes } = await throttledPage();
  await page.goto(`${base}/`, { waitUntil: 'commit' });
  // Typing is tried as soon as the field is there, as an impatient customer would.
  const field = page.locator('#contract-id').first();
  await field.waitFor({ state: 'visible', timeout: 60000 });
  while (!(await page.evaluate(() => window.__firstScreen.typed))) {
    await field.focus().catch(() => {});
    await page.keyboard.type('0').catch(() => {});
    await page.waitForTimeout(20);
  }
  const typed = await page.evaluate(() => window.__firstScreen.typed);
  const beforeInteraction = bytes.total;
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  // ログイン pressed at once: when does it show that it acts?
  const pressedAt = await page.evaluate(() => performance.now());
  await page.locator('.form__actions .button--primary').first().click();
  await page.waitForFunction(() => {
    const b = document.querySelector('.form__actions .button--primary');
    return b && (b.getAttribute('aria-busy') === 'true' || document.querySelector('.error-summary:not([hidden])'));
  }, null, { timeout: 60000, polling: 'raf' });
  const responded = await page.evaluate(() => performance.now());
  await context.close();
  // A second visit that does nothing: the bytes before the network is quiet.
  const idle = await throttledPage();
  await idle.page.goto(`${base}/`, { waitUntil: 'load' });
  await quiet(idle.bytes);
  const idleBytes = idle.bytes.total;
  // The largest contentful paint of the visit without input (input ends its observation).
  const { appUp, lcp } = await idle.page.evaluate(() => window.__firstScreen);
  await idle.context.close();
  return { fcp, lcp, typed, pressed: responded - pressedAt, beforeInteraction, idleBytes, appUp };
}

async function home() {
  const { context, page, bytes } = await throttledPage();
  const answer = await context.request.post(`${base}/api/v1/login`, {
    data: { contract_id: '0123456789', password: 'demo1234' },
    headers: { Origin: base },
  });
  if (!answer.ok()) throw new Error(`the demo login failed: ${answer.status()}`);
  await page.goto(`${base}/home`, { waitUntil: 'commit' });
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 60000 });
  const shown = await page.evaluate(() => performance.now());
  await quiet(bytes);
  const result = { shown, bytes: bytes.total };
  await context.close();
  return result;
}

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const results = [];
for (let i = 0; i < Number(runs); i++) {
  const r = { ...(await login()), home: await home() };
  results.push(r);
  console.log(`run ${i + 1}: FCP ${r.fcp.toFixed(0)} ms  LCP ${r.lcp.toFixed(0)} ms  typed character shown ${r.typed.toFixed(0)} ms` +
    `  ログイン acts after ${r.pressed.toFixed(0)} ms  app up ${r.appUp.toFixed(0)} ms  bytes before typing ${kb(r.beforeInteraction)}` +
    `  idle until quiet ${kb(r.idleBytes)}  /home shown ${r.home.shown.toFixed(0)} ms, ${kb(r.home.bytes)} until quiet`);
}
const median = (pick) => {
  const v = results.map(pick).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};
console.log(`median of ${results.length}: FCP ${median((r) => r.fcp).toFixed(0)} ms  LCP ${median((r) => r.lcp).toFixed(0)} ms` +
  `  typed character shown ${median((r) => r.typed).toFixed(0)} ms (${median((r) => r.typed - r.fcp).toFixed(0)} ms after FCP)` +
  `  ログイン acts after ${median((r) => r.pressed).toFixed(0)} ms  app up ${median((r) => r.appUp).toFixed(0)} ms` +
  `  bytes before typing ${kb(median((r) => r.beforeInteraction))}` +
  `  idle until quiet ${kb(median((r) => r.idleBytes))}  /home shown ${median((r) => r.home.shown).toFixed(0)} ms,` +
  ` ${kb(median((r) => r.home.bytes))} until quiet`);
await browser.close();
