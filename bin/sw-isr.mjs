#!/usr/bin/env node
// The `sw-isr` command; its code is built into dist/node by `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/node/sw-isr.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('sw-isr: dist/node/sw-isr.js is missing; run `npm run build` in the sw-isr package first.');
  process.exit(1);
}
await import(cli.href);
