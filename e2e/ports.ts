/** The demo origin during tests (apart from `npm start`'s 4173, so both can run at once). */
export const DEMO_PORT = 4317;
/** The tests' fake origin, e2e/lab-server.mjs. */
export const LAB_PORT = 4318;
export const LAB_ORIGIN = `http://127.0.0.1:${LAB_PORT}`;
