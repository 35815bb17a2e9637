// Entry of the prebuilt `dist/sw-isr-router.js`, which the script tag loads only on a page with a client-side router
// it follows (see follow-routers.ts): the tag's store follows it from here on.
import { followRouters } from './follow-routers.js';

window.swIsr.follow(followRouters);
