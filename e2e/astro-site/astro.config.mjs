import swIsr from 'sw-isr/astro';

// A small Astro site for the end-to-end tests (e2e/static-site.ts builds it with the packed sw-isr installed, as a
// user's project has it). An hour: a republished page reaches readers through the manifest, ahead of it. No
// prefetch on hover: a test counts the requests that reach the origin, and a pointer's path would add to them.
export default {
  output: 'static',
  prefetch: false,
  build: { format: 'directory' },
  integrations: [swIsr({ revalidate: 3600 })],
};
