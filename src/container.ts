import type { Config } from './config.js';
// The pool only: pdf-lib and the font are loaded by its worker threads, not at the server's start.
import { createWatermarker, type Watermarker } from './documents/watermarker.js';
import { DEFAULT_DOCUMENT_MAX_BYTES } from './domain/document.js';
import type { SubprocessorChange } from './domain/subprocessor-change.js';
import type { UpdateRecord } from './domain/update.js';
import { createSmtpTransport, type MailTransportFactory } from './mail/smtp-transport.js';
import { AccessService } from './services/access.service.js';
import { type AuditInput, AuditService } from './services/audit.service.js';
import { ContentService } from './services/content.service.js';
import { ContentDocumentStore } from './services/content-documents.js';
import { DashboardService } from './services/dashboard.service.js';
import { DocumentService } from './services/document.service.js';
import { EntryService } from './services/entry.service.js';
import { HealthService } from './services/health.service.js';
import { LibraryUploadService } from './services/library-upload.service.js';
import { MailService } from './services/mail.service.js';
import { NdaService } from './services/nda.service.js';
import { OidcService, type OidcSettings } from './services/oidc.service.js';
import { PublicSiteService } from './services/public-site.service.js';
import { QuestionnaireService } from './services/questionnaire.service.js';
import { QuestionnaireExportService } from './services/questionnaire-export.service.js';
import { QuestionnaireMatchingService } from './services/questionnaire-matching.service.js';
import { SearchAnalyticsService } from './services/search-analytics.service.js';
import { SettingService } from './services/setting.service.js';
import { SignInService } from './services/sign-in.service.js';
import { SiteContentService } from './services/site-content.service.js';
import { StaffService } from './services/staff.service.js';
import { SubprocessorService } from './services/subprocessor.service.js';
import { type NoticeReport, SubscriptionService } from './services/subscription.service.js';
import { TranslationStatusService } from './services/translation-status.service.js';
import { TwoFactorService } from './services/two-factor.service.js';
import { UpdateService } from './services/update.service.js';
import { AccessRepository } from './storage/access.repository.js';
import { AuditRepository } from './storage/audit.repository.js';
import { type ChangeListener, listenForContentChanges } from './storage/change-listener.js';
import { ContentRepository } from './storage/content.repository.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './storage/database.js';
import { DocumentRepository } from './storage/document.repository.js';
import { EntryRepository } from './storage/entry.repository.js';
import { HealthRepository } from './storage/health.repository.js';
import { LibraryUploadRepository } from './storage/library-upload.repository.js';
import { MailRepository } from './storage/mail.repository.js';
import { NdaRepository } from './storage/nda.repository.js';
import { QuestionnaireRepository } from './storage/questionnaire.repository.js';
import { RateLimitRepository } from './storage/rate-limit.repository.js';
import { SearchAnalyticsRepository } from './storage/search-analytics.repository.js';
import { SettingRepository } from './storage/setting.repository.js';
import { SiteContentRepository } from './storage/site-content.repository.js';
import { StaffRepository } from './storage/staff.repository.js';
import { SubprocessorRepository } from './storage/subprocessor.repository.js';
import { SubscriptionRepository } from './storage/subscription.repository.js';
import { TwoFactorRepository } from './storage/two-factor.repository.js';
import { UpdateRepository } from './storage/update.repository.js';

/** Everything a surface (HTTP, CLI) needs, wired once. */
export interface Container {
  database: DatabaseHandle;
  content: ContentService;
  publicSite: PublicSiteService;
  searchAnalytics: SearchAnalyticsService;
  audit: AuditService;
  /** Staff accounts: create, list, change the role, disable and enable, set a password. */
  staff: StaffService;
  /** Password and OpenID Connect sign-in, lockouts, sessions, a person's own password change. */
  signIn: SignInService;
  entries: EntryService;
  twoFactor: TwoFactorService;
  /** Four-eyes publication, the public change history, phrasing learning, mandatory two-step sign-in, the sign-in secret. */
  settings: SettingService;
  siteContent: SiteContentService;
  /** What lacks its Swedish: the staff "Untranslated" page and the dashboard's count. */
  translationStatus: TranslationStatusService;
  /** The questionnaire use cases staff and `tillit answer` call. */
  questionnaires: QuestionnaireService;
  /** The background matching of uploaded questionnaires. */
  questionnaireMatching: QuestionnaireMatchingService;
  /** A questionnaire's accepted answers as CSV, JSON or its workbook; drafts written into a file. */
  questionnaireExports: QuestionnaireExportService;
  /** Refreshes this process's published site and search index now; every content write calls it. */
  onContentChanged(): void;
  /** Answer-library files kept between their preview and their import in the staff area. */
  libraryUploads: LibraryUploadService;
  /** The staff start page's figures. */
  dashboard: DashboardService;
  /** The document library: staff manage documents and versions; visitors list them and download public ones. */
  documents: DocumentService;
  /** The readiness check behind /readyz. */
  health: HealthService;
  /** Where the search rate limit's counts are shared between processes (main.ts starts the sharing). */
  rateLimitStore: RateLimitRepository;
  /** Sign-in with OpenID Connect; undefined unless OIDC_* is configured. */
  oidc?: OidcService;
  /** The mail outbox: features queue mail here; administrators read and retry it. */
  mail: MailService;
  /** Access requests to gated documents, grants, gated downloads, domain rules, erasure. */
  access: AccessService;
  /** NDA versions and their acceptances. */
  nda: NdaService;
  /** Posted updates: staff drafts and publications, the public list and feed. */
  updates: UpdateService;
  /** E-mail subscriptions to updates, Art. 28 notices, erasure of subscribers. */
  subscriptions: SubscriptionService;
  /**
   * What a published subprocessor change sets off: a draft update for staff and the Art. 28 notice to the
   * subscribers of subprocessor changes (the subprocessor service calls it after its commit).
   */
  onSubprocessorChange(change: SubprocessorChange): Promise<{ draft: UpdateRecord; notice: NoticeReport }>;
  /** Subprocessors: staff edit them with review and history; visitors list them (page, CSV, JSON). */
  subprocessors: SubprocessorService;
  /** Today's date as YYYY-MM-DD (injectable for tests). */
  today(): string;
  /** Runs the periodic work (purge unconfirmed requests and subscriptions, grant reminders) now, with the base URL its links use, as the timer does. */
  runAccessMaintenance(): Promise<void>;
  /** Stops the mail delivery loop (waiting for a send in flight) and closes the database. */
  close(): Promise<void>;
}

/** How the container sends mail. */
export interface MailOptions {
  /** The From of every mail. */
  from: string;
  /** Builds the transport (SMTP over SMTP_URL); without one mail stays queued in the outbox. */
  transportFactory?: MailTransportFactory;
  /** How often the delivery loop looks for due mail (default 5 s). */
  pollIntervalMs?: number;
  /** Run the delivery loop in this process (default true; the CLI turns it off). */
  isDelivering?: boolean;
}

/** Options for building a container. */
export interface ContainerOptions {
  databaseUrl: string;
  poolSize?: number;
  now?: () => Date;
  /** How often each process checks for content changed elsewhere. */
  revisionCheckIntervalMs?: number;
  /** Subscribe to PostgreSQL change notifications (default true; the CLI turns it off). */
  listenForChanges?: boolean;
  /** The identity provider for staff sign-in, when one is configured. */
  oidc?: OidcSettings;
  /** DOCUMENT_MAX_BYTES: the largest document file accepted (25 MB unless set). */
  documentMaxBytes?: number;
  /** Where background work (questionnaire matching, mail delivery) reports failures nobody awaits; one JSON line each. */
  log?: (fields: Record<string, unknown>) => void;
  /** Mail delivery; by default mail is kept in the outbox from tillit@localhost and never sent. */
  mail?: MailOptions;
  /** PUBLIC_URL, when set: the base that makes the links in questionnaire drafts absolute. */
  publicUrl?: string;
  /** Access to gated documents: how long a grant lasts, how PDFs are stamped, the base of links in reminders. */
  access?: { grantDays?: number; watermarker?: Watermarker; baseUrl?: string; maintenanceIntervalMs?: number };
  /**
   * Told of each published change to the subprocessor list (added, changed, ended) after it is committed: the
   * updates service drafts an update and notifies subscribers. Absent: nobody is told.
   */
  onSubprocessorChange?: (change: SubprocessorChange) => Promise<void> | void;
}

/** Opens storage and builds the services. */
export function createContainer(options: ContainerOptions): Container {
  const database = openDatabase(options.databaseUrl, { poolSize: options.poolSize });
  const now = options.now ?? (() => new Date());
  // The one hook every write that changes what visitors see calls (entry edits and workflow steps,
  // site content, content and library imports, phrasings learned from questionnaires): this process
  // rebuilds its published site and search index at once; other processes see the revision change.
  const onContentChanged = () => publicSite.refreshSoon();
  // Answers link to documents as `document:<slug>`; the document service is built further down.
  const listDocumentSlugs = () => documents.listLinkableSlugs();
  const ndaRepository = new NdaRepository(database.db);
  // Runs after a change to the published subprocessor list is committed (a staff step or a content import): a draft
  // update for staff and the Art. 28 notice to subscribers. A failure here must not turn the saved change into an
  // error page; it is logged for the operator instead.
  const reportSubprocessorChange = async (change: SubprocessorChange): Promise<void> => {
    await options.onSubprocessorChange?.(change);
    try {
      await announceSubprocessorChange(change);
    } catch (error) {
      options.log?.({
        level: 'error',
        msg: 'a subprocessor change was saved, but its draft update or subscriber notice failed',
        subprocessor: change.slug,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  const content = new ContentService(
    new ContentRepository(database.db, database.dialect),
    now,
    onContentChanged,
    listDocumentSlugs,
    new ContentDocumentStore(
      new DocumentRepository(database.db, database.dialect, { sqlite: database.sqlite }),
      ndaRepository,
      options.documentMaxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES,
      now,
    ),
    () => subprocessors.listForExport(),
    () => updates.listForExport(),
    (change) => reportSubprocessorChange(change),
  );
  const settings = new SettingService(new SettingRepository(database.db, database.dialect), now, onContentChanged);
  const entryRepository = new EntryRepository(database.db, database.dialect);
  const publicSite = new PublicSiteService(content, options.revisionCheckIntervalMs, undefined, () =>
    entries.listPublicChangeDays(),
  );
  // Other processes announce changes on PostgreSQL; the revision check covers SQLite and lost notifications.
  const listener: ChangeListener | undefined =
    database.dialect === 'postgres' && options.listenForChanges !== false
      ? listenForContentChanges(options.databaseUrl, onContentChanged)
      : undefined;
  const today = () => now().toISOString().slice(0, 10);
  const siteContent = new SiteContentService(
    new SiteContentRepository(database.db, database.dialect),
    now,
    onContentChanged,
    listDocumentSlugs,
  );
  const searchAnalytics = new SearchAnalyticsService(new SearchAnalyticsRepository(database.db), today);
  const audit = new AuditService(new AuditRepository(database.db), now);
  const twoFactor = new TwoFactorService(new TwoFactorRepository(database.db), audit, now);
  const staffRepository = new StaffRepository(database.db);
  const recordAudit = (event: AuditInput) => audit.record(event);
  const staff = new StaffService(staffRepository, recordAudit, now);
  const signIn = new SignInService(staffRepository, recordAudit, now, twoFactor);
  const entries = new EntryService(entryRepository, settings, now, onContentChanged, listDocumentSlugs);
  const subprocessors = new SubprocessorService(
    new SubprocessorRepository(database.db, database.dialect),
    settings,
    now,
    {
      onContentChanged,
      onPublishedChange: (change) => reportSubprocessorChange(change),
    },
  );
  const oidc = options.oidc ? new OidcService(options.oidc) : undefined;
  const questionnaireRepository = new QuestionnaireRepository(database.db);
  const questionnaireMatching = new QuestionnaireMatchingService(questionnaireRepository, content, now, {
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    onMatchingError: (id, error) =>
      options.log?.({
        level: 'error',
        msg: 'questionnaire matching failed',
        questionnaireId: id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  });
  const questionnaires = new QuestionnaireService(
    questionnaireRepository,
    questionnaireMatching,
    entries,
    settings,
    now,
  );
  const questionnaireExports = new QuestionnaireExportService(questionnaireRepository, questionnaires);
  const documents = new DocumentService(
    new DocumentRepository(database.db, database.dialect, { sqlite: database.sqlite }),
    now,
    options.documentMaxBytes,
    onContentChanged,
  );
  const mailOptions = options.mail ?? { from: 'tillit@localhost' };
  const isDelivering = mailOptions.isDelivering !== false && mailOptions.transportFactory !== undefined;
  const mail = new MailService(new MailRepository(database.db, database.dialect), {
    now,
    from: mailOptions.from,
    // A process that does not deliver (the CLI) opens no SMTP connection; what it queues waits for the server.
    transport: isDelivering ? mailOptions.transportFactory?.() : undefined,
    recordAudit,
    log: options.log,
  });
  mail.startDelivery(mailOptions.pollIntervalMs ?? 5000);
  // Workers start on the first gated PDF download and stop when idle, so a container that never stamps costs nothing.
  const watermarker = options.access?.watermarker ?? createWatermarker();
  const access = new AccessService(new AccessRepository(database.db), ndaRepository, documents, mail, settings, {
    now,
    grantDays: options.access?.grantDays,
    watermarker,
  });
  // Purges unconfirmed requests past 24 h and sends grant reminders; every process may run it (claims are atomic).
  const maintenanceMs = options.access?.maintenanceIntervalMs ?? 10 * 60_000;
  const maintenanceBaseUrl = options.access?.baseUrl ?? 'http://localhost:3000';
  const subscriptions = new SubscriptionService(new SubscriptionRepository(database.db), mail, settings, {
    now,
    baseUrl: maintenanceBaseUrl,
    onMailingError: (error) =>
      options.log?.({
        level: 'error',
        msg: 'mailing a published update failed; it resumes at the next maintenance round',
        error: error instanceof Error ? error.message : String(error),
      }),
  });
  const updates = new UpdateService(new UpdateRepository(database.db), subscriptions, now);
  const announceSubprocessorChange = async (change: SubprocessorChange) => {
    const draft = await updates.createDraftForSubprocessorChange(change);
    const notice = await subscriptions.sendSubprocessorNotice(change);
    return { draft, notice };
  };
  let maintenance: Promise<void> = Promise.resolve();
  const runMaintenance = () => {
    // Also resumes the mailing of an update that a restart interrupted.
    subscriptions.startMailings();
    maintenance = Promise.all([access.runMaintenance(maintenanceBaseUrl), subscriptions.runMaintenance()]).then(
      () => undefined,
      (error: unknown) => {
        options.log?.({
          level: 'error',
          msg: 'access maintenance failed',
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
    return maintenance;
  };
  const maintenanceTimer = maintenanceMs > 0 ? setInterval(runMaintenance, maintenanceMs) : undefined;
  maintenanceTimer?.unref();
  // The first round soon after start, so a restart does not delay the purge of expired requests by a whole interval.
  const firstMaintenance = maintenanceMs > 0 ? setTimeout(runMaintenance, Math.min(maintenanceMs, 30_000)) : undefined;
  firstMaintenance?.unref();
  const translationStatus = new TranslationStatusService(content, siteContent, documents);
  return {
    database,
    content,
    publicSite,
    searchAnalytics,
    audit,
    staff,
    signIn,
    entries,
    twoFactor,
    settings,
    dashboard: new DashboardService(
      entries,
      audit,
      searchAnalytics,
      documents,
      access,
      { siteContent, today },
      translationStatus,
    ),
    documents,
    health: new HealthService(new HealthRepository(database)),
    rateLimitStore: new RateLimitRepository(database.db),
    siteContent,
    translationStatus,
    oidc,
    questionnaires,
    questionnaireMatching,
    questionnaireExports,
    onContentChanged,
    libraryUploads: new LibraryUploadService(new LibraryUploadRepository(database.db), content, now),
    mail,
    access,
    nda: new NdaService(ndaRepository, now, recordAudit),
    updates,
    subscriptions,
    onSubprocessorChange: (change) => announceSubprocessorChange(change),
    subprocessors,
    today,
    runAccessMaintenance: runMaintenance,
    async close() {
      clearInterval(maintenanceTimer);
      clearTimeout(firstMaintenance);
      await maintenance;
      await watermarker.close();
      // The slice of an update's mailing in progress commits; the rest resumes after the next start.
      await subscriptions.stopMailings();
      // First: a send in flight finishes and records its outcome while the database is open.
      await mail.stop();
      await listener?.close();
      await searchAnalytics.flush().catch(() => {});
      // Background matching writes to the database until it finishes.
      await questionnaireMatching.whenIdle();
      await database.close();
    },
  };
}

/** Builds a container from validated config. */
export function createContainerFromConfig(
  config: Config,
  options: { listenForChanges?: boolean; log?: ContainerOptions['log']; isDeliveringMail?: boolean } = {},
): Container {
  const smtpUrl = config.SMTP_URL;
  return createContainer({
    log: options.log,
    mail: {
      from: config.MAIL_FROM,
      transportFactory: smtpUrl ? () => createSmtpTransport(smtpUrl) : undefined,
      pollIntervalMs: config.MAIL_POLL_MS,
      isDelivering: options.isDeliveringMail,
    },
    databaseUrl: config.DATABASE_URL,
    ...(config.PUBLIC_URL === undefined ? {} : { publicUrl: config.PUBLIC_URL }),
    poolSize: config.DATABASE_POOL_SIZE,
    documentMaxBytes: config.DOCUMENT_MAX_BYTES,
    access: {
      grantDays: config.ACCESS_GRANT_DAYS,
      // Reminder mails are sent by the background job, not in answer to a request: their links need the
      // configured address (without PUBLIC_URL they point at this machine, which only suits a trial).
      baseUrl: (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ''),
    },
    listenForChanges: options.listenForChanges,
    oidc:
      config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET && config.PUBLIC_URL
        ? {
            issuer: config.OIDC_ISSUER,
            clientId: config.OIDC_CLIENT_ID,
            clientSecret: config.OIDC_CLIENT_SECRET,
            redirectUri: `${config.PUBLIC_URL.replace(/\/+$/, '')}/admin/oidc/callback`,
          }
        : undefined,
  });
}

/** Migrates and, on a database without content, loads the given content folder. */
export async function prepareDatabase(container: Container, contentDirectory: string | undefined): Promise<string[]> {
  const report = await migrateToLatest(container.database);
  if (contentDirectory && !(await container.content.hasContent())) {
    await container.content.importDirectory(contentDirectory);
  }
  return report.applied;
}
