import { isCertificationExpired } from '../../../domain/content.js';
import type { CertificationRecord } from '../../../domain/site-content.js';
import { LanguageColumns } from './site-form.js';
import {
  bindSiteField,
  SiteItemFormPage,
  type SiteItemFormProps,
  SiteListPage,
  type SiteListProps,
} from './site-item-pages.js';

/** Character limits of the certification form's fields. */
export interface CertificationFormLimits {
  name: number;
  issuer: number;
  certificateNumber: number;
  scope: number;
}

/** The certifications, each with its validity and, in words, whether it has expired. */
export function CertificationListPage(props: SiteListProps<CertificationRecord> & { today: string }) {
  const { messages } = props.meta;
  return (
    <SiteListPage
      {...props}
      section="certifications"
      title={messages.certificationsTitle}
      intro={messages.certificationsIntro}
      newLabel={messages.certificationNewLink}
      emptyText={messages.certificationNone}
      columns={[
        messages.siteContentColumnName,
        messages.certificationColumnIssuer,
        messages.certificationColumnValidity,
        messages.certificationColumnStatus,
      ]}
      cells={(row) => (
        <>
          <th scope="row">{row.name}</th>
          <td>{row.issuer}</td>
          <td>
            <time datetime={row.validFrom}>{row.validFrom}</time> –{' '}
            <time datetime={row.validUntil}>{row.validUntil}</time>
          </td>
          <td>
            {isCertificationExpired(row, props.today) ? (
              <strong>{messages.certificationExpired}</strong>
            ) : (
              messages.certificationCurrent
            )}
          </td>
        </>
      )}
      link={(row) => ({ key: row.id, name: row.name })}
    />
  );
}

/** The form that creates or edits a certification. */
export function CertificationFormPage(
  props: SiteItemFormProps & {
    /** Undefined when creating. */
    id?: number;
    limits: CertificationFormLimits;
  },
) {
  const { messages } = props.meta;
  const { limits } = props;
  const Field = bindSiteField(props);
  return (
    <SiteItemFormPage
      {...props}
      section="certifications"
      itemKey={props.id}
      createLabel={messages.certificationCreateButton}
    >
      <Field
        id="name"
        label={messages.certificationNameLabel}
        hint={messages.siteContentTextHint(limits.name)}
        required
      />
      <Field
        id="issuer"
        label={messages.certificationIssuerLabel}
        hint={messages.siteContentTextHint(limits.issuer)}
        required
      />
      <Field
        id="certificateNumber"
        label={messages.certificationNumberLabel}
        hint={messages.siteContentTextHint(limits.certificateNumber)}
        size={40}
        required
      />
      <LanguageColumns
        messages={messages}
        english={
          <Field
            id="scope"
            label={messages.certificationScopeLabel}
            hint={messages.siteContentTextHint(limits.scope)}
            kind="textarea"
            rows={4}
            required
          />
        }
        swedish={
          <Field
            id="svScope"
            label={messages.siteSwedishLabel(messages.certificationScopeLabel)}
            kind="textarea"
            rows={4}
          />
        }
      />
      <Field
        id="validFrom"
        label={messages.certificationValidFromLabel}
        hint={messages.siteContentDateHint}
        inputMode="numeric"
        size={12}
        required
      />
      <Field
        id="validUntil"
        label={messages.certificationValidUntilLabel}
        hint={messages.siteContentDateHint}
        inputMode="numeric"
        size={12}
        required
      />
      <Field
        id="document"
        label={messages.certificationDocumentLabel}
        hint={messages.certificationDocumentHint}
        size={40}
      />
    </SiteItemFormPage>
  );
}
