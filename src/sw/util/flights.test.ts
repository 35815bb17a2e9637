import { describe, expect, it } from 'vitest';
import { Flights } from './flights.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('Flights', () => {
  it('shares a run among callers and forgets it once settled', async () => {
    const flights = new Flights<string, number>();
    const gate = deferred<number>();
    let starts = 0;
    const start = () => (starts++, gate.promise);
    const a = flights.join('k', start);
    const b = flights.join('k', start);
    expect(a).toBe(b);
    expect(flights.has('k')).toBe(true);
    gate.resolve(1);
    await a;
    expect(flights.has('k')).toBe(false);
    expect(starts).toBe(1);
  });

  it('forgets a failed run too, so the next caller starts again', async () => {
    const flights = new Flights<string, number>();
    await expect(flights.join('k', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await flights.join('k', async () => 2)).toBe(2);
  });

  it('keeps a label per run', () => {
    const flights = new Flights<string, number, 'miss' | 'revalidate'>();
    void flights.join('k', () => new Promise(() => {}), 'miss');
    expect(flights.label('k')).toBe('miss');
    expect(flights.label('other')).toBeUndefined();
  });

  it('runs `after` callers once more after the run under way, all in one run', async () => {
    const flights = new Flights<string, number>();
    const first = deferred<number>();
    const starts: string[] = [];
    void flights.join('k', () => (starts.push('first'), first.promise));
    const x = flights.after('k', async () => (starts.push('again'), 2));
    const y = flights.after('k', async () => (starts.push('again'), 3));
    expect(x).toBe(y);
    expect(starts).toEqual(['first']);
    first.reject(new Error('origin down'));
    expect(await x).toBe(2);
    expect(starts).toEqual(['first', 'again']);
  });

  it('starts at once when nothing runs', async () => {
    const flights = new Flights<string, number>();
    expect(await flights.after('k', async () => 5)).toBe(5);
  });
});
