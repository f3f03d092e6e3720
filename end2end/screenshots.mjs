// Walks every customer screen against a running demo server and saves PNGs at 375 and 1280 px
// in Japanese and English, for review:
//   node screenshots.mjs http://127.0.0.1:8080 ../target/screens
// Needs a demo-mode server whose database the operator CLI can reach (OTP_SERVER, OTP_DB).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';

const [, , base = 'http://127.0.0.1:8080', out = '../target/screens'] = process.argv;
const server = process.env.OTP_SERVER ?? '../target/debug/otp-server';
const db = process.env.OTP_DB ?? '../target/otp-portal-demo.sqlite3';
mkdirSync(out, { recursive: true });

const b32 = (t) => {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, v = 0; const o = [];
  for (const c of t) { v = (v << 5) | a.indexOf(c); bits += 5; if (bits >= 8) { o.push((v >>> (bits - 8)) & 255); bits -= 8; } }
  return Buffer.from(o);
};
const code = (secret, step) => {
  const c = Buffer.alloc(8); c.writeBigUInt64BE(BigInt(step));
  const m = createHmac('sha1', secret).update(c).digest(); const off = m[m.length - 1] & 15;
  return String((m.readUInt32BE(off) & 0x7fffffff) % 1e6).padStart(6, '0');
};
let used = 0;
const fresh = (secret) => { const now = Math.floor(Date.now() / 30000); const s = Math.max(now, used + 1); used = s; return code(secret, s); };

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
for (const lang of ['ja', 'en']) for (const width of [375, 1280]) {
  used = 0;
  const id = String(4000000000 + Math.floor(Math.random() * 99999999));
  execFileSync(server, ['customer', 'add', '--contract-id', id, '--name', lang === 'ja' ? '山田 花子' : 'Hanako Yamada', '--database', db], { input: 'pass1234\n' });
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  const shot = async (name) => { await page.waitForLoadState('networkidle'); await page.screenshot({ path: `${out}/${name}-${lang}-${width}.png`, fullPage: true }); };
  const token = await (await page.request.post(`${base}/api/v1/demo/tokens`, { data: {} })).json();
  const secret = b32(token.secret);
  await page.goto(base + '/');
  if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
  await shot('01-login');
  const creds = async (submit) => { await page.locator('#contract-id').fill(id); await page.locator('#password').fill('pass1234'); await page.locator('button[type=submit]').click(); };
  await page.goto(base + '/exchange'); await shot('02-exchange-credentials');
  await creds(); await page.locator('.page--problem').waitFor(); await shot('03-problem-no-token');
  await page.goto(base + '/activate'); await creds(); await page.waitForURL(/new-token/);
  await page.locator('#serial').fill('ZZZZ99999999'); await page.locator('#otp').fill('123456'); await page.locator('button[type=submit]').click();
  await page.getByRole('alert').waitFor(); await shot('04-new-token-error');
  await page.locator('#serial').fill(token.serial); await page.locator('#otp').fill(fresh(secret)); await page.locator('button[type=submit]').click();
  await page.waitForURL(/completed/); await shot('05-activate-completed');
  await page.goto(base + '/'); await creds(); await page.waitForURL(/login\/otp/); await shot('06-login-otp');
  await page.locator('#otp').fill(fresh(secret)); await page.locator('button[type=submit]').click();
  await page.waitForURL(/home/); await page.locator('.status-list').waitFor(); await shot('07-home');
  await page.goto(base + '/exchange'); await creds(); await page.waitForURL(/current-token/); await shot('08-exchange-current-token');
  await page.goto(base + '/stop'); await creds(); await page.waitForURL(/current-token/);
  await page.locator('#otp').fill(fresh(secret)); await page.locator('button[type=submit]').click();
  await page.waitForURL(/confirm/); await shot('09-stop-confirm');
  await page.goto(base + '/help/otp'); await shot('10-help-otp');
  await page.goto(base + '/help/keyboard'); await shot('11-help-keyboard');
  await ctx.close();
}
await browser.close();
console.log(`screenshots in ${out}`);
