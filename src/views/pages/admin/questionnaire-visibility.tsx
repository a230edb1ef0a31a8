import { QUESTIONNAIRE_VISIBILITIES, type QuestionnaireVisibility } from '../../../domain/questionnaire.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';

/** The words for a visibility. */
export function visibilityLabel(messages: AdminMessages, visibility: QuestionnaireVisibility): string {
  return visibility === 'private' ? messages.questionnaireVisibilityPrivate : messages.questionnaireVisibilityTeam;
}

/** The choice between team and private, as radio buttons named `visibility`. */
export function VisibilityFieldset(props: {
  messages: AdminMessages;
  idPrefix: string;
  value: QuestionnaireVisibility;
}) {
  const { messages } = props;
  return (
    <fieldset class="filter-row">
      <legend>{messages.questionnaireVisibilityLegend}</legend>
      {QUESTIONNAIRE_VISIBILITIES.map((visibility) => (
        <p class="choice">
          <input
            id={`${props.idPrefix}-${visibility}`}
            name="visibility"
            type="radio"
            value={visibility}
            checked={props.value === visibility}
          />
          <label for={`${props.idPrefix}-${visibility}`}>{visibilityLabel(messages, visibility)}</label>
        </p>
      ))}
    </fieldset>
  );
}

/** Who can see a questionnaire and, for its owner and admins, the form that changes it. */
export function VisibilitySection(props: {
  messages: AdminMessages;
  csrfToken: string;
  base: string;
  value: QuestionnaireVisibility;
  canChange: boolean;
}) {
  const { messages } = props;
  return (
    <section aria-labelledby="questionnaire-visibility-title">
      <h2 id="questionnaire-visibility-title">{messages.questionnaireVisibilityTitle}</h2>
      <p>{visibilityLabel(messages, props.value)}</p>
      {props.canChange && (
        <form method="post" action={`${props.base}/visibility`} class="entry-form">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <VisibilityFieldset messages={messages} idPrefix="questionnaire-visibility" value={props.value} />
          <p>
            <button type="submit">{messages.questionnaireVisibilityButton}</button>
          </p>
        </form>
      )}
    </section>
  );
}
