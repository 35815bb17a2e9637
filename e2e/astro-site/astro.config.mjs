import swIsr from 'sw-isr/astro';

// A small Astro site for the end-to-end tests (e2e/static-site.ts builds it with the packed sw-isr installed, as a
// user's project has it). An hour: a republished page reaches readers through the manifest, ahead of it.
export default {
  output: 'static',
  build: { format: 'directory' },
  integrations: [swIsr({ revalidate: 3600 })],
};
