import { UNTRANSLATED_KINDS, type UntranslatedItem, type UntranslatedKind } from '../../../domain/untranslated.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { SiteContentNav } from './site-form.js';

/** The heading of each kind's list. */
function kindHeading(messages: AdminMessages, kind: UntranslatedKind, count: number): string {
  const names: Record<UntranslatedKind, string> = {
    site: messages.untranslatedKindSite,
    highlight: messages.untranslatedKindHighlights,
    category: messages.untranslatedKindCategories,
    tag: messages.untranslatedKindTags,
    certification: messages.untranslatedKindCertifications,
    link: messages.untranslatedKindLinks,
    entry: messages.untranslatedKindEntries,
    document: messages.untranslatedKindDocuments,
  };
  return `${names[kind]} (${count})`;
}

/** Every item without its Swedish, grouped by kind, each linking to the form it is translated in. */
export function UntranslatedPage(props: { meta: AdminPageMeta; items: UntranslatedItem[] }) {
  const { messages } = props.meta;
  const groups = UNTRANSLATED_KINDS.map((kind) => ({
    kind,
    items: props.items.filter((item) => item.kind === kind),
  })).filter((group) => group.items.length > 0);
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.untranslatedTitle}</h1>
      <SiteContentNav messages={messages} current="untranslated" />
      <p class="lead">{messages.untranslatedIntro}</p>
      <p>
        <strong>{messages.untranslatedCount(props.items.length)}</strong>
      </p>
      {groups.map((group) => (
        <section aria-labelledby={`untranslated-${group.kind}`}>
          <h2 id={`untranslated-${group.kind}`}>{kindHeading(messages, group.kind, group.items.length)}</h2>
          <ul>
            {group.items.map((item) => (
              <li>
                {item.editPath === null ? (
                  <>
                    {item.name} <span class="count-line">{messages.untranslatedInFilesOnly}</span>
                  </>
                ) : (
                  <a href={item.editPath}>{item.name}</a>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </AdminLayout>
  );
}
