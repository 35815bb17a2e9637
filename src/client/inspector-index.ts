export { mountInspector, SwIsrInspector } from './inspector.js';
