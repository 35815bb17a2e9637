export { swIsr, type SwIsrPluginOptions } from './vite-plugin.js';
