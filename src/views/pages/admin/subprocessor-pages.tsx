import {
  SUBPROCESSOR_LIMITS,
  SUBPROCESSOR_STATUSES,
  type SubprocessorPhase,
  type SubprocessorStatus,
} from '../../../domain/subprocessor.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import {
  CsrfField,
  ErrorSummary,
  type FieldError,
  FormField,
  type PageProblem,
  ProblemNotice,
} from '../../components/admin-form.js';
import { FilterForm, FilterSearch, FilterSelect } from '../../components/list-filters.js';
import { PendingChangeNotice, ReviewSteps } from '../../components/review-workflow.js';
import { DayOf, RowTable } from '../../components/row-table.js';
import {
  type VersionComparison,
  VersionComparisonSections,
  type VersionRow,
} from '../../components/version-history.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { StatusBadge, statusLabel } from './entry-form.js';

/** The form's values as typed; lists are one item per line (categories) or separated by commas (countries). */
export interface SubprocessorFormValues {
  slug: string;
  name: string;
  legalEntity: string;
  purpose: string;
  purposeSv: string;
  dataCategories: string;
  locations: string;
  parentCompany: string;
  parentJurisdiction: string;
  nonEuLaw: string;
  nonEuLawExplanation: string;
  since: string;
  until: string;
}

/** The fields in the order the form shows them. */
export const SUBPROCESSOR_FORM_FIELDS = [
  'slug',
  'name',
  'legalEntity',
  'purpose',
  'purposeSv',
  'dataCategories',
  'locations',
  'parentCompany',
  'parentJurisdiction',
  'nonEuLaw',
  'nonEuLawExplanation',
  'since',
  'until',
] as const satisfies readonly (keyof SubprocessorFormValues)[];

/** A blank form. */
export const EMPTY_SUBPROCESSOR_VALUES: SubprocessorFormValues = {
  slug: '',
  name: '',
  legalEntity: '',
  purpose: '',
  purposeSv: '',
  dataCategories: '',
  locations: '',
  parentCompany: '',
  parentJurisdiction: '',
  nonEuLaw: '',
  nonEuLawExplanation: '',
  since: '',
  until: '',
};

/** A row of the staff list. */
export interface SubprocessorRow {
  slug: string;
  name: string;
  legalEntity: string;
  locations: string[];
  status: SubprocessorStatus;
  phase: SubprocessorPhase;
  nonEuLaw: string | null;
  since: string;
  until: string | null;
  hasPendingChange: boolean;
  updatedAt: string;
}

/** The staff list's filters as typed (empty: any). */
export interface SubprocessorListFilterValues {
  text: string;
  status: string;
  phase: string;
}

/** What the editor knows about a stored subprocessor beyond its form values. */
export interface SubprocessorEditorState {
  slug: string;
  name: string;
  status: SubprocessorStatus;
  pendingVersion: number | null;
  isFourEyesRequired: boolean;
}

function phaseLabel(messages: AdminMessages, phase: SubprocessorPhase): string {
  const labels: Record<SubprocessorPhase, string> = {
    upcoming: messages.subprocessorPhaseUpcoming,
    current: messages.subprocessorPhaseCurrent,
    ended: messages.subprocessorPhaseEnded,
  };
  return labels[phase];
}

/** The staff list: filters and a table of every subprocessor. */
export function SubprocessorListPage(props: {
  meta: AdminPageMeta;
  rows: SubprocessorRow[];
  filter: SubprocessorListFilterValues;
  canEdit: boolean;
}) {
  const { messages } = props.meta;
  const { filter } = props;
  const hasFilter = Object.values(filter).some((value) => value !== '');
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.subprocessorsTitle}</h1>
      <p>{messages.subprocessorsIntro}</p>
      <p>
        {props.canEdit && (
          <a class="chip" href="/admin/subprocessors/new">
            {messages.subprocessorNewLink}
          </a>
        )}{' '}
        <a href="/subprocessors">{messages.subprocessorViewPublic}</a>
      </p>
      <FilterForm
        action="/admin/subprocessors"
        titleId="subprocessor-filters-title"
        title={messages.subprocessorFiltersTitle}
        submitLabel={messages.entryFilterButton}
        clear={hasFilter ? { href: '/admin/subprocessors', label: messages.entryFilterClear } : undefined}
      >
        <FilterSearch label={messages.subprocessorFilterText} value={filter.text} />
        <FilterSelect
          name="status"
          label={messages.entryFilterStatus}
          anyLabel={messages.entryFilterAny}
          options={SUBPROCESSOR_STATUSES.map((status) => ({ value: status, label: statusLabel(messages, status) }))}
          selected={filter.status}
        />
        <FilterSelect
          name="phase"
          label={messages.subprocessorFilterPhase}
          anyLabel={messages.entryFilterAny}
          options={(['upcoming', 'current', 'ended'] as const).map((phase) => ({
            value: phase,
            label: phaseLabel(messages, phase),
          }))}
          selected={filter.phase}
        />
      </FilterForm>
      <h2 id="subprocessor-table-title" class="results-title">
        {messages.subprocessorCount(props.rows.length)}
      </h2>
      <RowTable
        titleId="subprocessor-table-title"
        columns={[
          messages.subprocessorNameLabel,
          messages.subprocessorLocationsLabel,
          messages.entryColumnStatus,
          messages.subprocessorColumnPeriod,
          messages.subprocessorNonEuLawLabel,
          messages.entryColumnUpdated,
        ]}
        rows={props.rows}
        emptyText={messages.subprocessorNoneMatch}
        cells={(row) => (
          <>
            <td>
              <a href={`/admin/subprocessors/${row.slug}`}>{row.name}</a>
              <br />
              <span class="reviewed">{row.legalEntity}</span>
            </td>
            <td>{row.locations.join(', ')}</td>
            <td>
              <StatusBadge messages={messages} status={row.status} />
              {row.hasPendingChange && <span class="reviewed"> {messages.entryPendingShort}</span>}
            </td>
            <td>
              {phaseLabel(messages, row.phase)}: <time datetime={row.since}>{row.since}</time>
              {' – '}
              {row.until === null ? '' : <time datetime={row.until}>{row.until}</time>}
            </td>
            <td>{row.nonEuLaw ?? messages.subprocessorNonEuLawNone}</td>
            <td>
              <DayOf at={row.updatedAt} />
            </td>
          </>
        )}
      />
    </AdminLayout>
  );
}

/** The form's fields, shared by the new page and the editor. */
function SubprocessorFields(props: {
  messages: AdminMessages;
  values: SubprocessorFormValues;
  errors: FieldError[];
  withSlug: boolean;
  isReadOnly?: boolean;
}) {
  const { messages, values } = props;
  const errorOf = (field: string) => props.errors.find((error) => error.field === field)?.message;
  const text = (
    id: keyof SubprocessorFormValues,
    label: string,
    options: { hint?: string; maxlength?: number; size?: number; required?: boolean } = {},
  ) => (
    <FormField
      messages={messages}
      id={id}
      label={label}
      type="text"
      value={values[id]}
      error={errorOf(id)}
      hint={options.hint}
      maxlength={options.maxlength}
      size={options.size}
      required={options.required}
    />
  );
  const area = (id: keyof SubprocessorFormValues, label: string, hint?: string, rows = 3) => (
    <FormField
      messages={messages}
      id={id}
      label={label}
      type="textarea"
      rows={rows}
      value={values[id]}
      error={errorOf(id)}
      hint={hint}
    />
  );
  return (
    <fieldset disabled={props.isReadOnly}>
      <legend class="visually-hidden">{messages.subprocessorFormLegend}</legend>
      {props.withSlug &&
        text('slug', messages.entrySlugLabel, {
          hint: messages.subprocessorSlugHint,
          maxlength: SUBPROCESSOR_LIMITS.slug,
          required: true,
        })}
      {text('name', messages.subprocessorNameLabel, { maxlength: SUBPROCESSOR_LIMITS.name, required: true })}
      {text('legalEntity', messages.subprocessorLegalEntityLabel, {
        hint: messages.subprocessorLegalEntityHint,
        maxlength: SUBPROCESSOR_LIMITS.legalEntity,
        required: true,
      })}
      {area(
        'purpose',
        messages.subprocessorPurposeLabel,
        messages.subprocessorPurposeHint(SUBPROCESSOR_LIMITS.purpose),
      )}
      {area('purposeSv', messages.subprocessorPurposeSvLabel, messages.subprocessorPurposeSvHint)}
      {area('dataCategories', messages.subprocessorCategoriesLabel, messages.subprocessorCategoriesHint, 4)}
      {text('locations', messages.subprocessorLocationsLabel, { hint: messages.subprocessorLocationsHint, size: 30 })}
      {text('parentCompany', messages.subprocessorParentLabel, {
        hint: messages.subprocessorParentHint,
        maxlength: SUBPROCESSOR_LIMITS.parentCompany,
      })}
      {text('parentJurisdiction', messages.subprocessorJurisdictionLabel, {
        hint: messages.subprocessorJurisdictionHint,
        size: 4,
      })}
      {text('nonEuLaw', messages.subprocessorNonEuLawLabel, {
        hint: messages.subprocessorNonEuLawHint,
        maxlength: SUBPROCESSOR_LIMITS.nonEuLaw,
      })}
      {area(
        'nonEuLawExplanation',
        messages.subprocessorNonEuLawExplanationLabel,
        messages.subprocessorNonEuLawExplanationHint,
      )}
      {text('since', messages.subprocessorSinceLabel, {
        hint: messages.subprocessorDateHint,
        size: 12,
        required: true,
      })}
      {text('until', messages.subprocessorUntilLabel, { hint: messages.subprocessorUntilHint, size: 12 })}
    </fieldset>
  );
}

/** The form for a new subprocessor. */
export function SubprocessorNewPage(props: {
  meta: AdminPageMeta;
  values: SubprocessorFormValues;
  errors: FieldError[];
  problem?: PageProblem;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <p class="breadcrumb">
        <a href="/admin/subprocessors">{messages.subprocessorsTitle}</a>
      </p>
      <h1>{messages.subprocessorNewTitle}</h1>
      <ProblemNotice problem={props.problem} />
      <ErrorSummary messages={messages} errors={props.errors} />
      <form method="post" action="/admin/subprocessors" novalidate>
        <CsrfField token={props.meta.csrfToken ?? ''} />
        <SubprocessorFields messages={messages} values={props.values} errors={props.errors} withSlug />
        <p>
          <button type="submit">{messages.subprocessorCreateButton}</button>
        </p>
      </form>
    </AdminLayout>
  );
}

/** A step that would notify subscribers sooner than the lead time, and waits for staff to confirm it. */
export type ShortNoticeStep = 'save' | 'approve' | 'archive';

/** The warning shown before such a step; approve and archive are confirmed here, a save by saving the form again. */
function ShortNoticeWarning(props: {
  messages: AdminMessages;
  csrfToken: string;
  base: string;
  step: ShortNoticeStep;
  text: string;
}) {
  const { messages } = props;
  return (
    <div class="badge expired-claim short-notice" role="alert">
      <p>
        <strong>{messages.subprocessorShortNoticeTitle}</strong> {props.text}
      </p>
      {props.step === 'save' ? (
        <p>{messages.subprocessorShortNoticeSaveAgain}</p>
      ) : (
        <form method="post" action={`${props.base}/${props.step}`}>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="confirmShortNotice" value="yes" />
          <button type="submit">{messages.subprocessorShortNoticeConfirm}</button>
        </form>
      )}
    </div>
  );
}

/** The editor of a stored subprocessor: status, workflow steps and the form. */
export function SubprocessorEditorPage(props: {
  meta: AdminPageMeta;
  values: SubprocessorFormValues;
  errors: FieldError[];
  problem?: PageProblem;
  /** A step waiting for staff to confirm a notice shorter than the lead time. */
  shortNotice?: { step: ShortNoticeStep; text: string };
  subprocessor: SubprocessorEditorState;
  abilities: { canEdit: boolean; canPublish: boolean };
}) {
  const { messages } = props.meta;
  const { subprocessor, abilities } = props;
  const csrfToken = props.meta.csrfToken ?? '';
  const base = `/admin/subprocessors/${subprocessor.slug}`;
  const status = subprocessor.status;
  const isEditable = abilities.canEdit && status !== 'archived';
  return (
    <AdminLayout meta={props.meta}>
      <p class="breadcrumb">
        <a href="/admin/subprocessors">{messages.subprocessorsTitle}</a>
      </p>
      <h1>{subprocessor.name}</h1>
      <div class="entry-meta">
        <StatusBadge messages={messages} status={status} />
        <span class="reviewed">
          {messages.entrySlugIs} <code>{subprocessor.slug}</code>
        </span>
        {status === 'published' && <a href="/subprocessors">{messages.subprocessorViewPublic}</a>}
        <a href={`${base}/history`}>{messages.entryHistoryLink}</a>
      </div>
      <PendingChangeNotice messages={messages} base={base} pendingVersion={subprocessor.pendingVersion} />
      <ProblemNotice problem={props.problem} />
      {props.shortNotice && (
        <ShortNoticeWarning
          messages={messages}
          csrfToken={csrfToken}
          base={base}
          step={props.shortNotice.step}
          text={props.shortNotice.text}
        />
      )}
      <section aria-labelledby="workflow-title">
        <h2 id="workflow-title">{messages.entryWorkflowTitle}</h2>
        {subprocessor.isFourEyesRequired && <p class="reviewed">{messages.entryFourEyesOn}</p>}
        <p class="reviewed">{messages.subprocessorNoticeHint}</p>
        <ReviewSteps
          messages={messages}
          csrfToken={csrfToken}
          base={base}
          review={{ ...subprocessor, ...abilities }}
          canArchive={abilities.canPublish && status !== 'archived'}
          archiveConfirmText={messages.subprocessorArchiveConfirm}
        />
      </section>
      <section aria-labelledby="edit-title">
        <h2 id="edit-title">{messages.subprocessorEditTitle}</h2>
        {!abilities.canEdit && <p>{messages.entryReadOnly}</p>}
        {abilities.canEdit && status === 'archived' && <p>{messages.subprocessorArchivedReadOnly}</p>}
        <ErrorSummary messages={messages} errors={props.errors} />
        <form method="post" action={base} novalidate>
          <CsrfField token={csrfToken} />
          {props.shortNotice?.step === 'save' && <input type="hidden" name="confirmShortNotice" value="yes" />}
          <SubprocessorFields
            messages={messages}
            values={props.values}
            errors={props.errors}
            withSlug={false}
            isReadOnly={!isEditable}
          />
          {isEditable && (
            <p>
              <button type="submit">
                {status === 'published' && subprocessor.isFourEyesRequired
                  ? messages.entryProposeButton
                  : messages.entrySaveButton}
              </button>
            </p>
          )}
        </form>
      </section>
    </AdminLayout>
  );
}

function diffFieldLabel(messages: AdminMessages, field: string): string {
  const labels: Record<string, string> = {
    name: messages.subprocessorNameLabel,
    'legal entity': messages.subprocessorLegalEntityLabel,
    purpose: messages.subprocessorPurposeLabel,
    'purpose (Swedish)': messages.subprocessorPurposeSvLabel,
    'data categories': messages.subprocessorCategoriesLabel,
    'processing locations': messages.subprocessorLocationsLabel,
    'parent company': messages.subprocessorParentLabel,
    'parent jurisdiction': messages.subprocessorJurisdictionLabel,
    'non-EU law': messages.subprocessorNonEuLawLabel,
    since: messages.subprocessorSinceLabel,
    until: messages.subprocessorUntilLabel,
    status: messages.entryColumnStatus,
  };
  return labels[field] ?? field;
}

/** Versions of a subprocessor and a comparison of two of them. */
export function SubprocessorHistoryPage(props: {
  meta: AdminPageMeta;
  slug: string;
  name: string;
  versions: VersionRow[];
  comparison?: VersionComparison;
}) {
  const { messages } = props.meta;
  const base = `/admin/subprocessors/${props.slug}`;
  return (
    <AdminLayout meta={props.meta}>
      <p class="breadcrumb">
        <a href="/admin/subprocessors">{messages.subprocessorsTitle}</a> / <a href={base}>{props.name}</a>
      </p>
      <h1>{messages.entryHistoryTitle(props.name)}</h1>
      <VersionComparisonSections
        messages={messages}
        base={base}
        versions={props.versions}
        comparison={props.comparison}
        fieldLabel={(field) => diffFieldLabel(messages, field)}
      />
      <h2 id="versions-title">{messages.entryVersionsTitle}</h2>
      <RowTable
        titleId="versions-title"
        columns={[
          messages.entryColumnVersion,
          messages.entryColumnWhen,
          messages.entryColumnWho,
          messages.entryColumnChange,
        ]}
        rows={props.versions}
        emptyText={messages.subprocessorNoVersions}
        cells={(row) => (
          <>
            <td>{messages.entryVersionNumber(row.version)}</td>
            <td>
              <DayOf at={row.savedAt} />
            </td>
            <td>{row.savedByEmail ?? messages.subprocessorSavedBySystem}</td>
            <td>{row.change}</td>
          </>
        )}
      />
    </AdminLayout>
  );
}
