import { formatDate, type Language } from '../../i18n/index.js';

// A stand-in for the date while the sentence is built, so the sentence's own word order is kept.
const DATE_SLOT = '\u0000';

/**
 * A sentence with a date in it ("Valid until 30 September 2027"), the date a `<time>` that never wraps
 * inside itself: a narrow column breaks the line before the date, not between its day and month.
 */
export function DatedText(props: { text: (date: string) => string; date: string; language: Language }) {
  const [before = '', after = ''] = props.text(DATE_SLOT).split(DATE_SLOT);
  return (
    <>
      {before}
      <time class="date" datetime={props.date}>
        {formatDate(props.date, props.language)}
      </time>
      {after}
    </>
  );
}
