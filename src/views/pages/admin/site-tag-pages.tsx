import type { TagRecord } from '../../../storage/site-content.repository.js';
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

/** The list of tags with how many entries carry each. */
export function TagListPage(props: {
  meta: AdminPageMeta;
  rows: TagRecord[];
  total: number;
  page: number;
  pageCount: number;
  canEdit: boolean;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <SiteContentNav messages={messages} current="tags" />
      <h1>{messages.tagsTitle}</h1>
      <p class="lead">{messages.tagsIntro}</p>
      {props.canEdit && (
        <p>
          <a class="chip" href="/admin/tags/new">
            {messages.tagNewLink}
          </a>
        </p>
      )}
      <p class="count-line">{messages.siteContentCount(props.total)}</p>
      {props.rows.length === 0 ? (
        <p>{messages.tagNone}</p>
      ) : (
        <table class="sla-table">
          <thead>
            <tr>
              <th scope="col">{messages.siteContentColumnName}</th>
              <th scope="col">{messages.siteContentColumnSlug}</th>
              <th scope="col">{messages.siteContentColumnEntries}</th>
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
                {props.canEdit && (
                  <td>
                    <SiteRowActions messages={messages} href={`/admin/tags/${row.slug}`} name={row.name} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SitePagination
        messages={messages}
        label={messages.siteContentPaginationLabel(messages.tagsTitle)}
        basePath="/admin/tags"
        page={props.page}
        pageCount={props.pageCount}
      />
    </AdminLayout>
  );
}

/** The form that creates a tag (slug and name) or renames one. */
export function TagFormPage(props: {
  meta: AdminPageMeta;
  /** Undefined when creating. */
  slug?: string;
  heading: string;
  values: SiteFormValues;
  errors: FieldError[];
  problem?: SiteProblem;
  limits: { slug: number; name: number };
}) {
  const { messages } = props.meta;
  const isNew = props.slug === undefined;
  return (
    <SiteFormPage
      meta={props.meta}
      section="tags"
      heading={props.heading}
      action={isNew ? '/admin/tags' : `/admin/tags/${props.slug}`}
      errors={props.errors}
      problem={props.problem}
      submitLabel={isNew ? messages.tagCreateButton : messages.siteContentSaveButton}
      cancelHref="/admin/tags"
    >
      {isNew ? (
        <SiteField
          messages={messages}
          id="slug"
          label={messages.tagSlugLabel}
          values={props.values}
          errors={props.errors}
          hint={messages.siteContentSlugHint(props.limits.slug)}
          size={40}
          required
        />
      ) : (
        <p>
          <strong>{messages.tagSlugLabel}:</strong> <code>{props.slug}</code>
        </p>
      )}
      <SiteField
        messages={messages}
        id="name"
        label={messages.tagNameLabel}
        values={props.values}
        errors={props.errors}
        hint={messages.siteContentTextHint(props.limits.name)}
        size={40}
        required
      />
    </SiteFormPage>
  );
}
