import { privateDirective } from './cache-control.js';

/** The parts of a response that decide whether it may be stored. */
export type StorageCandidate = Pick<Response, 'status' | 'type' | 'headers'>;

const HTML = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;

/** The `Vary` entry that makes a response one reader's own (`Cookie`, `Authorization`, `*`), or undefined. */
function personalVary(headers: Headers): string | undefined {
  return (headers.get('vary') ?? '')
    .toLowerCase()
    .split(',')
    .map((name) => name.trim())
    .find((name) => name === '*' || name === 'cookie' || name === 'authorization');
}

/** Whether a response is one reader's own by its headers: `private` or `no-store`, or varying on who asks. */
export function isPersonal(headers: Headers): boolean {
  return !!privateDirective(headers.get('cache-control')) || !!personalVary(headers);
}

/**
 * Why a response must not be stored, or null when it may be. Conservative on purpose: a page that is wrongly not
 * stored only costs a network request, a page wrongly stored can show one reader's private page to the next.
 *
 * Browsers hide `Set-Cookie` from service workers, so its check here only covers runtimes that expose it; a page
 * that sets cookies must also say `Cache-Control: private` or `no-store`, as any shared cache requires.
 */
export function unstorableReason(
  requestHeaders: Headers,
  { status, type, headers }: StorageCandidate,
  /** Bodies declared larger than this are not stored. */
  maxBodyBytes = Infinity,
): string | null {
  if (type === 'opaque' || type === 'opaqueredirect') return `${type} response`;
  if (status !== 200) return `status ${status}`;
  if (requestHeaders.has('authorization')) return 'request carries Authorization';
  const contentType = headers.get('content-type') ?? '';
  if (!HTML.test(contentType)) return `not HTML (${contentType || 'no content-type'})`;
  const directive = privateDirective(headers.get('cache-control'));
  if (directive) return `Cache-Control: ${directive}`;
  if (headers.has('set-cookie')) return 'Set-Cookie';
  const varied = personalVary(headers);
  if (varied) return `Vary: ${varied}`;
  const length = Number(headers.get('content-length'));
  if (length > maxBodyBytes) return `body of ${length} bytes above maxBodyBytes`;
  return null;
}
