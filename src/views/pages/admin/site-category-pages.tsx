import type { CategoryRecord } from '../../../domain/site-content.js';
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

/** Limits the category form mentions in its hints (the route enforces them). */
export interface CategoryFormLimits {
  slug: number;
  name: number;
  description: number;
  reviewIntervalDays: number;
}

/** The list of categories with their entry counts and review intervals. */
export function CategoryListPage(props: SiteListProps<CategoryRecord>) {
  const { messages } = props.meta;
  return (
    <SiteListPage
      {...props}
      section="categories"
      title={messages.categoriesTitle}
      intro={messages.categoriesIntro}
      newLabel={messages.categoryNewLink}
      emptyText={messages.categoryNone}
      columns={[
        messages.siteContentColumnName,
        messages.siteContentColumnSlug,
        messages.siteContentColumnEntries,
        messages.categoryColumnInterval,
        messages.siteContentColumnOrder,
      ]}
      cells={(row) => (
        <>
          <SlugItemCells row={row} />
          <td>{messages.categoryIntervalDays(row.reviewIntervalDays)}</td>
          <td>{row.order}</td>
        </>
      )}
      link={linkBySlug}
    />
  );
}

/** The form that creates a category (with a slug) or edits one (slug fixed). */
export function CategoryFormPage(
  props: SiteItemFormProps & {
    /** Undefined when creating. */
    slug?: string;
    limits: CategoryFormLimits;
  },
) {
  const { messages } = props.meta;
  const { limits } = props;
  const Field = bindSiteField(props);
  return (
    <SiteItemFormPage {...props} section="categories" itemKey={props.slug} createLabel={messages.categoryCreateButton}>
      <SiteSlugField
        Field={Field}
        messages={messages}
        label={messages.categorySlugLabel}
        slug={props.slug}
        maxLength={limits.slug}
      />
      <LanguageColumns
        messages={messages}
        english={
          <>
            <Field
              id="name"
              label={messages.categoryNameLabel}
              hint={messages.siteContentTextHint(limits.name)}
              required
            />
            <Field
              id="description"
              label={messages.categoryDescriptionLabel}
              hint={messages.siteContentTextHint(limits.description)}
              kind="textarea"
              rows={3}
              required
            />
          </>
        }
        swedish={
          <>
            <Field id="svName" label={messages.siteSwedishLabel(messages.categoryNameLabel)} />
            <Field
              id="svDescription"
              label={messages.siteSwedishLabel(messages.categoryDescriptionLabel)}
              kind="textarea"
              rows={3}
            />
          </>
        }
      />
      <Field
        id="order"
        label={messages.categoryOrderLabel}
        hint={messages.siteContentOrderHint}
        inputMode="numeric"
        size={8}
        required
      />
      <Field
        id="reviewIntervalDays"
        label={messages.categoryIntervalLabel}
        hint={messages.categoryIntervalHint(limits.reviewIntervalDays)}
        inputMode="numeric"
        size={8}
        required
      />
    </SiteItemFormPage>
  );
}
