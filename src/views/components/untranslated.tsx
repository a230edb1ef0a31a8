import type { ContentLanguage } from '../../domain/translation.js';
import type { Language, Messages } from '../../i18n/index.js';

/** The `lang` an element of a text needs on a page: the text's language when it differs from the page's. */
export function langWhenDifferent(textLanguage: ContentLanguage, pageLanguage: Language): ContentLanguage | undefined {
  return textLanguage === pageLanguage ? undefined : textLanguage;
}

/**
 * The small mark beside a text shown in English on a page in another language, once per item; the
 * mark itself is in the page's language.
 */
export function UntranslatedMark(props: { textLanguage: ContentLanguage; language: Language; messages: Messages }) {
  if (props.textLanguage === props.language) return null;
  return (
    <span class="untranslated" lang={props.language}>
      {props.messages.notTranslated}
    </span>
  );
}

/** A short text (a name): wrapped in a `lang` span only when its language is not the page's. */
export function TextIn(props: { text: string; textLanguage: ContentLanguage; language: Language }) {
  const lang = langWhenDifferent(props.textLanguage, props.language);
  // biome-ignore lint/complexity/noUselessFragments: a component returns an element, not a bare string.
  return lang === undefined ? <>{props.text}</> : <span lang={lang}>{props.text}</span>;
}
