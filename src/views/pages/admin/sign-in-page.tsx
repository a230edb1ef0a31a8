import { CsrfField, ErrorSummary, type FieldError, FormField } from '../../components/admin-form.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';

/** The staff sign-in form. */
export function SignInPage(props: {
  meta: AdminPageMeta;
  formToken: string;
  email: string;
  next: string | undefined;
  errors: FieldError[];
  /** Show the "Sign in with single sign-on" link (OpenID Connect is configured). */
  isSingleSignOnEnabled?: boolean;
}) {
  const { messages } = props.meta;
  const errorFor = (field: string) => props.errors.find((error) => error.field === field)?.message;
  const action = props.next ? `/admin/sign-in?next=${encodeURIComponent(props.next)}` : '/admin/sign-in';
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.signInTitle}</h1>
      <p class="lead">{messages.signInIntro}</p>
      <ErrorSummary messages={messages} errors={props.errors} />
      {props.isSingleSignOnEnabled ? (
        <>
          <p>
            <a href={props.next ? `/admin/oidc/start?next=${encodeURIComponent(props.next)}` : '/admin/oidc/start'}>
              {messages.signInWithSingleSignOn}
            </a>
          </p>
          <p>{messages.signInOrPassword}</p>
        </>
      ) : null}
      <form method="post" action={action} novalidate>
        <CsrfField token={props.formToken} />
        <FormField
          messages={messages}
          id="email"
          label={messages.emailLabel}
          type="email"
          autocomplete="username"
          value={props.email}
          error={errorFor('email')}
          required
          autofocus={props.errors.length === 0}
        />
        <FormField
          messages={messages}
          id="password"
          label={messages.passwordLabel}
          type="password"
          autocomplete="current-password"
          error={errorFor('password')}
          required
        />
        <FormField
          messages={messages}
          id="code"
          label={messages.secondFactorLabel}
          hint={messages.secondFactorHint}
          type="text"
          maxlength={320}
          autocomplete="one-time-code"
          error={errorFor('code')}
        />
        <p>
          <button type="submit">{messages.signInButton}</button>
        </p>
      </form>
    </AdminLayout>
  );
}
