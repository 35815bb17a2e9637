import type { IsrContext } from './isr-context.js';

/**
 * State owned by one module, one instance per installed engine, made on first use. Keeps the context thin: a module
 * that owns a flight or a schedule holds it here, and the others can reach it only through that module's exports.
 */
export function perContext<T>(make: (ctx: IsrContext) => T): (ctx: IsrContext) => T {
  const states = new WeakMap<IsrContext, T>();
  return (ctx) => {
    let state = states.get(ctx);
    if (state === undefined) states.set(ctx, (state = make(ctx)));
    return state;
  };
}
