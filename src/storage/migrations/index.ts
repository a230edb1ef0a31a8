import type { Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../dialect.js';
import { createContentMigration } from './0001-content.js';
import { createSearchAnalyticsMigration } from './0002-search-analytics.js';
import { createStaffMigration } from './0003-staff.js';
import { createAuditAndHistoryMigration } from './0004-audit-and-history.js';
import { createQuestionnaireMigration } from './0005-questionnaires.js';
import { createQuestionnaireMatchingMigration } from './0006-questionnaire-matching.js';
import { createQuestionnaireLayoutMigration } from './0007-questionnaire-layout.js';
import { createStaffDisableMigration } from './0008-staff-disable.js';
import { createSessionSignInMethodMigration } from './0009-session-sign-in-method.js';
import { createRateLimitWindowMigration } from './0010-rate-limit-window.js';
import { createLibraryUploadMigration } from './0011-library-upload.js';
import { createSignInHardeningMigration } from './0012-sign-in-hardening.js';
import { createQuestionnaireVisibilityMigration } from './0013-questionnaire-visibility.js';
import { createQuestionTopConfidenceMigration } from './0014-question-top-confidence.js';
import { createMailOutboxMigration } from './0015-mail-outbox.js';
import { createDocumentsMigration } from './0016-documents.js';
import { createAccessRequestsMigration } from './0017-access-requests.js';
import { createAccessRequestLinksMigration } from './0018-access-request-links.js';
import { createEntryQuestionnaireFieldsMigration } from './0019-entry-questionnaire-fields.js';
import { createQuestionnaireContextMigration } from './0020-questionnaire-context.js';
import { createQuestionnaireChoiceColumnMigration } from './0021-questionnaire-choice-column.js';
import { createSubprocessorsMigration } from './0022-subprocessors.js';
import { createUpdatesAndSubscriptionsMigration } from './0023-updates-and-subscriptions.js';
import { createContentTranslationsMigration } from './0024-content-translations.js';
import { createUpdateMailingsMigration } from './0025-update-mailings.js';

/** Every migration in order. Landed migrations are never edited; add a new one instead. */
export function listMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-content': createContentMigration(dialect),
    '0002-search-analytics': createSearchAnalyticsMigration(),
    '0003-staff': createStaffMigration(dialect),
    '0004-audit-and-history': createAuditAndHistoryMigration(dialect),
    '0005-questionnaires': createQuestionnaireMigration(dialect),
    '0006-questionnaire-matching': createQuestionnaireMatchingMigration(),
    '0007-questionnaire-layout': createQuestionnaireLayoutMigration(),
    '0008-staff-disable': createStaffDisableMigration(),
    '0009-session-sign-in-method': createSessionSignInMethodMigration(),
    '0010-rate-limit-window': createRateLimitWindowMigration(),
    '0011-library-upload': createLibraryUploadMigration(dialect),
    '0012-sign-in-hardening': createSignInHardeningMigration(),
    '0013-questionnaire-visibility': createQuestionnaireVisibilityMigration(),
    '0014-question-top-confidence': createQuestionTopConfidenceMigration(dialect),
    '0015-mail-outbox': createMailOutboxMigration(dialect),
    '0016-documents': createDocumentsMigration(dialect),
    '0017-access-requests': createAccessRequestsMigration(dialect),
    '0018-access-request-links': createAccessRequestLinksMigration(),
    '0019-entry-questionnaire-fields': createEntryQuestionnaireFieldsMigration(),
    '0020-questionnaire-context': createQuestionnaireContextMigration(),
    '0021-questionnaire-choice-column': createQuestionnaireChoiceColumnMigration(),
    '0022-subprocessors': createSubprocessorsMigration(dialect),
    '0023-updates-and-subscriptions': createUpdatesAndSubscriptionsMigration(dialect),
    '0024-content-translations': createContentTranslationsMigration(),
    '0025-update-mailings': createUpdateMailingsMigration(),
  };
}

/** Feeds the in-code migrations to Kysely's Migrator. */
export function createMigrationProvider(dialect: DialectName): MigrationProvider {
  return { getMigrations: async () => listMigrations(dialect) };
}
