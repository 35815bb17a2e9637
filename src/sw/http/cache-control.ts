/**
 * The directives of a Cache-Control value, by lower-case name, each with its argument unquoted ('' for none): one
 * reading for every rule that looks at it (what may be stored, how long a file is fresh). `private="set-cookie"`
 * is `private` like a bare one.
 */
export function cacheControl(value: string | null): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (value ?? '').toLowerCase().split(',')) {
    const [name = '', argument = ''] = part.split('=');
    if (name.trim()) found.set(name.trim(), argument.trim().replace(/^"|"$/g, ''));
  }
  return found;
}

/** The `no-store` or `private` directive of a Cache-Control value, or null. */
export function privateDirective(value: string | null): 'no-store' | 'private' | null {
  const directives = cacheControl(value);
  return directives.has('no-store') ? 'no-store' : directives.has('private') ? 'private' : null;
}
