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
        <form method="post" action="/admin/account/two-factor/disable" novalidate>
          <CsrfField token={props.meta.csrfToken ?? ''} />
          <FormField
            messages={messages}
            id="code"
            label={messages.secondFactorLabel}
            type="text"
            maxlength={320}
            autocomplete="one-time-code"
            error={codeError}
            required
          />
          <p>
            <button type="submit">{messages.twoFactorDisableButton}</button>
          </p>
        </form>
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
          <form method="post" action="/admin/account/two-factor" novalidate>
            <CsrfField token={props.meta.csrfToken ?? ''} />
            <FormField
              messages={messages}
              id="code"
              label={messages.secondFactorLabel}
              type="text"
              maxlength={320}
              autocomplete="one-time-code"
              error={codeError}
              required
            />
            <p>
              <button type="submit">{messages.twoFactorConfirmButton}</button>
            </p>
          </form>
        </section>
      )}
    </AdminLayout>
  );
}
