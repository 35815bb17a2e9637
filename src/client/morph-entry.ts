// Entry of the prebuilt `dist/sw-isr-morph.js`, which the script tag loads for data-update="morph".
import { morphDocument } from './morph-document.js';

window.swIsrMorph = morphDocument;
