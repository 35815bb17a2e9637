/**
 * Single flight by key: at most one run per key at a time, shared by every caller that arrives while it runs. A run
 * leaves the registry as it settles, before any caller's own continuation runs, so that a caller reacting to its end
 * starts a new one rather than joining the old.
 */
export class Flights<K, T, L = undefined> {
  private readonly running = new Map<K, { done: Promise<T>; label: L }>();
  private readonly next = new Map<K, Promise<T>>();

  /** The run under way for `key`, if any. */
  get(key: K): Promise<T> | undefined {
    return this.running.get(key)?.done;
  }

  /** What the run under way was started as (`join`'s `label`). */
  label(key: K): L | undefined {
    return this.running.get(key)?.label;
  }

  has(key: K): boolean {
    return this.running.has(key);
  }

  /** Joins the run under way for `key`, or starts one with `start`. */
  join(key: K, start: () => Promise<T>, label?: L): Promise<T> {
    const found = this.running.get(key);
    if (found) return found.done;
    const entry = { done: start(), label: label as L };
    this.running.set(key, entry);
    const end = () => {
      if (this.running.get(key) === entry) this.running.delete(key);
    };
    entry.done.then(end, end);
    return entry.done;
  }

  /**
   * A run that starts only after the one under way has ended, for a caller that needs a result from after its call
   * (the run under way may have asked before the change the caller knows of). Every caller until it starts shares
   * it; with none under way, this is `join`.
   */
  after(key: K, start: () => Promise<T>): Promise<T> {
    const current = this.running.get(key);
    if (!current) return this.join(key, start);
    let next = this.next.get(key);
    if (!next) {
      // `end` above was attached before this, so the current run has left the registry when this runs: it starts a
      // new run, or joins one another caller started since, which began after this call too.
      const go = () => {
        this.next.delete(key);
        return this.join(key, start);
      };
      next = current.done.then(go, go);
      this.next.set(key, next);
    }
    return next;
  }
}
