import type { StaffUserSummary } from '../../../domain/staff.js';
import { ROLES, type Role } from '../../../domain/staff.js';
import type { AdminMessages } from '../../../i18n/admin-en.js';
import {
  CsrfField,
  ErrorSummary,
  type FieldError,
  FormField,
  type PageProblem,
  ProblemNotice,
} from '../../components/admin-form.js';
import { DayOf, RowTable } from '../../components/row-table.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';
import { SitePagination } from './site-form.js';

/** What was typed into the new-user form, shown again when it has problems. */
export interface NewStaffValues {
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

/** The role radio buttons of a form, with the error of the role field when there is one. */
function RoleFieldset(props: { messages: AdminMessages; value: string; error?: string }) {
  const { messages } = props;
  return (
    <fieldset class="filter-row" aria-describedby={props.error ? 'role-error' : undefined}>
      <legend>{messages.roleLabel}</legend>
      {props.error && (
        <p id="role-error">
          <strong>{messages.errorPrefix}</strong> {props.error}
        </p>
      )}
      {ROLES.map((role, index) => (
        <p class="choice">
          <input
            id={index === 0 ? 'role' : `role-${role}`}
            name="role"
            type="radio"
            value={role}
            checked={props.value === role}
          />
          <label for={index === 0 ? 'role' : `role-${role}`}>{roleLabel(messages, role)}</label>
        </p>
      ))}
    </fieldset>
  );
}

/** The staff list and the form that adds an account. */
export function StaffListPage(props: {
  meta: AdminPageMeta;
  users: StaffUserSummary[];
  values: NewStaffValues;
  errors: FieldError[];
  page: number;
  pageCount: number;
}) {
  const { messages } = props.meta;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.usersTitle}</h1>
      <section aria-labelledby="users-list">
        <h2 id="users-list">{messages.usersListHeading}</h2>
        <RowTable
          columns={[
            messages.columnName,
            messages.columnEmail,
            messages.columnRole,
            messages.columnStatus,
            messages.columnTotp,
            messages.columnCreated,
          ]}
          rows={props.users}
          cells={(user) => (
            <>
              <td>
                <a href={`/admin/users/${user.id}`}>{user.name}</a>
              </td>
              <td>{user.email}</td>
              <td>{user.role}</td>
              <td>{user.disabledAt === null ? messages.userActive : <strong>{messages.userDisabledStatus}</strong>}</td>
              <td>{user.isTotpEnabled ? messages.totpOn : messages.totpOff}</td>
              <td>
                <DayOf at={user.createdAt} />
              </td>
            </>
          )}
        />
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
            maxlength={320}
            autocomplete="off"
            value={props.values.name}
            error={errorFor('name')}
            required
          />
          <RoleFieldset messages={messages} value={props.values.role} error={errorFor('role')} />
          <p>
            <button type="submit">{messages.createUserButton}</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  );
}

/** The page shown once after creating an account, with its one-time password. */
export function StaffCreatedPage(props: {
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

/** One staff account: its details, and the forms that change its role and disable or re-enable it. */
export function StaffAccountPage(props: {
  meta: AdminPageMeta;
  user: StaffUserSummary;
  /** Whether the account is the signed-in administrator's own, whose role and access others manage. */
  isOwnAccount: boolean;
  roleValue: string;
  errors: FieldError[];
  problem?: PageProblem;
}) {
  const { messages } = props.meta;
  const { user } = props;
  const csrfToken = props.meta.csrfToken ?? '';
  const isDisabled = user.disabledAt !== null;
  return (
    <AdminLayout meta={props.meta}>
      <p>
        <a href="/admin/users">{messages.backToUsers}</a>
      </p>
      <h1>{user.name}</h1>
      <ProblemNotice problem={props.problem} />
      <ErrorSummary messages={messages} errors={props.errors} />
      <section aria-labelledby="user-details">
        <h2 id="user-details">{messages.userDetailsHeading}</h2>
        <dl>
          <dt>{messages.columnEmail}</dt>
          <dd>{user.email}</dd>
          <dt>{messages.columnRole}</dt>
          <dd>{roleLabel(messages, user.role)}</dd>
          <dt>{messages.userStatusLabel}</dt>
          <dd>
            {isDisabled ? (
              <>
                <strong>{messages.userDisabledStatus}</strong>{' '}
                {messages.userDisabledOn((user.disabledAt ?? '').slice(0, 10), user.disabledBy)}
              </>
            ) : (
              messages.userActive
            )}
          </dd>
          <dt>{messages.columnTotp}</dt>
          <dd>{user.isTotpEnabled ? messages.totpOn : messages.totpOff}</dd>
          <dt>{messages.columnCreated}</dt>
          <dd>
            <time datetime={user.createdAt}>{user.createdAt.slice(0, 10)}</time>
          </dd>
        </dl>
      </section>

      {props.isOwnAccount ? (
        <p>
          {messages.userOwnAccountNote} <a href="/admin/account/password">{messages.navAccount}</a>
        </p>
      ) : (
        <>
          <section aria-labelledby="user-role">
            <h2 id="user-role">{messages.userRoleHeading}</h2>
            <p>{messages.userRoleIntro}</p>
            <form method="post" action={`/admin/users/${user.id}/role`} novalidate>
              <CsrfField token={csrfToken} />
              <RoleFieldset
                messages={messages}
                value={props.roleValue}
                error={props.errors.find((error) => error.field === 'role')?.message}
              />
              <p>
                <button type="submit">{messages.changeRoleButton}</button>
              </p>
            </form>
          </section>

          <section aria-labelledby="user-access">
            <h2 id="user-access">{messages.userAccessHeading}</h2>
            <p id="user-access-intro">{isDisabled ? messages.userEnableIntro : messages.userDisableIntro}</p>
            <form method="post" action={`/admin/users/${user.id}/${isDisabled ? 'enable' : 'disable'}`}>
              <CsrfField token={csrfToken} />
              <p>
                <button type="submit" aria-describedby="user-access-intro">
                  {isDisabled ? messages.enableUserButton : messages.disableUserButton}
                </button>
              </p>
            </form>
          </section>
        </>
      )}
    </AdminLayout>
  );
}
