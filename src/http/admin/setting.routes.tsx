import { Hono } from 'hono';
import type { SettingService } from '../../services/setting.service.js';
import { SettingsPage } from '../../views/pages/admin/settings-page.js';
import { requirePermission } from '../middleware/permission.js';
import { type AdminEnv, getClientIp, requireActor, type TransportOptions } from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { buildAdminMeta, getAdminMessages } from './admin-page.js';

/** The administrators' settings page: four-eyes publication, public change history, learning from questionnaires, mandatory two-step sign-in. */
export function createSettingRoutes(
  deps: TransportOptions & {
    settings: SettingService;
    /** Whether two-step sign-in is offered, so that making it mandatory is a choice. */
    hasTwoFactor: boolean;
  },
): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const messages = getAdminMessages();

  app.get('/settings', requirePermission('administer'), async (c) => {
    const flash = c.req.query('saved') === '1' ? messages.settingsSaved : undefined;
    const meta = buildAdminMeta(c, messages.settingsTitle, flash);
    const [isFourEyesRequired, isChangeHistoryShown, isPhrasingLearningOn, isTwoFactorRequired] = await Promise.all([
      deps.settings.isFourEyesRequired(),
      deps.settings.isChangeHistoryShown(),
      deps.settings.isPhrasingLearningOn(),
      deps.hasTwoFactor ? deps.settings.isTwoFactorRequired() : undefined,
    ]);
    return c.html(
      await renderDocument(
        <SettingsPage
          meta={meta}
          isFourEyesRequired={isFourEyesRequired}
          isChangeHistoryShown={isChangeHistoryShown}
          isPhrasingLearningOn={isPhrasingLearningOn}
          isTwoFactorRequired={isTwoFactorRequired}
        />,
      ),
    );
  });

  app.post('/settings', requirePermission('administer'), async (c) => {
    const actor = requireActor(c);
    const body = await c.req.parseBody();
    // An unchecked checkbox sends nothing, so absence means off.
    const context = { actor, ip: getClientIp(c, deps) };
    // Only what changed is saved, so the audit log records real changes.
    const isFourEyesRequired = body.fourEyes === 'on';
    if (isFourEyesRequired !== (await deps.settings.isFourEyesRequired())) {
      await deps.settings.setFourEyesRequired(context, isFourEyesRequired);
    }
    const isChangeHistoryShown = body.changeHistory === 'on';
    if (isChangeHistoryShown !== (await deps.settings.isChangeHistoryShown())) {
      await deps.settings.setChangeHistoryShown(context, isChangeHistoryShown);
    }
    const isPhrasingLearningOn = body.learnPhrasings === 'on';
    if (isPhrasingLearningOn !== (await deps.settings.isPhrasingLearningOn())) {
      await deps.settings.setPhrasingLearning(context, isPhrasingLearningOn);
    }
    const isTwoFactorRequired = body.twoFactor === 'on';
    if (deps.hasTwoFactor && isTwoFactorRequired !== (await deps.settings.isTwoFactorRequired())) {
      await deps.settings.setTwoFactorRequired(context, isTwoFactorRequired);
    }
    return c.redirect('/admin/settings?saved=1', 303);
  });

  return app;
}
