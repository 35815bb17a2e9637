// Compile-only type tests of the hook's public surface: tsc checks this file in npm test, and each line marked as
// an expected error fails the type check if the misuse below it ever compiles.
import type { FreshnessStatus } from './react.js';
import { useFreshness } from './react.js';

const freshness = useFreshness();
const status: FreshnessStatus = freshness.status;
const fetchedAt: number | null = freshness.fetchedAt;
const hasUpdate: boolean = freshness.hasUpdate;
const revalidated: Promise<boolean> = freshness.revalidate();
void freshness.applyUpdate('morph');
void freshness.applyUpdate();
useFreshness('/news.html', { revalidateOnFocus: false, refreshInterval: 30_000, updateMode: 'reload' });

// @ts-expect-error a URL is a string
useFreshness(42);
// @ts-expect-error unknown option (a typo of revalidateOnFocus)
useFreshness(undefined, { revalidateOnFocuss: true });
// @ts-expect-error an update is shown by reload or morph only
void freshness.applyUpdate('replace');
// @ts-expect-error snapshot fields are read-only
freshness.status = 'fresh';
// @ts-expect-error 'stale-ish' is no status
const wrong: FreshnessStatus = 'stale-ish';

void [status, fetchedAt, hasUpdate, revalidated, wrong];
