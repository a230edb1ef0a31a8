import type { FieldError } from '../../components/admin-form.js';
import type { AdminPageMeta } from '../../layouts/admin-layout.js';
import { LanguageColumns, SiteField, SiteFormPage, type SiteFormValues } from './site-form.js';

/** Character limits of the site form's fields (from the content-file rules), by field id. */
export type SiteFieldLimits = Partial<Record<string, number>>;

/** The site settings form: name, tagline, intro, contacts, accent colour and the SLA card. */
export function SiteSettingsPage(props: {
  meta: AdminPageMeta;
  values: SiteFormValues;
  errors: FieldError[];
  limits: SiteFieldLimits;
  maxResponseTimes: number;
  canEdit: boolean;
}) {
  const { messages } = props.meta;
  const field = (
    id: string,
    label: string,
    extra: {
      hint?: string;
      kind?: 'textarea';
      rows?: number;
      inputMode?: 'email' | 'url';
      size?: number;
      isOptional?: boolean;
    } = {},
  ) => {
    const max = props.limits[id];
    const hint = extra.hint ?? (max === undefined ? undefined : messages.siteContentTextHint(max));
    return (
      <SiteField
        messages={messages}
        id={id}
        label={label}
        values={props.values}
        errors={props.errors}
        hint={hint}
        kind={extra.kind}
        rows={extra.rows}
        inputMode={extra.inputMode}
        size={extra.size}
        required={!extra.isOptional}
      />
    );
  };
  return (
    <SiteFormPage
      meta={props.meta}
      section="site"
      heading={messages.siteSettingsTitle}
      intro={messages.siteSettingsIntro}
      action="/admin/site"
      errors={props.errors}
      submitLabel={messages.siteSaveButton}
      isReadOnly={!props.canEdit}
    >
      <h2>{messages.siteGeneralHeading}</h2>
      {field('name', messages.siteNameLabel)}
      <LanguageColumns
        messages={messages}
        english={
          <>
            {field('tagline', messages.siteTaglineLabel)}
            {field('intro', messages.siteIntroLabel, { kind: 'textarea', rows: 5 })}
          </>
        }
        swedish={
          <>
            {field('svTagline', messages.siteSwedishLabel(messages.siteTaglineLabel), { hint: '', isOptional: true })}
            {field('svIntro', messages.siteSwedishLabel(messages.siteIntroLabel), {
              kind: 'textarea',
              rows: 5,
              hint: '',
              isOptional: true,
            })}
          </>
        }
      />
      {field('contactEmail', messages.siteContactEmailLabel, { inputMode: 'email' })}
      {field('securityContact', messages.siteSecurityContactLabel, {
        hint: messages.siteSecurityContactHint,
        inputMode: 'url',
      })}
      {field('accentColor', messages.siteAccentColorLabel, { hint: messages.siteAccentColorHint, size: 10 })}
      <h2>{messages.siteSlaHeading}</h2>
      <LanguageColumns
        messages={messages}
        english={
          <>
            {field('slaTitle', messages.siteSlaTitleLabel)}
            {field('slaSummary', messages.siteSlaSummaryLabel, { kind: 'textarea', rows: 4 })}
            {field('slaAvailability', messages.siteSlaAvailabilityLabel, { size: 20 })}
            {field('responseTimes', messages.siteResponseTimesLabel, {
              kind: 'textarea',
              rows: 6,
              hint: messages.siteResponseTimesHint(props.maxResponseTimes),
            })}
          </>
        }
        swedish={
          <>
            {field('svSlaTitle', messages.siteSwedishLabel(messages.siteSlaTitleLabel), { hint: '', isOptional: true })}
            {field('svSlaSummary', messages.siteSwedishLabel(messages.siteSlaSummaryLabel), {
              kind: 'textarea',
              rows: 4,
              hint: '',
              isOptional: true,
            })}
            {field('svSlaAvailability', messages.siteSwedishLabel(messages.siteSlaAvailabilityLabel), {
              size: 20,
              hint: '',
              isOptional: true,
            })}
            {field('svResponseTimes', messages.siteSwedishLabel(messages.siteResponseTimesLabel), {
              kind: 'textarea',
              rows: 6,
              hint: messages.siteSwedishResponseTimesHint,
              isOptional: true,
            })}
          </>
        }
      />
    </SiteFormPage>
  );
}
