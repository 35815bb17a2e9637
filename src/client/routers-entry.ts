// Entry of the prebuilt `dist/sw-isr-routers.js`, which the script tag loads on a page with a client-side router to
// follow (see ROUTER_METAS): it starts following for the tag's store, which left its watch's arguments on `window`.
import { followRouters } from './follow-routers.js';

const watch = window.swIsrRouters;
if (watch) {
  followRouters(...watch);
  // A router that moved before this file ran (a click while it loaded: on an online load the worker asks the
  // origin for it first) went unfollowed: the store catches up with the page on screen, whose version it then
  // takes to be the stored one, as for a page shown from payloads.
  if (new URL(window.swIsr.getSnapshot().url).pathname !== location.pathname) watch[0](null);
}
