import { test, expect } from '../support/fixtures';
import AxeBuilder from '@axe-core/playwright';

test('every gallery story renders from fixtures, without errors or API calls, and passes axe in both themes', async ({ page }) => {
  test.setTimeout(600_000);
  // The list comes from the gallery's own registry (its index), so no story is forgotten.
  await page.goto('/gallery');
  const stories = await page.locator('a[data-story]').evaluateAll((links) => links.map((a) => a.getAttribute('data-story')!));
  expect(stories.length).toBeGreaterThanOrEqual(45);

  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const apiCalls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/')) apiCalls.push(r.url());
  });

  for (const story of stories) {
    for (const [lang, theme] of [['ja', 'default'], ['ja', 'midori'], ['en', 'default']]) {
      const url = `/gallery/${story}?lang=${lang}&width=375&theme=${theme}`;
      await page.goto(url);
      await expect(page.locator('.gallery__frame main')).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', /ja|en/);
      const results = await new AxeBuilder({ page }).include('.gallery__frame').analyze();
      expect(results.violations, `${url}: ${JSON.stringify(results.violations, null, 1)}`).toEqual([]);
    }
  }
  expect(errors).toEqual([]);
  expect(apiCalls).toEqual([]);
});

test('deep links keep the language, width and theme', async ({ page }) => {
  await page.goto('/gallery/home/idle-warning?lang=en&width=320&theme=midori');
  await expect(page.getByRole('alertdialog')).toContainText('You will be logged out soon');
  await expect(page.locator('.gallery__frame')).toHaveClass(/theme-midori/);
  expect(await page.locator('.gallery__frame').evaluate((el) => getComputedStyle(el).maxWidth)).toBe('320px');
  // The theme is custom properties only: the brand colour changes.
  const brand = await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
  // The theme's switch (the configuration's switch has a 'default' too).
  await page.locator('.gallery__toolbar a[href*="theme=default"]').click();
  await expect(page).toHaveURL(/theme=default/);
  const defaultBrand = await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(brand).not.toBe(defaultBrand);
  await page.getByRole('link', { name: 'ja', exact: true }).click();
  await expect(page.getByRole('alertdialog')).toContainText('まもなく自動的にログアウトします');
});
