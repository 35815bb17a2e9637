import { perContext } from '../context/per-context.js';

/**
 * Until when (ms) an inspector wants each navigation's verdict announced; 0: none is open. Set by the message
 * route on an `inspect` request, read by the navigation route after each answer.
 */
export const inspection = perContext(() => ({ until: 0 }));
