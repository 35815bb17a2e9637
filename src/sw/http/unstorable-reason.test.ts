import { describe, expect, it } from 'vitest';
import { unstorableReason as reasonFor, type StorageCandidate } from './unstorable-reason.js';

type Candidate = StorageCandidate & { requestHeaders: Headers; maxBodyBytes?: number };
const candidate = (overrides: Partial<Candidate> = {}): Candidate => ({
  requestHeaders: new Headers(),
  status: 200,
  type: 'basic',
  headers: new Headers({ 'content-type': 'text/html; charset=utf-8' }),
  ...overrides,
});
const unstorableReason = (c: Candidate) => reasonFor(c.requestHeaders, c, c.maxBodyBytes);

describe('unstorableReason', () => {
  it('accepts a plain HTML 200', () => {
    expect(unstorableReason(candidate())).toBeNull();
    expect(
      unstorableReason(
        candidate({
          headers: new Headers({
            'content-type': 'application/xhtml+xml',
            'cache-control': 'public, max-age=0, must-revalidate',
          }),
        }),
      ),
    ).toBeNull();
  });

  it.each([
    ['opaque response', { type: 'opaque' as const, status: 0 }],
    ['opaqueredirect response', { type: 'opaqueredirect' as const, status: 0 }],
    ['status 304', { status: 304 }],
    ['status 206', { status: 206 }],
    ['request carries Authorization', { requestHeaders: new Headers({ authorization: 'Bearer x' }) }],
    ['not HTML (text/plain)', { headers: new Headers({ 'content-type': 'text/plain' }) }],
    ['not HTML (no content-type)', { headers: new Headers() }],
    [
      'Cache-Control: no-store',
      { headers: new Headers({ 'content-type': 'text/html', 'cache-control': 'max-age=0, no-store' }) },
    ],
    [
      'Cache-Control: private',
      { headers: new Headers({ 'content-type': 'text/html', 'cache-control': 'private="set-cookie"' }) },
    ],
    ['Set-Cookie', { headers: new Headers({ 'content-type': 'text/html', 'set-cookie': 'a=1' }) }],
    ['Vary: *', { headers: new Headers({ 'content-type': 'text/html', vary: '*' }) }],
    [
      'Vary: authorization',
      { headers: new Headers({ 'content-type': 'text/html', vary: 'Accept-Encoding, Authorization' }) },
    ],
  ])('refuses: %s', (reason, overrides) => {
    expect(unstorableReason(candidate(overrides))).toBe(reason);
  });

  it('does not mistake look-alike directives', () => {
    expect(
      unstorableReason(
        candidate({ headers: new Headers({ 'content-type': 'text/html', 'cache-control': 'no-store-ish' }) }),
      ),
    ).toBeNull();
    expect(unstorableReason(candidate({ headers: new Headers({ 'content-type': 'text/htmlx' }) }))).toBe(
      'not HTML (text/htmlx)',
    );
  });
});
