/**
 * Static assets (stylesheets, fonts, favicon, the Bürgerservice's script) under content-hashed addresses (ADR 0026):
 * `/assets/kern/kern.min.<hash>.css` never changes, so it is sent with
 * `Cache-Control: public, max-age=31536000, immutable` and a browser asks for it once. The layout
 * finds the addresses in the manifest (`assetUrl('kern/kern.min.css')`). The plain addresses
 * (`/assets/app.css`) keep working with `no-cache` for links from outside.
 *
 * Everything is read once into memory at start (≈ 0.6 MB); compression happens in the app's
 * compression hook, once per asset (src/shared/kompression.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHRIFT_GEWICHTE, schriftCss } from './schriften';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kern = path.join(root, 'node_modules/@kern-ux/native/dist');
const fontsource = path.join(root, 'node_modules/@fontsource/fira-sans/files');
const oeffentlich = path.join(root, 'public');

export interface Asset {
  /** Logical name, e.g. `kern/kern.min.css` (also its plain address under /assets/). */
  name: string;
  /** Content-hashed address, e.g. `/assets/kern/kern.min.3f2a9c1b7d.css`. */
  url: string;
  body: Buffer;
  type: string;
  etag: string;
}

const TYPEN: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.woff2': 'font/woff2',
  '.js': 'text/javascript; charset=utf-8',
};

function asset(name: string, body: Buffer): Asset {
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 12);
  const ext = path.extname(name);
  return { name, url: `/assets/${name.slice(0, -ext.length)}.${hash}${ext}`, body, type: TYPEN[ext] ?? 'application/octet-stream', etag: `"${hash}"` };
}

export interface AssetManifest {
  /** By logical name. */
  byName: Map<string, Asset>;
  /** By hashed address (without the leading /assets/). */
  byUrl: Map<string, Asset>;
}

function baueManifest(): AssetManifest {
  const liste: Asset[] = [];
  for (const g of SCHRIFT_GEWICHTE) {
    liste.push(asset(`fonts/fira-sans-${g}.woff2`, fs.readFileSync(path.join(oeffentlich, `fonts/fira-sans-${g}.woff2`))));
    liste.push(asset(`fonts/fira-sans-latin-${g}.woff2`, fs.readFileSync(path.join(fontsource, `fira-sans-latin-${g}-normal.woff2`))));
    liste.push(asset(`fonts/fira-sans-latin-ext-${g}.woff2`, fs.readFileSync(path.join(fontsource, `fira-sans-latin-ext-${g}-normal.woff2`))));
  }
  const urlVon = (name: string) => {
    const a = liste.find((x) => x.name === name);
    if (!a) throw new Error(`asset ${name} missing`);
    return a.url;
  };
  // The platform's stylesheet starts with the font faces (their addresses are hashed too).
  const appCss = `${schriftCss(urlVon)}\n${fs.readFileSync(path.join(oeffentlich, 'app.css'), 'utf8')}`;
  liste.push(asset('app.css', Buffer.from(appCss)));
  liste.push(asset('kern/kern.min.css', fs.readFileSync(path.join(kern, 'kern.min.css'))));
  liste.push(asset('favicon.svg', fs.readFileSync(path.join(oeffentlich, 'favicon.svg'))));
  // The embeddable list's own small stylesheet and the place suggestions of the Bürgerservice.
  liste.push(asset('einbetten.css', fs.readFileSync(path.join(oeffentlich, 'einbetten.css'))));
  liste.push(asset('buergerservice.js', fs.readFileSync(path.join(oeffentlich, 'buergerservice.js'))));
  return { byName: new Map(liste.map((a) => [a.name, a])), byUrl: new Map(liste.map((a) => [a.url.slice('/assets/'.length), a])) };
}

let manifest: AssetManifest | undefined;

/** The assets, read on first use. */
export function assetManifest(): AssetManifest {
  manifest ??= baueManifest();
  return manifest;
}

/** The hashed address of an asset for pages (throws for an unknown name: a typo shows at once). */
export function assetUrl(name: string): string {
  const a = assetManifest().byName.get(name);
  if (!a) throw new Error(`Unbekanntes Asset ${name}`);
  return a.url;
}
