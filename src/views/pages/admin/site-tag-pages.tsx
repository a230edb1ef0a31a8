import type { TagRecord } from '../../../domain/site-content.js';
import { LanguageColumns } from './site-form.js';
import {
  bindSiteField,
  linkBySlug,
  SiteItemFormPage,
  type SiteItemFormProps,
  SiteListPage,
  type SiteListProps,
  SiteSlugField,
  SlugItemCells,
} from './site-item-pages.js';

/** The list of tags with how many entries carry each. */
export function TagListPage(props: SiteListProps<TagRecord>) {
  const { messages } = props.meta;
  return (
    <SiteListPage
      {...props}
      section="tags"
      title={messages.tagsTitle}
      intro={messages.tagsIntro}
      newLabel={messages.tagNewLink}
      emptyText={messages.tagNone}
      columns={[messages.siteContentColumnName, messages.siteContentColumnSlug, messages.siteContentColumnEntries]}
      cells={(row) => <SlugItemCells row={row} />}
      link={linkBySlug}
    />
  );
}

/** The form that creates a tag (slug and name) or renames one. */
export function TagFormPage(
  props: SiteItemFormProps & {
    /** Undefined when creating. */
    slug?: string;
    limits: { slug: number; name: number };
  },
) {
  const { messages } = props.meta;
  const { limits } = props;
  const Field = bindSiteField(props);
  return (
    <SiteItemFormPage {...props} section="tags" itemKey={props.slug} createLabel={messages.tagCreateButton}>
      <SiteSlugField
        Field={Field}
        messages={messages}
        label={messages.tagSlugLabel}
        slug={props.slug}
        maxLength={limits.slug}
      />
      <LanguageColumns
        messages={messages}
        english={
          <Field
            id="name"
            label={messages.tagNameLabel}
            hint={messages.siteContentTextHint(limits.name)}
            size={40}
            required
          />
        }
        swedish={<Field id="svName" label={messages.siteSwedishLabel(messages.tagNameLabel)} size={40} />}
      />
    </SiteItemFormPage>
  );
}
