// The first screen on a slow phone, measured in Debian's Chromium (run by scripts/lighthouse.sh):
// the network and CPU throttled as Lighthouse's mobile preset simulates them (150 ms RTT,
// 1.6 Mbit/s down, 750 kbit/s up, 4x CPU slowdown), a fresh profile each run. For each run:
// first contentful paint, largest contentful paint, and when the login form accepts input (the
// app's contract-ID field is in the page: the prerendered copy is inert), in ms from the start
// of navigation; then the medians.
//
//   node scripts/first-screen.mjs URL RUNS
import { createRequire } from 'node:module';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [url, runs = '5'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function once() {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    const w = window;
    w.__firstScreen = { lcp: 0, input: 0 };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__firstScreen.lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    const seen = () => {
      const field = document.querySelector('#contract-id');
      if (field && !field.closest('#prerender') && !w.__firstScreen.input) w.__firstScreen.input = performance.now();
    };
    new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__firstScreen.input > 0, null, { timeout: 60000 });
  // LCP entries stop at the first input; none is given, so wait a moment for a late one.
  await page.waitForTimeout(500);
  const result = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    lcp: window.__firstScreen.lcp,
    input: window.__firstScreen.input,
  }));
  await context.close();
  return result;
}

const results = [];
for (let i = 0; i < Number(runs); i++) {
  const r = await once();
  results.push(r);
  console.log(`run ${i + 1}: FCP ${r.fcp.toFixed(0)} ms  LCP ${r.lcp.toFixed(0)} ms  form accepts input ${r.input.toFixed(0)} ms`);
}
const median = (k) => {
  const v = results.map((r) => r[k]).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};
console.log(`median of ${results.length}: FCP ${median('fcp').toFixed(0)} ms  LCP ${median('lcp').toFixed(0)} ms  form accepts input ${median('input').toFixed(0)} ms`);
await browser.close();
