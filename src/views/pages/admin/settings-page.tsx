import { CsrfField } from '../../components/admin-form.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';

/** One on/off setting: a checkbox with its label and a hint tied to it. */
function SettingCheckbox(props: { name: string; isChecked: boolean; label: string; hint: string }) {
  const hintId = `${props.name}-hint`;
  return (
    <>
      <p class="filter-row">
        <input
          id={props.name}
          name={props.name}
          type="checkbox"
          value="on"
          checked={props.isChecked}
          aria-describedby={hintId}
        />
        <label for={props.name}>{props.label}</label>
      </p>
      <p id={hintId} class="count-line">
        {props.hint}
      </p>
    </>
  );
}

/** Site-wide staff settings. */
export function SettingsPage(props: {
  meta: AdminPageMeta;
  isFourEyesRequired: boolean;
  isChangeHistoryShown: boolean;
  isPhrasingLearningOn: boolean;
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
          <SettingCheckbox
            name="fourEyes"
            isChecked={props.isFourEyesRequired}
            label={messages.fourEyesLabel}
            hint={messages.fourEyesHint}
          />
          <SettingCheckbox
            name="changeHistory"
            isChecked={props.isChangeHistoryShown}
            label={messages.changeHistoryLabel}
            hint={messages.changeHistoryHint}
          />
        </fieldset>
        <fieldset class="filter-row">
          <legend>{messages.settingsQuestionnairesHeading}</legend>
          <SettingCheckbox
            name="learnPhrasings"
            isChecked={props.isPhrasingLearningOn}
            label={messages.learnPhrasingsLabel}
            hint={messages.learnPhrasingsHint}
          />
        </fieldset>
        {props.isTwoFactorRequired !== undefined && (
          <fieldset class="filter-row">
            <legend>{messages.settingsSecurityHeading}</legend>
            <SettingCheckbox
              name="twoFactor"
              isChecked={props.isTwoFactorRequired}
              label={messages.twoFactorRequiredLabel}
              hint={messages.twoFactorRequiredHint}
            />
          </fieldset>
        )}
        <p>
          <button type="submit">{messages.saveSettings}</button>
        </p>
      </form>
    </AdminLayout>
  );
}
