import { isCertificationExpired } from '../../../domain/content.js';
import type { CertificationRecord } from '../../../storage/site-content.repository.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import type { FieldError } from './admin-form.js';
import {
  SiteContentNav,
  SiteField,
  SiteFormPage,
  type SiteFormValues,
  SitePagination,
  type SiteProblem,
  SiteRowActions,
} from './site-form.js';

/** Character limits of the certification form's fields. */
export interface CertificationFormLimits {
  name: number;
  issuer: number;
  certificateNumber: number;
  scope: number;
}

/** The certifications, each with its validity and, in words, whether it has expired. */
export function CertificationListPage(props: {
  meta: AdminPageMeta;
  rows: CertificationRecord[];
  total: number;
  page: number;
  pageCount: number;
  today: string;
  canEdit: boolean;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <SiteContentNav messages={messages} current="certifications" />
      <h1>{messages.certificationsTitle}</h1>
      <p class="lead">{messages.certificationsIntro}</p>
      {props.canEdit && (
        <p>
          <a class="chip" href="/admin/certifications/new">
            {messages.certificationNewLink}
          </a>
        </p>
      )}
      <p class="count-line">{messages.siteContentCount(props.total)}</p>
      {props.rows.length === 0 ? (
        <p>{messages.certificationNone}</p>
      ) : (
        <table class="sla-table">
          <thead>
            <tr>
              <th scope="col">{messages.siteContentColumnName}</th>
              <th scope="col">{messages.certificationColumnIssuer}</th>
              <th scope="col">{messages.certificationColumnValidity}</th>
              <th scope="col">{messages.certificationColumnStatus}</th>
              {props.canEdit && <th scope="col">{messages.siteContentColumnActions}</th>}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => {
              const isExpired = isCertificationExpired(row, props.today);
              return (
                <tr>
                  <th scope="row">{row.name}</th>
                  <td>{row.issuer}</td>
                  <td>
                    <time datetime={row.validFrom}>{row.validFrom}</time> –{' '}
                    <time datetime={row.validUntil}>{row.validUntil}</time>
                  </td>
                  <td>
                    {isExpired ? <strong>{messages.certificationExpired}</strong> : messages.certificationCurrent}
                  </td>
                  {props.canEdit && (
                    <td>
                      <SiteRowActions messages={messages} href={`/admin/certifications/${row.id}`} name={row.name} />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <SitePagination
        messages={messages}
        label={messages.siteContentPaginationLabel(messages.certificationsTitle)}
        basePath="/admin/certifications"
        page={props.page}
        pageCount={props.pageCount}
      />
    </AdminLayout>
  );
}

/** The form that creates or edits a certification. */
export function CertificationFormPage(props: {
  meta: AdminPageMeta;
  /** Undefined when creating. */
  id?: number;
  heading: string;
  values: SiteFormValues;
  errors: FieldError[];
  problem?: SiteProblem;
  limits: CertificationFormLimits;
}) {
  const { messages } = props.meta;
  const { values, errors, limits } = props;
  const isNew = props.id === undefined;
  return (
    <SiteFormPage
      meta={props.meta}
      section="certifications"
      heading={props.heading}
      action={isNew ? '/admin/certifications' : `/admin/certifications/${props.id}`}
      errors={errors}
      problem={props.problem}
      submitLabel={isNew ? messages.certificationCreateButton : messages.siteContentSaveButton}
      cancelHref="/admin/certifications"
    >
      <SiteField
        messages={messages}
        id="name"
        label={messages.certificationNameLabel}
        values={values}
        errors={errors}
        hint={messages.siteContentTextHint(limits.name)}
        required
      />
      <SiteField
        messages={messages}
        id="issuer"
        label={messages.certificationIssuerLabel}
        values={values}
        errors={errors}
        hint={messages.siteContentTextHint(limits.issuer)}
        required
      />
      <SiteField
        messages={messages}
        id="certificateNumber"
        label={messages.certificationNumberLabel}
        values={values}
        errors={errors}
        hint={messages.siteContentTextHint(limits.certificateNumber)}
        size={40}
        required
      />
      <SiteField
        messages={messages}
        id="scope"
        label={messages.certificationScopeLabel}
        values={values}
        errors={errors}
        hint={messages.siteContentTextHint(limits.scope)}
        kind="textarea"
        rows={4}
        required
      />
      <SiteField
        messages={messages}
        id="validFrom"
        label={messages.certificationValidFromLabel}
        values={values}
        errors={errors}
        hint={messages.siteContentDateHint}
        inputMode="numeric"
        size={12}
        required
      />
      <SiteField
        messages={messages}
        id="validUntil"
        label={messages.certificationValidUntilLabel}
        values={values}
        errors={errors}
        hint={messages.siteContentDateHint}
        inputMode="numeric"
        size={12}
        required
      />
    </SiteFormPage>
  );
}
