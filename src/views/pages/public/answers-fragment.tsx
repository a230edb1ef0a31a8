import type { PublishedEntry } from '../../../domain/published-site.js';
import type { Language, Messages } from '../../../i18n/index.js';
import { EntryBody } from '../../components/entry-details.js';

/**
 * The answers of one category's questions on the home page, without a page around them: the home page's
 * script loads them when a visitor opens one of the questions and shows each in its own disclosure.
 */
export function AnswersFragment(props: { entries: PublishedEntry[]; language: Language; messages: Messages }) {
  return (
    <>
      {props.entries.map((entry) => (
        <EntryBody entry={entry} language={props.language} messages={props.messages} />
      ))}
    </>
  );
}
