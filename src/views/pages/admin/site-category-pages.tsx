import type { CategoryRecord } from '../../../storage/site-content.repository.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import type { FieldError } from './admin-form.js';
import {
  SiteContentNav,
  SiteField,
  SiteFormPage,
  type SiteFormValues,
  SitePagination,
  type SiteProblem,
  SiteRowActions,
} from './site-form.js';

/** Limits the category form mentions in its hints (the route enforces them). */
export interface CategoryFormLimits {
  slug: number;
  name: number;
  description: number;
  reviewIntervalDays: number;
}

/** The list of categories with their entry counts and review intervals. */
export function CategoryListPage(props: {
  meta: AdminPageMeta;
  rows: CategoryRecord[];
  total: number;
  page: number;
  pageCount: number;
  canEdit: boolean;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <SiteContentNav messages={messages} current="categories" />
      <h1>{messages.categoriesTitle}</h1>
      <p class="lead">{messages.categoriesIntro}</p>
      {props.canEdit && (
        <p>
          <a class="chip" href="/admin/categories/new">
            {messages.categoryNewLink}
          </a>
        </p>
      )}
      <p class="count-line">{messages.siteContentCount(props.total)}</p>
      {props.rows.length === 0 ? (
        <p>{messages.categoryNone}</p>
      ) : (
        <table class="sla-table">
          <thead>
            <tr>
              <th scope="col">{messages.siteContentColumnName}</th>
              <th scope="col">{messages.siteContentColumnSlug}</th>
              <th scope="col">{messages.siteContentColumnEntries}</th>
              <th scope="col">{messages.categoryColumnInterval}</th>
              <th scope="col">{messages.siteContentColumnOrder}</th>
              {props.canEdit && <th scope="col">{messages.siteContentColumnActions}</th>}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                <th scope="row">{row.name}</th>
                <td>
                  <code>{row.slug}</code>
                </td>
                <td>{row.entryCount}</td>
                <td>{messages.categoryIntervalDays(row.reviewIntervalDays)}</td>
                <td>{row.order}</td>
                {props.canEdit && (
                  <td>
                    <SiteRowActions messages={messages} href={`/admin/categories/${row.slug}`} name={row.name} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SitePagination
        messages={messages}
        label={messages.siteContentPaginationLabel(messages.categoriesTitle)}
        basePath="/admin/categories"
        page={props.page}
        pageCount={props.pageCount}
      />
    </AdminLayout>
  );
}

/** The form that creates a category (with a slug) or edits one (slug fixed). */
export function CategoryFormPage(props: {
  meta: AdminPageMeta;
  /** Undefined when creating. */
  slug?: string;
  heading: string;
  values: SiteFormValues;
  errors: FieldError[];
  problem?: SiteProblem;
  limits: CategoryFormLimits;
}) {
  const { messages } = props.meta;
  const { values, errors, limits } = props;
  const isNew = props.slug === undefined;
  return (
    <SiteFormPage
      meta={props.meta}
      section="categories"
      heading={props.heading}
      action={isNew ? '/admin/categories' : `/admin/categories/${props.slug}`}
      errors={errors}
      problem={props.problem}
      submitLabel={isNew ? messages.categoryCreateButton : messages.siteContentSaveButton}
      cancelHref="/admin/categories"
    >
      {isNew ? (
        <SiteField
          messages={messages}
          id="slug"
          label={messages.categorySlugLabel}
          values={values}
          errors={errors}
          hint={messages.siteContentSlugHint(limits.slug)}
          size={40}
          required
        />
      ) : (
        <p>
          <strong>{messages.categorySlugLabel}:</strong> <code>{props.slug}</code>
        </p>
      )}
      <SiteField
        messages={messages}
        id="name"
        label={messages.categoryNameLabel}
        values={values}
        errors={errors}
        hint={messages.siteContentTextHint(limits.name)}
        required
      />
      <SiteField
        messages={messages}
        id="description"
        label={messages.categoryDescriptionLabel}
        values={values}
        errors={errors}
        hint={messages.siteContentTextHint(limits.description)}
        kind="textarea"
        rows={3}
        required
      />
      <SiteField
        messages={messages}
        id="order"
        label={messages.categoryOrderLabel}
        values={values}
        errors={errors}
        hint={messages.siteContentOrderHint}
        inputMode="numeric"
        size={8}
        required
      />
      <SiteField
        messages={messages}
        id="reviewIntervalDays"
        label={messages.categoryIntervalLabel}
        values={values}
        errors={errors}
        hint={messages.categoryIntervalHint(limits.reviewIntervalDays)}
        inputMode="numeric"
        size={8}
        required
      />
    </SiteFormPage>
  );
}
