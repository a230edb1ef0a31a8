import { Hono } from 'hono';
import type { PublicSiteService } from '../../../services/public-site.service.js';
import type { AppEnv } from '../../middleware/request-context.js';
import { parseSearchRequest } from '../../public/site.routes.js';
import { presentSearchResult } from './search.presenter.js';

/** `GET /api/v1/search`: the same search as the page, as JSON (drives as-you-type results). */
export function createSearchApiRoutes(
  publicSite: PublicSiteService,
  timeSearch: <T>(run: () => T) => T = (run) => run(),
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/search', async (c) => {
    const { published, request, result, correctedQuery } = await publicSite.search(
      parseSearchRequest(c, 8),
      timeSearch,
    );
    c.header('Cache-Control', 'no-store');
    return c.json(presentSearchResult(published, request.query, result, correctedQuery, c.get('language')));
  });
  return app;
}
