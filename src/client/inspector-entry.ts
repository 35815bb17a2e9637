// Entry of the prebuilt `dist/sw-isr-inspector.js`, which the script tag loads for data-inspector: the panel goes
// into the element with id "sw-isr-inspector" when the page has one, else at the end of the page.
import { mountInspector } from './inspector.js';

const mount = () => mountInspector(document.getElementById('sw-isr-inspector') ?? document.body);
if (document.body) mount();
else addEventListener('DOMContentLoaded', mount, { once: true });
// Astro's <ClientRouter /> replaces <body> on each swap, the panel with it: a new one goes into the new body.
document.addEventListener('astro:after-swap', mount);
