import { Hono } from 'hono';
import type { Container } from '../src/container.js';
import { createAdminRoutes } from '../src/http/admin/admin.routes.js';
import type { ContentService } from '../src/services/content.service.js';
import { QuestionnaireService } from '../src/services/questionnaire.service.js';
import { QuestionnaireExportService } from '../src/services/questionnaire-export.service.js';
import {
  type QuestionnaireMatchingOptions,
  QuestionnaireMatchingService,
} from '../src/services/questionnaire-matching.service.js';
import { QuestionnaireRepository } from '../src/storage/questionnaire.repository.js';

/**
 * The questionnaire use cases, matching job and exports over a test container's database, wired as the
 * container wires them but with the matching tuned by the test (held after a slice, made to fail).
 */
export function createQuestionnaireServices(
  container: Container,
  options: QuestionnaireMatchingOptions = {},
  content: Pick<ContentService, 'getContent'> = container.content,
) {
  const repository = new QuestionnaireRepository(container.database.db);
  const now = () => new Date();
  const matching = new QuestionnaireMatchingService(repository, content, now, options);
  const questionnaires = new QuestionnaireService(repository, matching, container.entries, container.settings, now);
  return { questionnaires, matching, exports: new QuestionnaireExportService(repository, questionnaires) };
}

/**
 * The staff routes as app.tsx mounts them under /admin, with the given questionnaire services in place of the
 * container's (so that a test can hold or fail their matching).
 */
export function createQuestionnaireAdminApp(
  container: Container,
  services: Pick<ReturnType<typeof createQuestionnaireServices>, 'questionnaires' | 'exports'>,
): Hono {
  const app = new Hono();
  app.route(
    '/admin',
    createAdminRoutes({
      staff: container.staff,
      signIn: container.signIn,
      entries: container.entries,
      audit: container.audit,
      dashboard: container.dashboard,
      settings: container.settings,
      content: container.content,
      questionnaires: services.questionnaires,
      questionnaireExports: services.exports,
    }),
  );
  return app;
}
