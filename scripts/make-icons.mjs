// Draws the demo's app icons (demo/site/icons/): a refresh arrow around a lightning bolt on the header's navy.
// Writes icon.svg, then renders the PNGs the web app manifest and Apple's touch icon need with Chromium, and
// stores them as indexed PNGs to keep them small. Usage: node scripts/make-icons.mjs
// (SW_ISR_CHROMIUM picks the browser; Debian's /usr/bin/chromium otherwise). Rerun it after changing the drawing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo', 'site', 'icons');
const NAVY = '#1d2330'; // demo.css: the header's background, the manifest's theme_color
const LINK = '#cfe0ff'; // demo.css: the header's links
const BOLT = '#ffd25e';

/** A point on the arrow's circle (centre 256,256), at `degrees` clockwise from three o'clock. */
function at(/** @type {number} */ degrees, radius = 148) {
  const a = (degrees * Math.PI) / 180;
  return [256 + radius * Math.cos(a), 256 + radius * Math.sin(a)].map((n) => Math.round(n * 10) / 10);
}

/**
 * The drawing, on a 512 × 512 canvas. `rounded`: the square has rounded corners (transparent outside); otherwise
 * it fills the canvas, as maskable and Apple icons must, and the glyph stays inside the maskable safe zone (a circle
 * of radius 205 around the centre).
 */
function svg(rounded = true) {
  const [sx, sy] = at(-62);
  const [ex, ey] = at(232);
  // The arrowhead, at the arc's end, pointing the way the arc turns (clockwise).
  const tip = at(250);
  const outer = at(226, 188);
  const inner = at(226, 108);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
<rect width="512" height="512"${rounded ? ' rx="112"' : ''} fill="${NAVY}"/>
<path d="M${sx} ${sy}A148 148 0 1 1 ${ex} ${ey}" fill="none" stroke="${LINK}" stroke-width="34" stroke-linecap="round"/>
<path d="M${tip.join(' ')}L${outer.join(' ')}L${inner.join(' ')}Z" fill="${LINK}" stroke="${LINK}" stroke-width="8" stroke-linejoin="round"/>
<path d="M284 150L200 272h52l-24 92 88-128h-54z" fill="${BOLT}" stroke="${BOLT}" stroke-width="6" stroke-linejoin="round"/>
</svg>
`;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(/** @type {Buffer} */ bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(/** @type {string} */ type, /** @type {Buffer} */ data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** @typedef {{r: number, g: number, b: number, a: number}} Colour */

/** `#rrggbb`, opaque. @returns {Colour} */
const colour = (/** @type {string} */ hex) => ({
  r: parseInt(hex.slice(1, 3), 16),
  g: parseInt(hex.slice(3, 5), 16),
  b: parseInt(hex.slice(5, 7), 16),
  a: 255,
});

/**
 * The icons' palette: the steps between the navy and each colour drawn on it (the glyphs' antialiased edges), then
 * the navy fading to transparent (the rounded corners' edge). Every pixel of the drawing is one of these, give or
 * take a rounding, so an indexed PNG holds it in a third of the bytes of an RGBA one.
 * @returns {Colour[]}
 */
function palette(steps = 24) {
  const navy = colour(NAVY);
  const colours = [navy];
  const mix = (/** @type {number} */ from, /** @type {number} */ to, /** @type {number} */ k) =>
    Math.round(from + ((to - from) * k) / steps);
  for (const other of [colour(LINK), colour(BOLT)]) {
    for (let k = 1; k <= steps; k++)
      colours.push({ r: mix(navy.r, other.r, k), g: mix(navy.g, other.g, k), b: mix(navy.b, other.b, k), a: 255 });
  }
  for (let k = 0; k < steps; k++) colours.push({ ...navy, a: mix(0, 255, k) });
  return colours;
}

/**
 * An 8-bit indexed PNG of the pixels, each mapped to its nearest colour in the palette; with a transparency chunk
 * only when some pixel is not opaque.
 * @param {Uint8ClampedArray} rgba @param {number} size @param {Colour[]} colours
 */
function png(rgba, size, colours) {
  /** @type {Map<number, number>} */
  const nearest = new Map();
  const indices = Buffer.alloc(size * (size + 1)); // each row: filter type 0 (none), then one index per pixel
  let transparent = false;
  for (let p = 0; p < size * size; p++) {
    const at = (/** @type {number} */ c) => rgba[p * 4 + c] ?? 0;
    const [r, g, b, a] = [at(0), at(1), at(2), at(3)];
    const key = ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
    let index = nearest.get(key);
    if (index === undefined) {
      // Distance in premultiplied colour, so a nearly transparent pixel's colour hardly counts.
      const distance = (/** @type {Colour} */ c) =>
        (a - c.a) ** 2 + ((r * a - c.r * c.a) ** 2 + (g * a - c.g * c.a) ** 2 + (b * a - c.b * c.a) ** 2) / 255 ** 2;
      let best = 0;
      colours.forEach((c, n) => {
        if (distance(c) < distance(colours[best] ?? c)) best = n;
      });
      index = best;
      nearest.set(key, index);
    }
    transparent ||= (colours[index]?.a ?? 255) < 255;
    indices[Math.floor(p / size) * (size + 1) + 1 + (p % size)] = index;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 3; // indexed colour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', Buffer.from(colours.flatMap((c) => [c.r, c.g, c.b]))),
    ...(transparent ? [chunk('tRNS', Buffer.from(colours.map((c) => c.a)))] : []),
    chunk('IDAT', deflateSync(indices, { level: 9, memLevel: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** @type {Array<[file: string, size: number, rounded: boolean]>} */
const renders = [
  ['icon-192.png', 192, true],
  ['icon-512.png', 512, true],
  ['icon-maskable-512.png', 512, false],
  ['apple-touch-icon.png', 180, false],
];

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon.svg'), svg(true));
const browser = await chromium.launch({
  executablePath: process.env.SW_ISR_CHROMIUM || '/usr/bin/chromium',
  args: ['--disable-gpu'],
});
try {
  const page = await browser.newPage();
  for (const [file, size, rounded] of renders) {
    // Drawn on a canvas and read back: the exact pixels, without a screenshot's colour management.
    const rgba = await page.evaluate(
      async ({ source, size }) => {
        const image = new Image(size, size);
        image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
        await image.decode();
        const canvas = new OffscreenCanvas(size, size);
        const context = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'));
        context.drawImage(image, 0, 0, size, size);
        return Array.from(context.getImageData(0, 0, size, size).data);
      },
      { source: svg(rounded), size },
    );
    const bytes = png(Uint8ClampedArray.from(rgba), size, palette());
    writeFileSync(join(out, file), bytes);
    console.log(`demo/site/icons/${file}: ${size}×${size}, ${bytes.length} bytes`);
  }
} finally {
  await browser.close();
}
