import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../domain/staff.js';
import { CsrfField, ErrorSummary, type FieldError, FormField } from '../../components/admin-form.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';

/**
 * The form where staff change their own password; after signing in with a one-time password it is
 * the "choose a new password" page that comes before anything else.
 */
export function PasswordPage(props: { meta: AdminPageMeta; errors: FieldError[]; isReplacingOneTime?: boolean }) {
  const { messages } = props.meta;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{props.isReplacingOneTime ? messages.newPasswordFirstTitle : messages.passwordTitle}</h1>
      <p class="lead">{props.isReplacingOneTime ? messages.newPasswordFirstIntro : messages.passwordIntro}</p>
      <ErrorSummary messages={messages} errors={props.errors} />
      <form method="post" action="/admin/account/password" novalidate>
        <CsrfField token={props.meta.csrfToken ?? ''} />
        <FormField
          messages={messages}
          id="currentPassword"
          label={props.isReplacingOneTime ? messages.oneTimePasswordLabel : messages.currentPasswordLabel}
          type="password"
          autocomplete="current-password"
          error={errorFor('currentPassword')}
          required
        />
        <FormField
          messages={messages}
          id="newPassword"
          label={messages.newPasswordLabel}
          type="password"
          autocomplete="new-password"
          hint={messages.newPasswordHint(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)}
          error={errorFor('newPassword')}
          required
        />
        <FormField
          messages={messages}
          id="confirmPassword"
          label={messages.confirmPasswordLabel}
          type="password"
          autocomplete="new-password"
          error={errorFor('confirmPassword')}
          required
        />
        <p>
          <button type="submit">{messages.changePasswordButton}</button>
        </p>
      </form>
    </AdminLayout>
  );
}
