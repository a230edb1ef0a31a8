import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { findProjectRoot } from '../../files/project-paths.js';
import type { PublicSiteService } from '../../services/public-site.service.js';
import type { AppEnv } from '../middleware/request-context.js';

const ASSETS: Record<string, string> = {
  'search.js': 'text/javascript; charset=utf-8',
  'questionnaire-review.js': 'text/javascript; charset=utf-8',
  'icons.svg': 'image/svg+xml',
  'favicon.svg': 'image/svg+xml',
};

/** Serves the stylesheet (with the site's accent colour), the search script and the icon sprite. */
export function createAssetRoutes(publicSite: PublicSiteService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const assetFolder = join(findProjectRoot(), 'public');
  // Read once at start-up: the files are small and never change while running.
  const files = new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(join(assetFolder, name), 'utf8')]));
  const stylesheet = readFileSync(join(assetFolder, 'site.css'), 'utf8');

  app.get('/assets/site.css', async (c) => {
    const published = await publicSite.getPublishedSite();
    const accent = /^#[0-9a-fA-F]{6}$/.test(published.site.accentColor) ? published.site.accentColor : '#0f5c5a';
    c.header('Cache-Control', c.req.query('v') ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    return c.body(`:root{--accent-setting:${accent}}\n${stylesheet}`, 200, {
      'Content-Type': 'text/css; charset=utf-8',
    });
  });

  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    const type = ASSETS[name];
    const body = files.get(name);
    if (type === undefined || body === undefined) return c.notFound();
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(body, 200, { 'Content-Type': type });
  });
  app.get('/favicon.ico', (c) => c.redirect('/assets/favicon.svg', 301));
  return app;
}
