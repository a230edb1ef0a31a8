import { ICON_NAMES } from '../../../domain/content.js';
import type { HighlightRecord } from '../../../domain/site-content.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import { LanguageColumns } from './site-form.js';
import {
  bindSiteField,
  SiteItemFormPage,
  type SiteItemFormProps,
  SiteListPage,
  type SiteListProps,
} from './site-item-pages.js';

/** Says that a highlight's text names certifications that have expired, so a visitor would read a lapsed claim. */
export function ExpiredClaimWarning(props: { messages: AdminMessages; names: string[] }) {
  return (
    <div class="badge expired expired-claim" role="note">
      <div>
        <h2 class="badge-name">{props.messages.highlightExpiredClaimTitle}</h2>
        <p>{props.messages.highlightExpiredClaimText(props.names)}</p>
      </div>
    </div>
  );
}

/** The highlight cards in the order the home page shows them. */
export function HighlightListPage(props: SiteListProps<HighlightRecord>) {
  const { messages } = props.meta;
  return (
    <SiteListPage
      {...props}
      section="highlights"
      title={messages.highlightsTitle}
      intro={messages.highlightsIntro}
      newLabel={messages.highlightNewLink}
      emptyText={messages.highlightNone}
      columns={[messages.siteContentColumnOrder, messages.highlightColumnTitle, messages.highlightColumnIcon]}
      cells={(row) => (
        <>
          <td>{row.order}</td>
          <th scope="row">{row.title}</th>
          <td>{row.icon}</td>
        </>
      )}
      link={(row) => ({ key: row.id, name: row.title })}
    />
  );
}

/** The form that creates or edits a highlight card. */
export function HighlightFormPage(
  props: SiteItemFormProps & {
    /** Undefined when creating. */
    id?: number;
    limits: { title: number; text: number };
    /** Expired certifications the card's text names. */
    expiredCertifications?: string[];
  },
) {
  const { messages } = props.meta;
  const { limits } = props;
  const Field = bindSiteField(props);
  const expired = props.expiredCertifications ?? [];
  return (
    <SiteItemFormPage
      {...props}
      section="highlights"
      itemKey={props.id}
      createLabel={messages.highlightCreateButton}
      notice={expired.length > 0 && <ExpiredClaimWarning messages={messages} names={expired} />}
    >
      <LanguageColumns
        messages={messages}
        english={
          <>
            <Field
              id="title"
              label={messages.highlightTitleLabel}
              hint={messages.siteContentTextHint(limits.title)}
              required
            />
            <Field
              id="text"
              label={messages.highlightTextLabel}
              hint={messages.siteContentTextHint(limits.text)}
              kind="textarea"
              rows={4}
              required
            />
          </>
        }
        swedish={
          <>
            <Field id="svTitle" label={messages.siteSwedishLabel(messages.highlightTitleLabel)} />
            <Field
              id="svText"
              label={messages.siteSwedishLabel(messages.highlightTextLabel)}
              kind="textarea"
              rows={4}
            />
          </>
        }
      />
      <Field
        id="icon"
        label={messages.highlightIconLabel}
        kind="select"
        options={ICON_NAMES.map((name) => ({ value: name, label: name }))}
        required
      />
      <Field
        id="order"
        label={messages.highlightOrderLabel}
        hint={messages.siteContentOrderHint}
        inputMode="numeric"
        size={8}
        required
      />
    </SiteItemFormPage>
  );
}
