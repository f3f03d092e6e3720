// Renders every gallery story in Japanese and English at 375 and 1280 px to PNG files, with
// an index.html of thumbnails, for design review:
//   node gallery-screenshots.mjs http://127.0.0.1:8080 ../target/gallery-screens
// (the server must serve a build with the gallery: ./scripts/run.sh does).
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';

const [, , base = 'http://127.0.0.1:8080', out = '../target/gallery-screens'] = process.argv;
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
await page.goto(`${base}/gallery`);
await page.locator('a[data-story]').first().waitFor();
const stories = await page.locator('a[data-story]').evaluateAll((links) => links.map((a) => a.getAttribute('data-story')));
const rows = [];
for (const story of stories) {
  const cells = [];
  for (const lang of ['ja', 'en']) {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/gallery/${story}?lang=${lang}&width=${width}&theme=default`);
      await page.locator('.gallery__frame main').waitFor();
      const file = `${story.replace('/', '--')}-${lang}-${width}.png`;
      await page.locator('.gallery__frame').screenshot({ path: `${out}/${file}` });
      cells.push(`<td><a href="${file}"><img src="${file}" width="${width === 375 ? 120 : 240}" alt="${story} ${lang} ${width}"></a></td>`);
    }
  }
  rows.push(`<tr><th>${story}</th>${cells.join('')}</tr>`);
}
writeFileSync(
  `${out}/index.html`,
  `<!doctype html><meta charset="utf-8"><title>otp-portal gallery</title>` +
    `<table><tr><th>story</th><th>ja 375</th><th>ja 1280</th><th>en 375</th><th>en 1280</th></tr>${rows.join('\n')}</table>`,
);
await browser.close();
console.log(`${stories.length} stories, ${stories.length * 4} screenshots in ${out}`);
