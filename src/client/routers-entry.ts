// Entry of the prebuilt `dist/sw-isr-routers.js`, which the script tag loads on a page with a client-side router to
// follow (see ROUTER_METAS): it starts following for the tag's store, which left its watch's arguments on `window`.
import { followRouters } from './follow-routers.js';

const watch = window.swIsrRouters;
if (watch) followRouters(...watch);
// Astro's <ClientRouter /> replaces <body> on each swap: the tag's banner goes into the new one.
let banner: Element | null;
document.addEventListener('astro:before-swap', () => (banner = document.querySelector('sw-isr-banner')));
document.addEventListener('astro:after-swap', () => banner && document.body.append(banner));
