// The gallery's visual review: every story × language × width rendered by two running
// builds (BEFORE_URL, AFTER_URL), compared pixel by pixel in a browser canvas, and one HTML
// report of the states that changed (before / after / difference side by side), the unchanged
// ones listed as such. Called by scripts/gallery-review.sh, which builds and serves the two.
//
//   node scripts/gallery-review.mjs BEFORE_URL AFTER_URL OUT_DIR [--langs ja,en] [--widths 320,1280]
//
// The clock is frozen (?clock=) so the demo panel's codes and rings are the same picture in
// both. Writes OUT_DIR/index.html, the PNGs beside it, and OUT_DIR/summary.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '../end2end/node_modules/playwright-core/index.mjs';

const [before, after, out, ...rest] = process.argv.slice(2);
if (!before || !after || !out) {
  console.error('usage: gallery-review.mjs BEFORE_URL AFTER_URL OUT_DIR [--langs ja,en] [--widths 320,375,768,1280]');
  process.exit(2);
}
const option = (name, fallback) => {
  const i = rest.indexOf(`--${name}`);
  return (i >= 0 ? rest[i + 1] : fallback).split(',');
};
const langs = option('langs', 'ja,en');
const widths = option('widths', '320,375,768,1280').map(Number);
const CLOCK = encodeURIComponent('2026-11-26T18:30:00+09:00');
mkdirSync(out, { recursive: true });

const started = Date.now();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});

/** The stories a build lists on its index. */
async function stories(base) {
  const page = await browser.newPage();
  await page.goto(`${base}/gallery`);
  await page.locator('a[data-story]').first().waitFor();
  const list = await page.locator('a[data-story]').evaluateAll((links) => links.map((a) => a.dataset.story));
  await page.close();
  return list;
}

/** A PNG of one story's frame in one build, or null when the build has no such story. */
async function shot(page, base, story, lang, width) {
  await page.setViewportSize({ width: Math.max(width + 320, 800), height: 900 });
  await page.goto(`${base}/gallery/${story}?lang=${lang}&width=${width}&theme=default&clock=${CLOCK}`);
  const frame = page.locator('.gallery__canvas > .gallery__frame');
  try {
    await frame.locator('main').first().waitFor({ timeout: 10_000 });
  } catch {
    return null;
  }
  await page.evaluate(() => document.fonts.ready);
  return frame.screenshot({ animations: 'disabled', caret: 'hide' });
}

// The comparison runs in a blank page's canvas: no image library to install.
const judge = await browser.newPage();
async function compare(a, b) {
  return judge.evaluate(
    async ([a, b]) => {
      const load = (b64) =>
        new Promise((resolve, reject) => {
          const img = new Image();
          img.onload = () => resolve(img);
          img.onerror = reject;
          img.src = `data:image/png;base64,${b64}`;
        });
      const [ia, ib] = await Promise.all([load(a), load(b)]);
      const w = Math.max(ia.width, ib.width);
      const h = Math.max(ia.height, ib.height);
      const pixels = (img) => {
        const c = new OffscreenCanvas(w, h);
        const x = c.getContext('2d');
        x.fillStyle = '#ff00ff';
        x.fillRect(0, 0, w, h);
        x.drawImage(img, 0, 0);
        return x.getImageData(0, 0, w, h);
      };
      const pa = pixels(ia);
      const pb = pixels(ib);
      const diff = new OffscreenCanvas(w, h);
      const dx = diff.getContext('2d');
      const out = dx.createImageData(w, h);
      let changed = 0;
      for (let i = 0; i < pa.data.length; i += 4) {
        const d =
          Math.abs(pa.data[i] - pb.data[i]) +
          Math.abs(pa.data[i + 1] - pb.data[i + 1]) +
          Math.abs(pa.data[i + 2] - pb.data[i + 2]);
        if (d > 0) {
          changed++;
          out.data.set([255, 0, 64, 255], i);
        } else {
          const grey = (pa.data[i] + pa.data[i + 1] + pa.data[i + 2]) / 3;
          out.data.set([grey, grey, grey, 40], i);
        }
      }
      if (changed === 0) return { changed: 0 };
      dx.putImageData(out, 0, 0);
      const blob = await diff.convertToBlob({ type: 'image/png' });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return { changed, diff: btoa(binary), size: `${w}×${h}` };
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

const listed = [...new Set([...(await stories(before)), ...(await stories(after))])];
const pa = await browser.newPage();
const pb = await browser.newPage();
const changed = [];
const unchanged = [];
for (const story of listed) {
  for (const lang of langs) {
    for (const width of widths) {
      const name = `${story.replace('/', '--')}--${lang}--${width}`;
      const [a, b] = [await shot(pa, before, story, lang, width), await shot(pb, after, story, lang, width)];
      const entry = { story, lang, width, name };
      if (!a || !b) {
        if (b) writeFileSync(join(out, `${name}.after.png`), b);
        if (a) writeFileSync(join(out, `${name}.before.png`), a);
        changed.push({ ...entry, note: a ? 'gone in AFTER' : 'new in AFTER' });
        continue;
      }
      const result = await compare(a, b);
      if (result.changed === 0) {
        unchanged.push(entry);
        continue;
      }
      writeFileSync(join(out, `${name}.before.png`), a);
      writeFileSync(join(out, `${name}.after.png`), b);
      writeFileSync(join(out, `${name}.diff.png`), Buffer.from(result.diff, 'base64'));
      changed.push({ ...entry, pixels: result.changed, size: result.size });
    }
  }
}
await browser.close();

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const img = (file, alt) => `<figure><figcaption>${alt}</figcaption><img src="${esc(file)}" alt="${esc(alt)}" loading="lazy"></figure>`;
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Gallery review</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; margin: 24px; color: #1b1b1b; }
section { border-top: 1px solid #d0d7de; padding: 12px 0; }
.row { display: flex; gap: 16px; align-items: flex-start; overflow-x: auto; }
figure { margin: 0; } figcaption { font-weight: 700; } img { border: 1px solid #d0d7de; max-width: 640px; }
code { font: 13px ui-monospace, Menlo, Consolas, monospace; }
</style>
<h1>Gallery review</h1>
<p>BEFORE <code>${esc(before)}</code>, AFTER <code>${esc(after)}</code>: ${listed.length} stories in
${esc(langs.join(', '))} at ${esc(widths.join(', '))} px; <strong>${changed.length} changed</strong>,
${unchanged.length} unchanged (${seconds} s).</p>
${changed
  .map(
    (c) => `<section><h2><code>${esc(c.story)}</code> · ${c.lang} · ${c.width} px ${
      c.note ? `— ${esc(c.note)}` : `— ${c.pixels} pixels of ${c.size}`
    }</h2><div class="row">${c.note ? '' : img(`${c.name}.before.png`, 'before') + img(`${c.name}.after.png`, 'after') + img(`${c.name}.diff.png`, 'difference')}</div></section>`,
  )
  .join('\n')}
<section><h2>Unchanged</h2><p>${unchanged.map((u) => `<code>${esc(u.story)} · ${u.lang} · ${u.width}</code>`).join(', ') || 'none'}</p></section>
</html>`;
writeFileSync(join(out, 'index.html'), html);
writeFileSync(
  join(out, 'summary.json'),
  JSON.stringify({ changed: changed.map(({ story, lang, width, note }) => ({ story, lang, width, note })), unchanged: unchanged.length, seconds: Number(seconds) }, null, 1),
);
console.log(`${changed.length} changed, ${unchanged.length} unchanged, in ${seconds} s: ${join(out, 'index.html')}`);
