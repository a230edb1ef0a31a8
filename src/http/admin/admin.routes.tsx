import { Hono } from 'hono';
import { AppError, type AppErrorCode } from '../../domain/errors.js';
import type { AdminMessages } from '../../i18n/admin-en.js';
import type { AccessService } from '../../services/access.service.js';
import type { AuditService } from '../../services/audit.service.js';
import type { DashboardService } from '../../services/dashboard.service.js';
import type { DocumentService } from '../../services/document.service.js';
import type { EntryService } from '../../services/entry.service.js';
import type { MailService } from '../../services/mail.service.js';
import type { NdaService } from '../../services/nda.service.js';
import type { OidcService } from '../../services/oidc.service.js';
import type { PublicSiteService } from '../../services/public-site.service.js';
import type { QuestionnaireService } from '../../services/questionnaire.service.js';
import type { QuestionnaireExportService } from '../../services/questionnaire-export.service.js';
import type { SettingService } from '../../services/setting.service.js';
import type { SignInService } from '../../services/sign-in.service.js';
import type { SiteContentService } from '../../services/site-content.service.js';
import type { StaffService } from '../../services/staff.service.js';
import type { SubprocessorService } from '../../services/subprocessor.service.js';
import type { SubscriptionService } from '../../services/subscription.service.js';
import type { TranslationStatusService } from '../../services/translation-status.service.js';
import type { TwoFactorService } from '../../services/two-factor.service.js';
import type { UpdateService } from '../../services/update.service.js';
import { AdminMessagePage } from '../../views/pages/admin/admin-message-page.js';
import { BODY_LIMITS, limitRequestBody } from '../middleware/body-limit.js';
import { CsrfRejectedError, csrfProtection } from '../middleware/csrf.js';
import { requirePermission, SIGN_IN_PATH } from '../middleware/permission.js';
import {
  type AdminEnv,
  refuseAnonymousChanges,
  sessionMiddleware,
  type TransportOptions,
} from '../middleware/session.js';
import { renderDocument } from '../public/render.js';
import { createAccessRoutes } from './access.routes.js';
import { ADMIN_STATUS_BY_CODE, buildAdminMeta, getAdminMessages } from './admin-page.js';
import { createAuditRoutes } from './audit.routes.js';
import { createDashboardRoutes } from './dashboard.routes.js';
import { createDocumentRoutes, documentUploadLimit, isDocumentUploadPath } from './document.routes.js';
import { createEntryRoutes, type EntryRoutesDeps } from './entry.routes.js';
import { createLibraryRoutes, type LibraryRoutesDeps, libraryUploadLimit } from './library.routes.js';
import { createMailRoutes } from './mail.routes.js';
import { createNdaRoutes } from './nda.routes.js';
import { createOidcRoutes } from './oidc.routes.js';
import { createQuestionnaireRoutes, questionnaireUploadLimit } from './questionnaire.routes.js';
import { createSettingRoutes } from './setting.routes.js';
import { createSignInRoutes, requireNewPasswordFirst } from './sign-in.routes.js';
import { createSiteContentRoutes } from './site-content.routes.js';
import { createStaffRoutes } from './staff.routes.js';
import { createSubprocessorRoutes } from './subprocessor.routes.js';
import { createTwoFactorRoutes } from './two-factor.routes.js';
import { createUntranslatedRoutes } from './untranslated.routes.js';
import { createUpdateAdminRoutes } from './update.routes.js';

/** What the admin surface needs. */
export interface AdminRoutesDeps extends TransportOptions {
  staff: StaffService;
  /** The published site, for its accent colour on staff pages. */
  publicSite?: Pick<PublicSiteService, 'getPublishedSite'>;
  signIn: SignInService;
  /** Key that signs sign-in form tokens; by default one generated once and kept in the setting table. */
  signInSecret?: string;
  entries: EntryService;
  /** Four-eyes, change history, phrasing learning, mandatory two-step sign-in and the sign-in secret. */
  settings: SettingService;
  audit: AuditService;
  dashboard: DashboardService;
  twoFactor?: TwoFactorService;
  /** Sign-in with OpenID Connect; without it the routes and the sign-in page's link are absent. */
  oidc?: OidcService;
  /** Categories, tags and links for the entry editor; the entry pages are mounted only with it. */
  content?: EntryRoutesDeps['content'];
  /** Site settings, categories, tags, highlights and certifications; those pages are mounted only with it. */
  siteContent?: SiteContentService;
  /** What lacks its Swedish; the Untranslated page is mounted only with it. */
  translationStatus?: TranslationStatusService;
  /** Questionnaire upload and review; those pages are mounted only with it and `questionnaireExports`. */
  questionnaires?: QuestionnaireService;
  /** A questionnaire's accepted answers as CSV, JSON or its workbook. */
  questionnaireExports?: QuestionnaireExportService;
  /** Answer-library preview and import; that page is mounted only with it and `libraryUploads`. */
  library?: LibraryRoutesDeps['library'];
  /** Library files kept between preview and import. */
  libraryUploads?: LibraryRoutesDeps['uploads'];
  /** The document library; its pages are mounted only with it. */
  documents?: DocumentService;
  /** The mail outbox; its pages are mounted only with it. */
  mail?: MailService;
  /** Access requests, grants and domain rules; those pages are mounted only with it. */
  access?: AccessService;
  /** NDA versions and acceptances; that page is mounted only with it. */
  nda?: NdaService;
  /** Updates; their pages are mounted only with it and `subscriptions`. */
  updates?: UpdateService;
  /** Subscribers and Art. 28 notices. */
  subscriptions?: SubscriptionService;
  /** Subprocessors; their pages are mounted only with it. */
  subprocessors?: SubprocessorService;
}

/** Whether a path belongs to the staff surface mounted at /admin, which sets its own body limits. */
export function isAdminPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

/** Heading and text of the page shown for each error code. */
function describeError(
  messages: AdminMessages,
  code: AppErrorCode,
  message: string,
): { heading: string; text: string } {
  const pages: Record<AppErrorCode, { heading: string; text: string }> = {
    not_found: { heading: messages.notFoundTitle, text: messages.notFoundText },
    invalid_input: { heading: messages.badRequestTitle, text: message },
    conflict: { heading: messages.conflictTitle, text: message },
    unauthorized: { heading: messages.unauthorizedTitle, text: messages.unauthorizedText },
    forbidden: { heading: messages.forbiddenTitle, text: messages.forbiddenText },
    rate_limited: { heading: messages.rateLimitedTitle, text: messages.rateLimitedText },
    too_large: { heading: messages.tooLargeTitle, text: message },
    unavailable: { heading: messages.unavailableTitle, text: messages.unavailableText },
  };
  return pages[code];
}

/**
 * The staff surface, to mount at /admin: session loading, CSRF protection on every
 * state-changing request, the auth pages, and admin-styled error pages.
 */
export function createAdminRoutes(deps: AdminRoutesDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const transport: TransportOptions = { trustProxy: deps.trustProxy, proxyHops: deps.proxyHops };
  const fixedSecret = deps.signInSecret;
  const getSignInSecret = fixedSecret ? async () => fixedSecret : () => deps.settings.getSignInSecret();

  app.use('*', sessionMiddleware(deps.signIn, transport));
  // Staff pages wear the site's accent colour too (read from the published site, cached per revision).
  const publicSite = deps.publicSite;
  if (publicSite) {
    app.use('*', async (c, next) => {
      const published = await publicSite.getPublishedSite().catch(() => undefined);
      if (published) c.set('accentColor', published.site.accentColor);
      await next();
    });
  }
  // Who asks is known before any body is read: an anonymous change is refused unread, the sign-in
  // form gets a small limit, staff forms a larger one, and only the two upload forms, for people
  // allowed to use them, the upload limit. The CSRF check below is the first to parse a body.
  app.use('*', refuseAnonymousChanges(SIGN_IN_PATH));
  const library =
    deps.library && deps.libraryUploads ? { library: deps.library, uploads: deps.libraryUploads } : undefined;
  const questionnaires =
    deps.questionnaires && deps.questionnaireExports
      ? { questionnaires: deps.questionnaires, questionnaireExports: deps.questionnaireExports }
      : undefined;
  const uploads = [
    ...(questionnaires
      ? [{ path: '/questionnaires', permission: 'edit' as const, limit: questionnaireUploadLimit() }]
      : []),
    ...(library ? [{ path: '/library', permission: 'administer' as const, limit: libraryUploadLimit() }] : []),
    ...(deps.documents
      ? ['/documents', '/documents/:slug/versions'].map((path) => ({
          path,
          permission: 'edit' as const,
          limit: documentUploadLimit(deps.documents?.maxBytes ?? 0),
        }))
      : []),
  ];
  for (const upload of uploads) app.post(upload.path, requirePermission(upload.permission), upload.limit);
  const uploadPaths = new Set(uploads.map((upload) => `/admin${upload.path}`));
  const isUploadPath = (path: string) =>
    uploadPaths.has(path) || (deps.documents !== undefined && isDocumentUploadPath(path));
  app.use(
    '*',
    limitRequestBody((c) => {
      if (c.req.path === SIGN_IN_PATH) return BODY_LIMITS.anonymousBytes;
      return c.req.method === 'POST' && isUploadPath(c.req.path) ? undefined : BODY_LIMITS.formBytes;
    }),
  );
  app.use('*', csrfProtection({ ...transport, getSignInSecret }));
  // Before every page: a session opened with a one-time password must choose a new one first.
  app.use('*', requireNewPasswordFirst());
  // First, so its rule (a mandatory second factor) guards every other admin page.
  if (deps.twoFactor)
    app.route('/', createTwoFactorRoutes({ ...transport, twoFactor: deps.twoFactor, settings: deps.settings }));
  app.route('/', createDashboardRoutes({ dashboard: deps.dashboard }));
  app.route('/', createAuditRoutes({ ...transport, audit: deps.audit }));
  app.route(
    '/',
    createSettingRoutes({ ...transport, settings: deps.settings, hasTwoFactor: deps.twoFactor !== undefined }),
  );
  app.route('/', createStaffRoutes({ ...transport, staff: deps.staff }));
  if (deps.mail) app.route('/', createMailRoutes({ ...transport, mail: deps.mail }));
  if (deps.content) {
    app.route(
      '/entries',
      createEntryRoutes({ ...transport, entries: deps.entries, settings: deps.settings, content: deps.content }),
    );
  }
  if (deps.siteContent) app.route('/', createSiteContentRoutes({ ...transport, siteContent: deps.siteContent }));
  if (deps.translationStatus) app.route('/', createUntranslatedRoutes({ translationStatus: deps.translationStatus }));
  if (questionnaires) app.route('/questionnaires', createQuestionnaireRoutes({ ...transport, ...questionnaires }));
  if (library) {
    app.route('/library', createLibraryRoutes({ ...transport, ...library }));
  }
  if (deps.documents) app.route('/documents', createDocumentRoutes({ ...transport, documents: deps.documents }));
  if (deps.access) app.route('/', createAccessRoutes({ ...transport, access: deps.access, settings: deps.settings }));
  if (deps.nda) app.route('/', createNdaRoutes({ ...transport, nda: deps.nda }));
  if (deps.updates && deps.subscriptions) {
    app.route(
      '/',
      createUpdateAdminRoutes({
        ...transport,
        updates: deps.updates,
        subscriptions: deps.subscriptions,
        settings: deps.settings,
      }),
    );
  }
  if (deps.subprocessors) {
    app.route(
      '/subprocessors',
      createSubprocessorRoutes({ ...transport, subprocessors: deps.subprocessors, settings: deps.settings }),
    );
  }
  app.route(
    '/',
    createSignInRoutes({
      ...transport,
      signIn: deps.signIn,
      getSignInSecret,
      isSingleSignOnEnabled: deps.oidc !== undefined,
    }),
  );
  if (deps.oidc)
    app.route('/', createOidcRoutes({ ...transport, oidc: deps.oidc, signIn: deps.signIn, getSignInSecret }));

  app.onError(async (error, c) => {
    // Anything that is not a service error goes on to the application's handler, which logs it.
    if (!(error instanceof AppError)) throw error;
    const messages = getAdminMessages();
    const { heading, text } =
      error instanceof CsrfRejectedError
        ? { heading: messages.formExpiredTitle, text: messages.formExpiredText }
        : describeError(messages, error.code, error.message);
    const page = <AdminMessagePage meta={buildAdminMeta(c, heading)} heading={heading} text={text} />;
    return c.html(await renderDocument(page), ADMIN_STATUS_BY_CODE[error.code]);
  });

  return app;
}
