// A small Next.js site for the end-to-end tests (e2e/static-site.ts builds it with `next build`, then runs the
// packed package's `sw-isr build out`, as the README's recipe says): a static export, one folder per route. The
// navigation links do not prefetch (see app/layout.jsx), as a test counts the requests that reach the origin; two
// links in pages do (Next's default), for the tests of prefetched routes.
export default {
  output: 'export',
  trailingSlash: true,
};
