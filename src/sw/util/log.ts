/**
 * The worker's console output: `sw-isr <code>` followed by the details (a URL, an error). Each code is explained
 * in the README's "Worker console" table; the prebuilt worker carries the short codes, not sentences (issue 15:
 * the sentences were about 0.8 KB of its min+gzip size).
 */
export function warn(code: string, ...details: unknown[]): void {
  console.warn(`sw-isr ${code}`, ...details);
}
