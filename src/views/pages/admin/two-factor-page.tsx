import type { Enrolment } from '../../../domain/staff.js';
import { CsrfField, ErrorSummary, type FieldError, FormField } from '../../components/admin-form.js';
import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';

/** Two-step sign-in: enrol with a QR code, see recovery codes once, or turn it off. */
export function TwoFactorPage(props: {
  meta: AdminPageMeta;
  isEnabled: boolean;
  isRequired: boolean;
  enrolment?: Enrolment;
  recoveryCodes?: string[];
  errors: FieldError[];
}) {
  const { messages } = props.meta;
  const codeError = props.errors.find((error) => error.field === 'code')?.message;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.twoFactorTitle}</h1>
      {props.isRequired && !props.isEnabled && <p class="lead">{messages.twoFactorRequiredNotice}</p>}
      <ErrorSummary messages={messages} errors={props.errors} />
      {props.recoveryCodes && (
        <section aria-labelledby="recovery-title">
          <h2 id="recovery-title">{messages.twoFactorRecoveryTitle}</h2>
          <p>{messages.twoFactorRecoveryIntro}</p>
          <ul class="recovery-codes">
            {props.recoveryCodes.map((code) => (
              <li>
                <code>{code}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.isEnabled && !props.recoveryCodes && <p>{messages.twoFactorIsOn}</p>}
      {props.isEnabled && (
        <SecondFactorCodeForm
          meta={props.meta}
          action="/admin/account/two-factor/disable"
          error={codeError}
          submitLabel={messages.twoFactorDisableButton}
        />
      )}
      {!props.isEnabled && props.enrolment && (
        <section aria-labelledby="enrol-title">
          <h2 id="enrol-title">{messages.twoFactorEnrolTitle}</h2>
          <ol>
            <li>{messages.twoFactorStepScan}</li>
            <li>{messages.twoFactorStepConfirm}</li>
          </ol>
          <figure class="qr-code">
            <div
              role="img"
              aria-label={messages.twoFactorQrLabel}
              dangerouslySetInnerHTML={{ __html: props.enrolment.qrSvg }}
            />
            <figcaption>
              {messages.twoFactorSecretText} <code>{props.enrolment.secret}</code>
            </figcaption>
          </figure>
          <SecondFactorCodeForm
            meta={props.meta}
            action="/admin/account/two-factor"
            error={codeError}
            submitLabel={messages.twoFactorConfirmButton}
          />
        </section>
      )}
    </AdminLayout>
  );
}

/** A form asking for one code from the authenticator app, to confirm turning two-step sign-in on or off. */
function SecondFactorCodeForm(props: { meta: AdminPageMeta; action: string; error?: string; submitLabel: string }) {
  const { messages } = props.meta;
  return (
    <form method="post" action={props.action} novalidate>
      <CsrfField token={props.meta.csrfToken ?? ''} />
      <FormField
        messages={messages}
        id="code"
        label={messages.secondFactorLabel}
        type="text"
        maxlength={320}
        autocomplete="one-time-code"
        error={props.error}
        required
      />
      <p>
        <button type="submit">{props.submitLabel}</button>
      </p>
    </form>
  );
}
