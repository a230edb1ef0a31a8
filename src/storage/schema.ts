import type { ColumnType, Generated } from 'kysely';

/** Table types of the database, shared by every repository. */
export interface Database {
  site: SiteTable;
  sla_response_time: SlaResponseTimeTable;
  highlight: HighlightTable;
  category: CategoryTable;
  tag: TagTable;
  entry: EntryTable;
  entry_tag: EntryTagTable;
  entry_phrasing: EntryPhrasingTable;
  entry_control: EntryControlTable;
  certification: CertificationTable;
  named_link: NamedLinkTable;
  content_revision: ContentRevisionTable;
  search_query_day: SearchQueryDayTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  sign_in_throttle: SignInThrottleTable;
  setting: SettingTable;
  audit_event: AuditEventTable;
  entry_version: EntryVersionTable;
  questionnaire: QuestionnaireTable;
  questionnaire_question: QuestionnaireQuestionTable;
  rate_limit_window: RateLimitWindowTable;
  library_upload: LibraryUploadTable;
  mail_outbox: MailOutboxTable;
  document: DocumentTable;
  document_version: DocumentVersionTable;
  document_chunk: DocumentChunkTable;
  requester: RequesterTable;
  access_request: AccessRequestTable;
  access_request_document: AccessRequestDocumentTable;
  access_request_message: AccessRequestMessageTable;
  access_request_link: AccessRequestLinkTable;
  access_grant: AccessGrantTable;
  download_link: DownloadLinkTable;
  download_event: DownloadEventTable;
  access_domain_rule: AccessDomainRuleTable;
  nda_version: NdaVersionTable;
  nda_acceptance: NdaAcceptanceTable;
  nda_acceptance_party: NdaAcceptancePartyTable;
  site_update: SiteUpdateTable;
  subscription: SubscriptionTable;
  subscription_link: SubscriptionLinkTable;
  subscription_notice: SubscriptionNoticeTable;
  update_mailing: UpdateMailingTable;
  subscription_notice_recipient: SubscriptionNoticeRecipientTable;
  content_translation: ContentTranslationTable;
  subprocessor: SubprocessorTable;
  subprocessor_version: SubprocessorVersionTable;
}

export interface SiteTable {
  id: number;
  name: string;
  tagline: string;
  intro: string;
  contact_email: string;
  security_contact: string;
  security_policy_link: string | null;
  preferred_languages: string;
  accent_color: string;
  sla_title: string;
  sla_summary: string;
  sla_availability: string;
  sla_link: string | null;
}

export interface SlaResponseTimeTable {
  position: number;
  priority: string;
  description: string;
  response: string;
}

export interface HighlightTable {
  id: Generated<number>;
  title: string;
  text: string;
  icon: string;
  position: number;
}

export interface CategoryTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  position: number;
  review_interval_days: number;
}

export interface TagTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface EntryTable {
  id: Generated<number>;
  slug: string;
  question: string;
  answer: string;
  category_id: number;
  status: string;
  owner: string;
  position: number;
  last_reviewed_on: string;
  review_interval_days: number | null;
  created_at: string;
  updated_at: string;
  submitted_by_id: Generated<number | null>;
  reviewed_by_id: Generated<number | null>;
  pending_version: Generated<number | null>;
  /** One of SHORT_ANSWERS, or null. */
  short_answer: Generated<string | null>;
  questionnaire_wording: Generated<string | null>;
}

export interface EntryTagTable {
  entry_id: number;
  tag_id: number;
  position: number;
}

export interface EntryPhrasingTable {
  entry_id: number;
  position: number;
  text: string;
}

export interface EntryControlTable {
  entry_id: number;
  position: number;
  control_id: string;
}

export interface CertificationTable {
  id: Generated<number>;
  name: string;
  issuer: string;
  certificate_number: string;
  scope: string;
  valid_from: string;
  valid_until: string;
  position: number;
  /** Slug of the document holding the certificate (migration 0016). */
  document_slug: string | null;
}

export interface NamedLinkTable {
  id: Generated<number>;
  key: string;
  title: string;
  url: string;
  position: number;
}

export interface ContentRevisionTable {
  id: number;
  revision: number;
  changed_at: string;
}

export interface SearchQueryDayTable {
  day: string;
  query: string;
  searches: number;
  last_result_count: number;
}

export interface StaffUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  recovery_codes: string | null;
  password_changed_at: string;
  created_at: string;
  disabled_at: string | null;
  /** Email of the administrator who disabled the account; null when active or disabled from the command line. */
  disabled_by: string | null;
  /** The last TOTP time step (30-s periods since the epoch) accepted for the account; older and equal steps are refused. */
  totp_last_step: number | null;
  /** 1 while the password is a generated one-time password that must be replaced at the next sign-in. */
  is_password_temporary: Generated<number>;
}

export interface StaffSessionTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  /** 'password' or 'oidc'. */
  sign_in_method: Generated<string>;
}

export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  summary: string;
}

export interface EntryVersionTable {
  id: Generated<number>;
  entry_slug: string;
  version: number;
  saved_at: string;
  saved_by_id: number | null;
  saved_by_email: string | null;
  change: string;
  snapshot: string;
}

export interface QuestionnaireTable {
  id: Generated<number>;
  file_name: string;
  format: string;
  uploaded_by_id: number | null;
  uploaded_at: string;
  sheet: string;
  question_column: string | null;
  answer_column: string | null;
  original: Uint8Array;
  question_count: number;
  /** 'processing' while the questions are matched, then 'ready' or 'failed'. */
  status: Generated<string>;
  processed_count: Generated<number>;
  failure: string | null;
  progressed_at: string | null;
  /** JSON: every sheet as detection found it (header row, headings, columns used), or null before it was read. */
  layout: string | null;
  /** Bumped when the file is re-read; a matching run of an older number stops. */
  matching_run: Generated<number>;
  /** 'team' (every staff member) or 'private' (the uploader and admins). */
  visibility: Generated<string>;
  /** Who sent the questionnaire (free text), when it is due (YYYY-MM-DD), who owns the work, where it stands. */
  customer: string | null;
  due_date: string | null;
  /** A staff member's id; the uploader unless changed. Null when unknown. */
  owner_id: number | null;
  /** 'in_progress', 'sent' or 'archived'. */
  work_status: Generated<string>;
  /** Column letter of the short answers (comma-joined across sheets), or null when no sheet has one. */
  choice_column: string | null;
}

export interface QuestionnaireQuestionTable {
  id: Generated<number>;
  questionnaire_id: number;
  position: number;
  sheet: string;
  row: number;
  reference: string;
  text: string;
  /** JSON array of the stored match candidates. */
  candidates: string;
  /** Confidence of the first candidate ('none' without one), kept for counting and filtering in SQL. */
  top_confidence: Generated<string>;
  status: string;
  answer: string | null;
  chosen_slug: string | null;
  section: string | null;
  /** The accepted entry's short answer ('yes', 'no', 'partial', 'not_applicable'), or null. */
  short_answer: string | null;
}

/** Searches let through per client key and fixed window, summed over all processes (ephemeral). */
export interface RateLimitWindowTable {
  /** Route and client key, e.g. `search 203.0.113.7`. */
  key: string;
  /** Window start in seconds since the epoch; PostgreSQL returns bigint as a string. */
  window_start: ColumnType<number | string, number, number>;
  count: number;
}

export interface LibraryUploadTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the token the import form sends; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  file_name: string;
  bytes: Uint8Array;
  sheet: string | null;
  /** 'published' or 'draft'. */
  status: string;
  owner: string | null;
  /** 1 when the preview replaced every entry, else 0. */
  is_replace: number;
  content_revision: number;
  created_at: string;
  expires_at: string;
}

export interface MailOutboxTable {
  id: Generated<number>;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  /** Extra headers as a JSON object. */
  headers: string;
  language: string;
  kind: string;
  /** 'queued', 'sending', 'sent' or 'failed'. */
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** While 'sending': when the claiming process's hold ends and the mail is due again. */
  claimed_until: string | null;
}

export interface DocumentTable {
  id: Generated<number>;
  slug: string;
  title: string;
  description: string;
  category: string;
  language: string;
  /** 'public', 'nda' or 'request'. */
  access_level: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface DocumentVersionTable {
  id: Generated<number>;
  document_id: number;
  version_label: string;
  valid_from: string;
  valid_until: string | null;
  file_name: string;
  content_type: string;
  /** pg returns bigint as a string. */
  size_bytes: ColumnType<number | string, number, number>;
  sha256: string;
  uploaded_at: string;
  uploaded_by: string;
}

export interface DocumentChunkTable {
  version_id: number;
  seq: number;
  bytes: Uint8Array;
}

export interface RequesterTable {
  id: Generated<number>;
  /** Normalised address; '' once erased. */
  email: string;
  email_domain: string;
  name: string;
  company: string;
  language: string;
  created_at: string;
  erased_at: string | null;
}

export interface AccessRequestTable {
  id: Generated<number>;
  requester_id: number;
  reason: string;
  /** See REQUEST_STATUSES in src/domain/access.ts. */
  status: string;
  language: string;
  created_at: string;
  confirm_token_hash: string | null;
  confirm_expires_at: string;
  confirmed_at: string | null;
  nda_version_id: number | null;
  nda_ip: string | null;
  nda_user_agent: string | null;
  /** No longer used (the links are in access_request_link since migration 0018); kept so old rows read. */
  portal_token_hash: string | null;
  decided_at: string | null;
  decided_by: string | null;
  decision_note: string | null;
  updated_at: string;
}

export interface AccessRequestDocumentTable {
  request_id: number;
  document_id: number;
  /** 'pending', 'granted' or 'denied'. */
  outcome: string;
}

export interface AccessRequestMessageTable {
  id: Generated<number>;
  request_id: number;
  /** 'staff' or 'requester'. */
  author: string;
  body: string;
  at: string;
}

export interface AccessRequestLinkTable {
  token_hash: string;
  request_id: number;
  created_at: string;
}

export interface AccessGrantTable {
  id: Generated<number>;
  request_id: number;
  requester_id: number;
  document_id: number;
  granted_at: string;
  granted_by: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  reminder_sent_at: string | null;
}

export interface DownloadLinkTable {
  token_hash: string;
  grant_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface DownloadEventTable {
  id: Generated<number>;
  grant_id: number | null;
  requester_id: number | null;
  document_id: number;
  version_id: number;
  at: string;
  ip: string | null;
  user_agent: string | null;
  is_watermarked: Generated<number>;
}

export interface AccessDomainRuleTable {
  id: Generated<number>;
  pattern: string;
  /** 'approve' or 'deny'. */
  action: string;
  /** For 'approve': 'nda' or 'request'. */
  max_level: string | null;
  created_at: string;
  created_by: string;
}

export interface NdaVersionTable {
  id: Generated<number>;
  label: string;
  body: string;
  sha256: string;
  published_at: string;
  published_by: string;
}

export interface NdaAcceptanceTable {
  id: Generated<number>;
  nda_version_id: number;
  nda_sha256: string;
  requester_id: number;
  request_id: number;
  accepted_at: string;
  evidence_sha256: string;
}

export interface NdaAcceptancePartyTable {
  acceptance_id: number;
  name: string;
  email: string;
  company: string;
  ip: string;
  user_agent: string;
}

export interface SiteUpdateTable {
  id: Generated<number>;
  slug: string;
  title: string;
  body: string;
  title_sv: string | null;
  body_sv: string | null;
  category: string;
  status: string;
  date: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  published_at: string | null;
}

export interface SubscriptionTable {
  id: Generated<number>;
  email: string;
  topic: string;
  language: string;
  status: string;
  confirm_token_hash: string | null;
  confirm_expires_at: string;
  confirm_sent_at: string | null;
  created_at: string;
  confirmed_at: string | null;
}

export interface UpdateMailingTable {
  update_id: number;
  mail: string;
  base_url: string;
  after_email: Generated<string>;
  created_at: string;
  finished_at: string | null;
}

export interface SubscriptionLinkTable {
  token_hash: string;
  subscription_id: number;
  created_at: string;
}

export interface SubscriptionNoticeTable {
  id: Generated<number>;
  email_sha256: string;
  change_kind: string;
  subprocessor_slug: string;
  subprocessor_name: string;
  effective_on: string;
  summary: string;
  sent_at: string;
  is_late: number;
  lead_days: number;
  mail_id: number | null;
}

export interface SubscriptionNoticeRecipientTable {
  notice_id: number;
  email: string;
}

/** One translated thing in one language (migration 0024); `fields` is JSON of the translated fields. */
export interface ContentTranslationTable {
  /** One of TRANSLATION_SUBJECTS. */
  subject_type: string;
  subject_key: string;
  language: string;
  fields: string;
  updated_at: string;
}

/** A subprocessor (migration 0022); lists are JSON arrays of text. */
export interface SubprocessorTable {
  id: Generated<number>;
  slug: string;
  name: string;
  legal_entity: string;
  purpose: string;
  purpose_sv: string | null;
  data_categories: string;
  locations: string;
  parent_company: string | null;
  parent_jurisdiction: string | null;
  non_eu_law: string | null;
  non_eu_law_explanation: string | null;
  since_on: string;
  until_on: string | null;
  status: string;
  submitted_by_id: number | null;
  reviewed_by_id: number | null;
  pending_version: number | null;
  created_at: string;
  updated_at: string;
}

/** One saved version of a subprocessor: a JSON snapshot of its fields (migration 0022). */
export interface SubprocessorVersionTable {
  id: Generated<number>;
  subprocessor_slug: string;
  version: number;
  saved_at: string;
  saved_by_id: number | null;
  saved_by_email: string | null;
  change: string;
  snapshot: string;
}
