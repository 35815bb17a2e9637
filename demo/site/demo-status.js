// Shows window.swIsr's snapshot of this page, live. Plain script: the demo needs no build step beyond sw-isr's own.
addEventListener('DOMContentLoaded', () => {
  const store = window.swIsr;
  const aside = document.getElementById('freshness');
  if (!store || !aside) return;
  const field = (name) => aside.querySelector(`[data-field="${name}"]`);
  const render = () => {
    const s = store.getSnapshot();
    field('status').textContent = s.status;
    field('servedFrom').textContent = s.servedFrom ?? 'network (worker not in control yet)';
    field('age').textContent = s.fetchedAt === null ? '–' : `${Math.round((Date.now() - s.fetchedAt) / 1000)} s ago`;
    field('interval').textContent = s.interval === null ? '–' : `${s.interval} s`;
    const p = s.precache;
    field('offline').textContent = s.offlineReady
      ? `ready: the site's ${p.total} declared pages and files are saved on this device`
      : p
        ? `making this site available offline: ${p.done}/${p.total}${p.failed ? ` (${p.failed} to retry)` : ''}`
        : '–';
  };
  store.subscribe(render);
  setInterval(render, 1000);
  render();
  document.getElementById('revalidate').addEventListener('click', () => void store.revalidate());
});
