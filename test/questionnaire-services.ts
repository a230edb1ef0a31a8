import { Hono } from 'hono';
import type { Container } from '../src/container.js';
import type { Actor } from '../src/domain/staff.js';
import { createAdminRoutes } from '../src/http/admin/admin.routes.js';
import type { ContentService } from '../src/services/content.service.js';
import { QuestionnaireService } from '../src/services/questionnaire.service.js';
import { QuestionnaireExportService } from '../src/services/questionnaire-export.service.js';
import {
  type QuestionnaireMatchingOptions,
  QuestionnaireMatchingService,
} from '../src/services/questionnaire-matching.service.js';
import { QuestionnaireRepository } from '../src/storage/questionnaire.repository.js';
import { createTestApp, type TestContent } from './create-test-app.js';

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

/** Reads questionnaires as an admin, who sees every one. */
export const QUESTIONNAIRE_INSPECTOR: Actor = {
  userId: 0,
  email: 'inspector@example.test',
  name: 'Inspector',
  role: 'admin',
};

/** Polls until the background matching of questionnaire `id` has stopped, as `actor`; returns the questionnaire. */
export async function waitForMatching(
  questionnaires: Pick<QuestionnaireService, 'get'>,
  id: number,
  actor: Actor = QUESTIONNAIRE_INSPECTOR,
) {
  for (;;) {
    const questionnaire = await questionnaires.get(actor, id);
    if (questionnaire.status !== 'processing') return questionnaire;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A test app holding `content` with the questionnaire services (matching tuned by `matching`) and the staff routes
 * over them, and an editor `ada@example.test` who signs in with `password`. `close` waits for the matching to stop.
 */
export async function createQuestionnaireTestApp(options: {
  content: TestContent;
  password: string;
  matching?: QuestionnaireMatchingOptions;
}) {
  const testApp = await createTestApp({ content: options.content });
  const services = createQuestionnaireServices(testApp.container, options.matching);
  const app = createQuestionnaireAdminApp(testApp.container, services);
  await testApp.container.staff.createAccount(
    { email: 'ada@example.test', name: 'Ada', role: 'editor', password: options.password },
    undefined,
  );
  return {
    ...services,
    testApp,
    app,
    async close() {
      await services.matching.whenIdle();
      await testApp.close();
    },
  };
}
