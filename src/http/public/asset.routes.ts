import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Context, Hono } from 'hono';
import { findProjectRoot } from '../../files/project-paths.js';
import { setAssetFileNames } from '../../views/asset-url.js';
import type { AppEnv, LogLine } from '../middleware/request-context.js';
import { chooseEncoding } from '../page-cache.js';
import { type Asset, type AssetCatalogue, type AssetFolders, loadAssetCatalogue } from './asset-catalogue.js';

/** The files of public/ the server sends, with their types. */
export const ASSETS: Record<string, string> = {
  'site.css': 'text/css; charset=utf-8',
  'search.js': 'text/javascript; charset=utf-8',
  'questionnaire-review.js': 'text/javascript; charset=utf-8',
  'icons.svg': 'image/svg+xml',
  'favicon.svg': 'image/svg+xml',
};

/** A fingerprinted name: its bytes never change, so any cache may keep it for a year without asking again. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** A plain name (`/assets/site.css`), for anyone who links one: its bytes change with a deploy. */
export const PLAIN_CACHE = 'public, max-age=300';
/**
 * A fingerprint this process does not know (a page cached before a deploy, or from a process not yet upgraded):
 * the current bytes, which a cache must check again before reusing, so that a page is never left unstyled.
 */
export const STALE_CACHE = 'public, no-cache';

const FINGERPRINTED = /^(.+)\.[0-9a-f]{8}(\.[^.]+)$/;

let catalogue: AssetCatalogue | undefined;

/**
 * The asset folders: public/, and dist/assets/ beside the bundle when running the build (every bundled module's
 * URL is the bundle's, dist/main.js). From source there is no built folder, so a stale dist/ is never used.
 */
function findAssetFolders(): AssetFolders {
  const source = join(findProjectRoot(), 'public');
  if (import.meta.url.endsWith('.ts')) return { source };
  return { source, built: fileURLToPath(new URL('./assets/', import.meta.url)) };
}

/**
 * The assets of this process, loaded once (every app a test builds shares them) and named for the views. Running the
 * build, an asset that had to be compressed here means dist/assets/ is missing or older than public/: said once.
 */
function loadOnce(log: LogLine): AssetCatalogue {
  if (catalogue === undefined) {
    const started = performance.now();
    const folders = findAssetFolders();
    catalogue = loadAssetCatalogue(ASSETS, folders);
    setAssetFileNames(new Map([...catalogue.assets.values()].map((asset) => [asset.name, asset.fileName])));
    if (folders.built !== undefined && catalogue.compressedAtStart.length > 0) {
      log({
        level: 'warn',
        msg: 'assets compressed at start-up: dist/assets/ lacks them or is older than public/ (npm run build)',
        assets: catalogue.compressedAtStart,
        ms: Math.round(performance.now() - started),
      });
    }
  }
  return catalogue;
}

/** Whether an If-None-Match header names the asset in any encoding (weak or strong). */
function isNotModified(header: string | undefined, asset: Asset): boolean {
  if (header === undefined) return false;
  const plain = asset.etag.slice(0, -1);
  const variants = [asset.etag, `${plain}-gzip"`, `${plain}-br"`];
  return header.split(',').some((tag) => variants.includes(tag.trim().replace(/^W\//, '')));
}

/** Sends an asset in the best encoding the client accepts (brotli, gzip, none), each with its strong ETag, and 304s. */
function sendAsset(c: Context<AppEnv>, asset: Asset, cacheControl: string): Response {
  const encoding = chooseEncoding(c.req.header('accept-encoding'), () => true);
  c.header('Cache-Control', cacheControl);
  c.header('ETag', encoding === undefined ? asset.etag : `${asset.etag.slice(0, -1)}-${encoding}"`);
  c.header('Vary', 'Accept-Encoding');
  if (isNotModified(c.req.header('if-none-match'), asset)) return c.body(null, 304);
  c.header('Content-Type', asset.type);
  if (encoding === undefined) return c.body(asset.raw);
  c.header('Content-Encoding', encoding);
  return c.body(encoding === 'br' ? asset.brotli : asset.gzip);
}

/**
 * Serves the files of public/ under /assets/: by fingerprinted name with immutable caching, by plain name with a short
 * one, by an unknown fingerprint of a known file with the current bytes. Compressed by the build, or once at start-up.
 */
export function createAssetRoutes(log: LogLine = () => {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const routes = new Map<string, { asset: Asset; cacheControl: string }>();
  for (const asset of loadOnce(log).assets.values()) {
    routes.set(asset.name, { asset, cacheControl: PLAIN_CACHE });
    routes.set(asset.fileName, { asset, cacheControl: IMMUTABLE_CACHE });
  }

  app.get('/assets/:file', (c) => {
    const file = c.req.param('file');
    const route = routes.get(file);
    if (route !== undefined) return sendAsset(c, route.asset, route.cacheControl);
    const fingerprinted = FINGERPRINTED.exec(file);
    const asset = fingerprinted ? routes.get(`${fingerprinted[1]}${fingerprinted[2]}`)?.asset : undefined;
    if (asset === undefined) return c.notFound();
    return sendAsset(c, asset, STALE_CACHE);
  });
  app.get('/favicon.ico', (c) => c.redirect('/assets/favicon.svg', 301));
  return app;
}
