import { expect, it } from 'vitest';
import { rebuilt } from './rebuilt.js';

it('rebuilds a 304 that came with an (empty) body without throwing, and keeps a 200 body', async () => {
  const fetched304 = new Response(new ReadableStream(), { status: 200 });
  // Fetched 304s carry an empty body stream; a Response cannot be built that way, so one is made by hand.
  Object.defineProperty(fetched304, 'status', { value: 304 });
  const notModified = rebuilt(fetched304, new Headers({ etag: '"a"' }));
  expect(notModified.status).toBe(304);
  expect(notModified.body).toBeNull();
  expect(notModified.headers.get('etag')).toBe('"a"');
  expect(await rebuilt(new Response('page'), new Headers()).text()).toBe('page');
});
