import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { type Context, Hono } from 'hono';
import { findProjectRoot } from '../../files/project-paths.js';
import type { PublicSiteService } from '../../services/public-site.service.js';
import type { AppEnv } from '../middleware/request-context.js';
import { chooseEncoding } from '../page-cache.js';

const ASSETS: Record<string, string> = {
  'search.js': 'text/javascript; charset=utf-8',
  'questionnaire-review.js': 'text/javascript; charset=utf-8',
  'icons.svg': 'image/svg+xml',
  'favicon.svg': 'image/svg+xml',
};

/** An asset with its compressed forms, made once: the files are small and never change while running. */
interface PreparedAsset {
  type: string;
  raw: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  etag: string;
}

function prepareAsset(type: string, text: string): PreparedAsset {
  const raw = Buffer.from(text, 'utf8');
  return {
    type,
    raw,
    gzip: gzipSync(raw, { level: 9 }),
    brotli: brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }),
    etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`,
  };
}

/** Sends an asset in the best encoding the client accepts (brotli, gzip, none), with a strong ETag and 304s. */
function sendAsset(c: Context<AppEnv>, asset: PreparedAsset, cacheControl: string): Response {
  c.header('Cache-Control', cacheControl);
  c.header('ETag', asset.etag);
  c.header('Vary', 'Accept-Encoding');
  if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
  const encoding = chooseEncoding(c.req.header('accept-encoding'), () => true);
  c.header('Content-Type', asset.type);
  if (encoding !== undefined) {
    c.header('Content-Encoding', encoding);
    return c.body(new Uint8Array(encoding === 'br' ? asset.brotli : asset.gzip));
  }
  return c.body(new Uint8Array(asset.raw));
}

/** Serves the stylesheet (with the site's accent colour), the search script and the icon sprite, compressed. */
export function createAssetRoutes(publicSite: PublicSiteService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const assetFolder = join(findProjectRoot(), 'public');
  // Read and compressed once at start-up: the files are small and never change while running.
  const files = new Map(
    Object.entries(ASSETS).map(([name, type]) => [
      name,
      prepareAsset(type, readFileSync(join(assetFolder, name), 'utf8')),
    ]),
  );
  const stylesheet = readFileSync(join(assetFolder, 'site.css'), 'utf8');
  // The stylesheet carries the accent colour of the settings: compressed once per colour.
  const stylesheets = new Map<string, PreparedAsset>();

  app.get('/assets/site.css', async (c) => {
    const published = await publicSite.getPublishedSite();
    const accent = /^#[0-9a-fA-F]{6}$/.test(published.site.accentColor) ? published.site.accentColor : '#0f5c5a';
    let asset = stylesheets.get(accent);
    if (!asset) {
      if (stylesheets.size > 16) stylesheets.clear();
      asset = prepareAsset('text/css; charset=utf-8', `:root{--accent-setting:${accent}}\n${stylesheet}`);
      stylesheets.set(accent, asset);
    }
    return sendAsset(c, asset, c.req.query('v') ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
  });

  app.get('/assets/:name', (c) => {
    const asset = files.get(c.req.param('name'));
    if (asset === undefined) return c.notFound();
    return sendAsset(c, asset, 'public, max-age=3600');
  });
  app.get('/favicon.ico', (c) => c.redirect('/assets/favicon.svg', 301));
  return app;
}
