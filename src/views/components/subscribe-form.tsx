import type { InputProblem } from '../../domain/errors.js';
import { MAIL_ADDRESS_MAX_LENGTH } from '../../domain/mail.js';
import { SUBSCRIPTION_TOPICS } from '../../domain/update.js';
import { localizePath, type Messages } from '../../i18n/index.js';

/** What the visitor typed into the subscribe form, shown again with its problems. */
export interface SubscribeValues {
  email: string;
  topic: string;
}

function problemFor(problems: InputProblem[], field: string): string | undefined {
  return problems.find((problem) => problem.field === field)?.message;
}

/**
 * The subscribe form: an address and one topic. `idPrefix` keeps the ids unique when the footer's form and
 * the one on /updates share a page.
 */
export function SubscribeForm(props: {
  messages: Messages;
  language: 'en' | 'sv';
  idPrefix: string;
  values?: SubscribeValues;
  problems?: InputProblem[];
  /** `page`: the form on /updates with its explanation; `footer`: the short one in every page's footer. */
  variant: 'page' | 'footer';
}) {
  const { messages, idPrefix } = props;
  const problems = props.problems ?? [];
  const emailProblem = problemFor(problems, 'email');
  const topicProblem = problemFor(problems, 'topic');
  const email = `${idPrefix}email`;
  const topic = `${idPrefix}topic`;
  const isPage = props.variant === 'page';
  return (
    <form
      method="post"
      action={localizePath('/updates/subscribe', props.language)}
      class="subscribe-form"
      aria-labelledby={`${idPrefix}heading`}
      novalidate
    >
      <h2 id={`${idPrefix}heading`} class={isPage ? undefined : 'footer-heading'}>
        {isPage ? messages.subscribeHeading : messages.footerSubscribe}
      </h2>
      {isPage && <p>{messages.subscribeIntro}</p>}
      {problems.length > 0 && (
        <div class="error-summary" role="alert" tabindex={-1} id={`${idPrefix}problems`} autofocus>
          <h3>{messages.subscribeProblemsTitle}</h3>
          <ul>
            {problems.map((problem) => (
              <li>
                <a href={`#${problem.field === 'topic' ? topic : email}`}>{problem.message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p class="form-field">
        <label for={email}>{messages.subscribeEmail}</label>
        {emailProblem && (
          <span class="field-error" id={`${email}-error`}>
            {emailProblem}
          </span>
        )}
        <input
          id={email}
          name="email"
          type="email"
          value={props.values?.email ?? ''}
          required
          maxlength={MAIL_ADDRESS_MAX_LENGTH}
          autocomplete="email"
          aria-invalid={emailProblem ? 'true' : undefined}
          aria-describedby={emailProblem ? `${email}-error` : undefined}
        />
      </p>
      <p class="form-field">
        <label for={topic}>{messages.subscribeTopic}</label>
        {topicProblem && (
          <span class="field-error" id={`${topic}-error`}>
            {topicProblem}
          </span>
        )}
        <select
          id={topic}
          name="topic"
          aria-invalid={topicProblem ? 'true' : undefined}
          aria-describedby={topicProblem ? `${topic}-error` : undefined}
        >
          {SUBSCRIPTION_TOPICS.map((value) => (
            <option value={value} selected={value === (props.values?.topic ?? 'all')}>
              {messages.subscriptionTopics[value]}
            </option>
          ))}
        </select>
      </p>
      <p>
        <button type="submit">{messages.subscribeButton}</button>
      </p>
      {isPage && <p class="count-line">{messages.subscribePrivacy}</p>}
    </form>
  );
}
