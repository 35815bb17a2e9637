import { afterEach, describe, expect, it, vi } from 'vitest';

// The stores are fakes that count what is done to them: this tests the sharing and the release, not the store.
const made: { url: string | undefined; destroyed: number; listeners: Set<() => void> }[] = [];
vi.mock('./freshness-store.js', () => ({
  createFreshnessStore: (options: { url?: string }) => {
    const fake = { url: options.url, destroyed: 0, listeners: new Set<() => void>() };
    made.push(fake);
    return {
      getSnapshot: () => null,
      subscribe: (listener: () => void) => (fake.listeners.add(listener), () => fake.listeners.delete(listener)),
      destroy: () => fake.destroyed++,
    };
  },
}));
vi.stubGlobal('location', { href: 'https://site.test/app/' });
const { sharedStore } = await import('./use-freshness.js');

afterEach(() => {
  made.length = 0;
  vi.useRealTimers();
});

describe('sharedStore', () => {
  it('shares one store per URL among its subscribers', () => {
    const a = sharedStore('/a', undefined);
    expect(sharedStore('https://site.test/a', undefined)).toBe(a);
    expect(sharedStore('/b', undefined)).not.toBe(a);
    expect(made.map((store) => store.url)).toEqual(['/a', '/b']);
  });

  it('destroys a store a task after its last subscriber leaves, and makes a new one for the next', () => {
    vi.useFakeTimers();
    const store = sharedStore('/c', undefined);
    const offA = store.subscribe(() => {});
    const offB = store.subscribe(() => {});
    offA();
    vi.runAllTimers();
    expect(made[0]!.destroyed).toBe(0);
    offB();
    expect(made[0]!.destroyed).toBe(0);
    vi.runAllTimers();
    expect(made[0]!.destroyed).toBe(1);
    expect(made[0]!.listeners.size).toBe(0);
    expect(sharedStore('/c', undefined)).not.toBe(store);
    expect(made).toHaveLength(2);
  });

  it('keeps a store that is subscribed again before the task (StrictMode, a changed url)', () => {
    vi.useFakeTimers();
    const store = sharedStore('/d', undefined);
    store.subscribe(() => {})();
    const off = store.subscribe(() => {});
    vi.runAllTimers();
    expect(made[0]!.destroyed).toBe(0);
    expect(sharedStore('/d', undefined)).toBe(store);
    off();
    vi.runAllTimers();
    expect(made[0]!.destroyed).toBe(1);
  });
});
