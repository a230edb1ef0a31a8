import { Hono } from 'hono';
import { hasPermission } from '../../domain/staff.js';
import { DASHBOARD_SEARCH_DAYS, type DashboardService } from '../../services/dashboard.service.js';
import { DUE_SOON_DAYS } from '../../services/entry.service.js';
import { DashboardPage } from '../../views/pages/admin/dashboard-page.js';
import { requirePermission } from '../middleware/permission.js';
import type { AdminEnv } from '../middleware/session.js';
import { requireActor } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages } from './admin-page.js';

/** The staff start page at /admin. */
export function createDashboardRoutes(deps: { dashboard: DashboardService }): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();

  app.get('/', requirePermission('read'), async (c) => {
    const actor = requireActor(c);
    const overview = await deps.dashboard.getOverview(actor);
    const meta = buildAdminMeta(c, messages.dashboardTitle);
    return c.html(
      await renderDocument(
        <DashboardPage
          meta={meta}
          actor={actor}
          overview={overview}
          canEdit={hasPermission(actor, 'edit')}
          dueSoonDays={DUE_SOON_DAYS}
          searchDays={DASHBOARD_SEARCH_DAYS}
        />,
      ),
    );
  });

  return app;
}
