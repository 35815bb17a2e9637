import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { registerWorker } from '../../src/client/index.js';
import { useFreshness } from '../../src/client/react.js';

// The same worker URL as the script-tag pages, so both kinds of page share one registration.
void registerWorker({ worker: '/sw-isr-worker.js', workerOptions: { revalidate: 20, offlinePage: '/offline.html' } });

function useNow(every: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [every]);
  return now;
}

function FreshnessPanel() {
  const freshness = useFreshness();
  const now = useNow(1000);
  const age = freshness.fetchedAt === null ? null : Math.max(0, Math.round((now - freshness.fetchedAt) / 1000));
  return (
    <>
      <aside id="freshness" aria-label="Freshness of this page">
        <p>
          Status: <strong data-testid="status">{freshness.status}</strong> ·{' '}
          <span data-testid="age">{age === null ? 'not stored yet' : `updated ${age} s ago`}</span>
          {freshness.interval !== null && <> · revalidates every {freshness.interval} s</>}
        </p>
        <p data-testid="offline">
          {freshness.offlineReady
            ? 'Available offline.'
            : freshness.precache &&
              `Making this site available offline: ${freshness.precache.done}/${freshness.precache.total}`}
        </p>
        <button type="button" onClick={() => void freshness.revalidate()}>
          Revalidate now
        </button>
      </aside>
      {freshness.hasUpdate && (
        <div className="update-banner" role="status">
          A new edition of this page is ready.{' '}
          <button type="button" onClick={() => void freshness.applyUpdate()}>
            Show it
          </button>{' '}
          <button type="button" onClick={freshness.dismiss}>
            Later
          </button>
        </div>
      )}
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <FreshnessPanel />
  </StrictMode>,
);
