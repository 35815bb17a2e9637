import { expect, firstVisit, labScript, test } from './fixtures.js';

test('inspector: stored pages with state and age, a live timeline, storage, and buttons that act', async ({
  page,
  context,
}, testInfo) => {
  await firstVisit(page, '/news.html');
  await page.goto('/about.html');
  const inspectorTab = await context.newPage();
  await inspectorTab.goto('/inspector.html');
  const inspector = inspectorTab.locator('sw-isr-inspector');
  const rows = inspector.locator('tbody tr');
  await expect(rows.filter({ hasText: '/news.html' })).toContainText('fresh');
  await expect(rows.filter({ hasText: '/about.html' })).toContainText('3600 s');
  await expect(rows.filter({ hasText: '/news.html' })).toContainText('news, front');
  await expect(inspector.locator('[data-storage]')).toContainText(
    /storage: [\d.]+ KB used of [\d.]+ [KMG]B \(may be cleared when the device runs short\); \d+ page\(s\) stored/,
  );

  // The other tab's navigation and a revalidation reach the timeline.
  await page.goto('/news.html');
  await expect(inspector.locator('ol')).toContainText(/HIT\s+\/news\.html/);
  await rows.filter({ hasText: '/news.html' }).getByRole('button', { name: 'Revalidate' }).click();
  await expect(inspector.locator('ol')).toContainText(/unchanged \(304 or same body\)\s+\/news\.html/);

  await inspector.getByLabel('Tag').fill('front');
  await inspector.getByRole('button', { name: 'Revalidate tag' }).click();
  await expect(inspector.locator('ol')).toContainText('tag "front": 1 page(s)');

  await inspectorTab.screenshot({ path: testInfo.outputPath('inspector.png'), fullPage: true });
  await testInfo.attach('inspector', { path: testInfo.outputPath('inspector.png'), contentType: 'image/png' });

  await inspector.getByRole('button', { name: 'Clear all pages' }).click();
  await expect(inspector.locator('tbody')).toContainText('No page stored yet.');
  await expect(inspector.locator('ol')).toContainText(/removed: revalidated on demand \(hard\)\s+\/about\.html/);
});

test('inspector: reads the stored pages through the worker, so a custom dbName works', async ({ page, lab }) => {
  const url = await lab.set('custom.html', {
    content: 'custom',
    script: labScript('data-db-name="my-db" data-inspector'),
  });
  await firstVisit(page, url);
  const rows = page.locator('sw-isr-inspector tbody tr');
  await expect(rows.filter({ hasText: 'custom.html' })).toContainText('fresh');
  // The inspector never opened (nor made) a database of its own: only the worker's is there.
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).toEqual(['my-db']);
});
