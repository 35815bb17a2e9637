import type { PrecacheProgress } from '../../shared/protocol.js';

/** One URL to store ahead of any visit. */
export interface PrecacheEntry {
  /** Absolute URL. */
  url: string;
  /** The manifest's hash of what should be stored; null: any stored copy will do. */
  revision: string | null;
  /** A page (page cache, revalidated like any page) or a file (asset cache); null: decided by its URL. */
  page: boolean | null;
}

/**
 * The worker-wide facts kept in IndexedDB's `state` store, by key: what must outlive a worker restart. Reads and
 * writes go through these types (page-meta-db.ts), so a key and its value's shape cannot drift apart.
 */
export interface WorkerState {
  /**
   * The validators of the last site manifest read, for the next check's conditional request, and the state of a
   * version 2 manifest last applied in full (see site-manifest.ts): the next check fetches only what changed since.
   */
  manifest: {
    url: string;
    etag: string | null;
    lastModified: string | null;
    state?: string | null;
    /** When the origin served the head of that state (its `Date` less its `Age`, ms since the epoch). */
    appliedAt?: number;
    /**
     * That head's `generatedAt`: another head naming the same state (a precache list changed, a folder put back) says
     * nothing of the pages stored since, which are then looked up; the same head read again, only of older copies.
     */
    generatedAt?: string;
  };
  /** The manifest's precache entries, as the last manifest check found them. */
  'manifest-precache': PrecacheEntry[];
  /** What the last precache pass kept (pages, files, the files the offline page needs) and how it went. */
  precache: { urls: string[]; progress: PrecacheProgress | null };
  /** Navigations the origin redirected within the site, by their URL, to where they were seen to land. */
  redirects: Record<string, string>;
  /** Files no longer needed, each with the ids of the tabs open when that happened (see collect-assets.ts). */
  'retired-assets': Record<string, string[]>;
  /** When the stores were last reconciled (ms since the epoch; 0: at the next start), see reconcile.ts. */
  reconciled: number;
}
