import { afterEach, describe, expect, it, vi } from 'vitest';

// React is replaced by the two hooks the module calls, so that useFreshness runs as a plain function and hands the
// test the subscribe function React would get. The stores are fakes that count what is done to them: this tests
// the sharing per URL and the release, not the store.
let subscribeOf: (listener: () => void) => () => void = () => () => {};
vi.mock('react', () => ({
  useSyncExternalStore: (subscribe: typeof subscribeOf, getSnapshot: () => unknown) => {
    subscribeOf = subscribe;
    return getSnapshot();
  },
  useMemo: (make: () => unknown) => make(),
}));
const made: { url: string | undefined; destroyed: number; listeners: Set<() => void> }[] = [];
vi.mock('./freshness-store.js', () => ({
  createFreshnessStore: (options: { url?: string }) => {
    const fake = { url: options.url, destroyed: 0, listeners: new Set<() => void>() };
    made.push(fake);
    return {
      getSnapshot: () => ({ status: 'unknown' }),
      subscribe: (listener: () => void) => (fake.listeners.add(listener), () => fake.listeners.delete(listener)),
      revalidate: async () => true,
      applyUpdate: async () => {},
      dismiss: () => {},
      destroy: () => fake.destroyed++,
    };
  },
}));
vi.stubGlobal('window', {});
vi.stubGlobal('location', { href: 'https://site.test/app/' });
const { useFreshness } = await import('./use-freshness.js');

/** Renders the hook for `url` and subscribes as React would once it commits; returns the unsubscribe. */
function mount(url: string): () => void {
  useFreshness(url);
  return subscribeOf(() => {});
}

afterEach(() => {
  made.length = 0;
  vi.useRealTimers();
});

describe('useFreshness stores', () => {
  it('are shared per URL among the components that watch it', () => {
    vi.useFakeTimers();
    const offs = [mount('/a'), mount('https://site.test/a'), mount('/b')];
    expect(made.map((store) => store.url)).toEqual(['/a', '/b']);
    for (const off of offs) off();
    vi.runAllTimers();
  });

  it('are destroyed a task after their last subscriber leaves, and made anew for the next', () => {
    vi.useFakeTimers();
    const offA = mount('/c');
    const offB = mount('/c');
    offA();
    vi.runAllTimers();
    expect(made[0]!.destroyed).toBe(0);
    offB();
    expect(made[0]!.destroyed).toBe(0);
    vi.runAllTimers();
    expect(made[0]!.destroyed).toBe(1);
    expect(made[0]!.listeners.size).toBe(0);
    mount('/c')();
    expect(made).toHaveLength(2);
    vi.runAllTimers();
  });

  it('are kept when subscribed again before the task (StrictMode, a changed url)', () => {
    vi.useFakeTimers();
    mount('/d')();
    const off = mount('/d');
    vi.runAllTimers();
    expect(made[0]!.destroyed).toBe(0);
    off();
    vi.runAllTimers();
    expect(made[0]!.destroyed).toBe(1);
  });

  it('are kept when a render took them before the task, though it has not subscribed yet', () => {
    vi.useFakeTimers();
    const off = mount('/e');
    off();
    // A render (a time-sliced transition) reads the store; React subscribes only once that render commits.
    useFreshness('/e');
    vi.runAllTimers();
    expect(made[0]!.destroyed).toBe(0);
    subscribeOf(() => {})();
    vi.runAllTimers();
    expect(made[0]!.destroyed).toBe(1);
  });
});
