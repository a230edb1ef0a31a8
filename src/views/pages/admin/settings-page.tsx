import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { CsrfField } from './admin-form.js';

/** Site-wide staff settings. */
export function SettingsPage(props: {
  meta: AdminPageMeta;
  isFourEyesRequired: boolean;
  isChangeHistoryShown: boolean;
  /** Undefined when two-step sign-in is not available. */
  isTwoFactorRequired: boolean | undefined;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.settingsTitle}</h1>
      <form method="post" action="/admin/settings">
        <CsrfField token={props.meta.csrfToken ?? ''} />
        <fieldset class="filter-row">
          <legend>{messages.settingsPublicationHeading}</legend>
          <p class="filter-row">
            <input
              id="fourEyes"
              name="fourEyes"
              type="checkbox"
              value="on"
              checked={props.isFourEyesRequired}
              aria-describedby="fourEyes-hint"
            />
            <label for="fourEyes">{messages.fourEyesLabel}</label>
          </p>
          <p id="fourEyes-hint" class="count-line">
            {messages.fourEyesHint}
          </p>
          <p class="filter-row">
            <input
              id="changeHistory"
              name="changeHistory"
              type="checkbox"
              value="on"
              checked={props.isChangeHistoryShown}
              aria-describedby="changeHistory-hint"
            />
            <label for="changeHistory">{messages.changeHistoryLabel}</label>
          </p>
          <p id="changeHistory-hint" class="count-line">
            {messages.changeHistoryHint}
          </p>
        </fieldset>
        {props.isTwoFactorRequired !== undefined && (
          <fieldset class="filter-row">
            <legend>{messages.settingsSecurityHeading}</legend>
            <p class="filter-row">
              <input
                id="twoFactor"
                name="twoFactor"
                type="checkbox"
                value="on"
                checked={props.isTwoFactorRequired}
                aria-describedby="twoFactor-hint"
              />
              <label for="twoFactor">{messages.twoFactorRequiredLabel}</label>
            </p>
            <p id="twoFactor-hint" class="count-line">
              {messages.twoFactorRequiredHint}
            </p>
          </fieldset>
        )}
        <p>
          <button type="submit">{messages.saveSettings}</button>
        </p>
      </form>
    </AdminLayout>
  );
}
