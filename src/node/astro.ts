export { default, type SwIsrAstroIntegration, type SwIsrAstroOptions } from './astro-integration.js';
