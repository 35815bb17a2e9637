// Entry of the prebuilt `dist/sw-isr-banner.js`, which the script tag loads unless data-banner="off". Defining the
// element upgrades the one the tag put in the document, which carries the tag's store.
import { defineBanner } from './banner.js';

defineBanner();
