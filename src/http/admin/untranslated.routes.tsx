import { Hono } from 'hono';
import type { TranslationStatusService } from '../../services/translation-status.service.js';
import { UntranslatedPage } from '../../views/pages/admin/untranslated-page.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, requireActor } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages } from './admin-page.js';

/** The staff page listing every item of content that lacks its Swedish, with a link to where it is translated. */
export function createUntranslatedRoutes(deps: { translationStatus: TranslationStatusService }): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();

  app.get('/untranslated', requirePermission('read'), async (c) => {
    const items = await deps.translationStatus.listUntranslated(requireActor(c));
    const page = <UntranslatedPage meta={buildAdminMeta(c, messages.untranslatedTitle)} items={items} />;
    return c.html(await renderDocument(page));
  });

  return app;
}
