import type { BrowserContext, Page } from '@playwright/test';
import { expect, firstVisit, test } from './fixtures.js';

// The demo installs as a progressive web app: every page links the web app manifest (demo/site/manifest.webmanifest),
// and Chromium, asked over the DevTools protocol, finds nothing that would stop it offering to install the site.

/**
 * A page in a browser with a profile on disk. Playwright's usual contexts are off the record, and Chromium offers to
 * install nothing from an incognito window (installability error "in-incognito"), whatever the site.
 */
const withProfile = test.extend<{ profile: BrowserContext; profilePage: Page }>({
  profile: async ({ playwright, launchOptions, baseURL }, use, testInfo) => {
    const context = await playwright.chromium.launchPersistentContext(testInfo.outputPath('profile'), {
      ...launchOptions,
      baseURL,
      serviceWorkers: 'allow',
    });
    await use(context);
    await context.close();
  },
  profilePage: async ({ profile }, use) => {
    await use(profile.pages()[0] ?? (await profile.newPage()));
  },
});

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

const DEMO_PAGES = ['/', '/news.html', '/about.html', '/react.html', '/publish.html', '/inspector.html'];

// Chromium only: the installability report and the parsed manifest come from CDP (Page.getInstallabilityErrors,
// Page.getAppManifest); no other engine exposes them to a test. The links themselves are checked in every engine below.
withProfile(
  'demo: Chromium finds the demo installable, with a manifest it parses without errors',
  { tag: '@chromium-only' },
  async ({ profile, profilePage: page }) => {
    await firstVisit(page, '/');
    const cdp = await profile.newCDPSession(page);

    const manifest = await cdp.send('Page.getAppManifest', {});
    expect(manifest.url).toBe(new URL('/manifest.webmanifest', page.url()).href);
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data ?? '{}') as Record<string, unknown>;
    expect(data).toMatchObject({
      name: 'sw-isr demo',
      short_name: 'sw-isr',
      start_url: '/',
      scope: '/',
      display: 'standalone',
    });

    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  },
);

test("demo: the manifest's icons are served as the images it declares, at the sizes it declares", async ({
  page,
  request,
}) => {
  const response = await request.get('/manifest.webmanifest');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/manifest+json');
  const manifest = (await response.json()) as { theme_color: string; background_color: string; icons: ManifestIcon[] };
  // The colours of demo/site/demo.css: the header's navy and the page's background.
  expect(manifest.theme_color).toBe('#1d2330');
  expect(manifest.background_color).toBe('#fafbfd');
  expect(manifest.icons.map((icon) => [icon.sizes, icon.type, icon.purpose ?? 'any'])).toEqual([
    ['any', 'image/svg+xml', 'any'],
    ['192x192', 'image/png', 'any'],
    ['512x512', 'image/png', 'any'],
    ['512x512', 'image/png', 'maskable'],
  ]);

  await page.goto('/about.html');
  for (const icon of manifest.icons) {
    const image = await request.get(icon.src);
    expect(image.status(), icon.src).toBe(200);
    expect(image.headers()['content-type'], icon.src).toBe(icon.type);
    expect((await image.body()).length, icon.src).toBeLessThan(10_000);
    // The browser decodes it, and a PNG is as large as the manifest says.
    const size = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return `${img.naturalWidth}x${img.naturalHeight}`;
    }, icon.src);
    if (icon.type === 'image/png') expect(size, icon.src).toBe(icon.sizes);
  }
});

test('demo: every page links the manifest, the theme colour, the icon and the Apple touch icon', async ({
  page,
  request,
}) => {
  for (const path of DEMO_PAGES) {
    await page.goto(path);
    const manifest = await page.locator('link[rel="manifest"]').evaluate((link) => (link as HTMLLinkElement).href);
    expect(manifest, path).toBe(new URL('/manifest.webmanifest', page.url()).href);
    await expect(page.locator('meta[name="theme-color"]'), path).toHaveAttribute('content', '#1d2330');
    for (const [selector, type] of [
      ['link[rel="icon"]', 'image/svg+xml'],
      ['link[rel="apple-touch-icon"]', 'image/png'],
    ] as const) {
      const href = await page.locator(selector).getAttribute('href');
      expect(href, `${path} ${selector}`).toBeTruthy();
      const image = await request.get(href!);
      expect(image.status(), `${path} ${href}`).toBe(200);
      expect(image.headers()['content-type'], `${path} ${href}`).toBe(type);
    }
  }
});

// Chromium only, as the installability check above.
withProfile(
  'a page without a manifest link is not installable (the check above can fail)',
  { tag: '@chromium-only' },
  async ({ profile, profilePage: page, lab }) => {
    await firstVisit(page, await lab.set('no-manifest.html', {}));
    const cdp = await profile.newCDPSession(page);
    expect((await cdp.send('Page.getAppManifest', {})).url).toBe('');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.map((error) => error.errorId)).toEqual(['no-manifest']);
  },
);
