import { splitLanguagePath } from '../../i18n/index.js';

/** How many closest entries a not-found page offers. */
export const NOT_FOUND_SUGGESTIONS = 5;

/**
 * The words of a missing FAQ, category or tag page's slug (`/faq/encrypt-backups` → "encrypt backups"),
 * searched to offer the closest entries; undefined for any other path.
 */
export function toMissingPageWords(requestPath: string): string | undefined {
  const { path } = splitLanguagePath(requestPath);
  const match = /^\/(?:faq|category|tag)\/([^/]{1,200})\/?$/.exec(path);
  if (!match?.[1]) return undefined;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  const words = slug
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12)
    .join(' ');
  return words === '' ? undefined : words;
}
