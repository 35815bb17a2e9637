// Entry of the prebuilt `dist/sw-isr-morph.js`, which the script tag loads for data-update="morph".
import { morphStored } from './morph-document.js';

window.swIsrMorph = morphStored;
