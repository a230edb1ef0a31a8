import { ROLES, type Role } from '../../../domain/staff.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import type { StaffUserSummary } from '../../../storage/staff.repository.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { CsrfField, ErrorSummary, type FieldError, FormField } from './admin-form.js';
import { SitePagination } from './site-form.js';

/** What was typed into the new-user form, shown again when it has problems. */
export interface NewUserValues {
  email: string;
  name: string;
  role: string;
}

function roleLabel(messages: AdminMessages, role: Role): string {
  const labels: Record<Role, string> = {
    viewer: messages.roleViewer,
    editor: messages.roleEditor,
    admin: messages.roleAdmin,
  };
  return labels[role];
}

/** The staff list and the form that adds an account. */
export function UsersPage(props: {
  meta: AdminPageMeta;
  users: StaffUserSummary[];
  values: NewUserValues;
  errors: FieldError[];
  page: number;
  pageCount: number;
}) {
  const { messages } = props.meta;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  const roleError = errorFor('role');
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.usersTitle}</h1>
      <section aria-labelledby="users-list">
        <h2 id="users-list">{messages.usersListHeading}</h2>
        <table class="sla-table">
          <thead>
            <tr>
              <th scope="col">{messages.columnName}</th>
              <th scope="col">{messages.columnEmail}</th>
              <th scope="col">{messages.columnRole}</th>
              <th scope="col">{messages.columnTotp}</th>
              <th scope="col">{messages.columnCreated}</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((user) => (
              <tr>
                <td>
                  {user.name}
                  {user.disabledAt !== null && ` ${messages.userDisabled}`}
                </td>
                <td>{user.email}</td>
                <td>{user.role}</td>
                <td>{user.isTotpEnabled ? messages.totpOn : messages.totpOff}</td>
                <td>
                  <time datetime={user.createdAt}>{user.createdAt.slice(0, 10)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <SitePagination
          messages={messages}
          label={messages.paginationLabel}
          basePath="/admin/users"
          page={props.page}
          pageCount={props.pageCount}
        />
      </section>

      <section aria-labelledby="new-user">
        <h2 id="new-user">{messages.newUserHeading}</h2>
        <p>{messages.newUserIntro}</p>
        <ErrorSummary messages={messages} errors={props.errors} />
        <form method="post" action="/admin/users" novalidate>
          <CsrfField token={props.meta.csrfToken ?? ''} />
          <FormField
            messages={messages}
            id="email"
            label={messages.emailLabel}
            type="email"
            autocomplete="off"
            value={props.values.email}
            error={errorFor('email')}
            required
          />
          <FormField
            messages={messages}
            id="name"
            label={messages.nameLabel}
            type="text"
            autocomplete="off"
            value={props.values.name}
            error={errorFor('name')}
            required
          />
          <fieldset class="filter-row" aria-describedby={roleError ? 'role-error' : undefined}>
            <legend>{messages.roleLabel}</legend>
            {roleError && (
              <p id="role-error">
                <strong>{messages.errorPrefix}</strong> {roleError}
              </p>
            )}
            {ROLES.map((role, index) => (
              <p class="filter-row">
                <input
                  id={index === 0 ? 'role' : `role-${role}`}
                  name="role"
                  type="radio"
                  value={role}
                  checked={props.values.role === role}
                />
                <label for={index === 0 ? 'role' : `role-${role}`}>{roleLabel(messages, role)}</label>
              </p>
            ))}
          </fieldset>
          <p>
            <button type="submit">{messages.createUserButton}</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  );
}

/** The page shown once after creating an account, with its one-time password. */
export function UserCreatedPage(props: {
  meta: AdminPageMeta;
  name: string;
  email: string;
  role: Role;
  password: string;
}) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.userCreatedTitle}</h1>
      <p>{messages.userCreatedText(props.name, props.email, props.role)}</p>
      <h2 id="one-time-password">{messages.oneTimePasswordLabel}</h2>
      <p>
        <code id="generated-password">{props.password}</code>
      </p>
      <p class="count-line">{messages.oneTimePasswordHint}</p>
      <p>
        <a href="/admin/users">{messages.backToUsers}</a>
      </p>
    </AdminLayout>
  );
}
