import { raw } from 'hono/html';
import type { AdminMessages } from '../../i18n/admin-en.js';

/** One problem with a submitted form, tied to the field it is about. */
export interface FieldError {
  field: string;
  message: string;
}

/** A page-level problem (a refused change or workflow step), announced as an alert. */
export interface PageProblem {
  heading: string;
  text: string;
}

/** A page-level problem at the top of the page, as an alert; nothing when there is none. */
export function ProblemNotice(props: { problem?: PageProblem | undefined }) {
  if (!props.problem) return null;
  return (
    <div class="badge expired" role="alert" aria-labelledby="problem-title">
      <div>
        <h2 id="problem-title">{props.problem.heading}</h2>
        <p>{props.problem.text}</p>
      </div>
    </div>
  );
}

/** The list of a form's problems at its top, each linking to its field. */
export function ErrorSummary(props: { messages: AdminMessages; errors: FieldError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="badge expired" role="alert" aria-labelledby="error-summary-title">
      <div>
        <h2 id="error-summary-title">{props.messages.errorSummaryTitle}</h2>
        <ul>
          {props.errors.map((error) => (
            <li>
              <a href={`#${error.field}`}>{error.message}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The ids a field's aria-describedby names (its hint, its error), or undefined when it has neither. */
export function describedBy(...ids: (string | undefined)[]): string | undefined {
  const joined = ids.filter((id) => id !== undefined).join(' ');
  return joined === '' ? undefined : joined;
}

/**
 * A field's label, then its hint (`<id>-hint`) and its error (`<id>-error`), which the control
 * names in aria-describedby.
 */
export function FieldLabel(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  messages: AdminMessages;
}) {
  return (
    <>
      <label for={props.id}>
        <strong>{props.label}</strong>
      </label>
      {props.hint && (
        <p id={`${props.id}-hint`} class="count-line">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${props.id}-error`}>
          <strong>{props.messages.errorPrefix}</strong> {props.error}
        </p>
      )}
    </>
  );
}

/**
 * The one labelled form field of the staff pages (a one-line input, a textarea or a select), with its
 * hint and error announced through aria-describedby; the error summary links to it by id.
 */
export function FormField(props: {
  messages: AdminMessages;
  id: string;
  /** The form field's name; the id by default. */
  name?: string;
  label: string;
  type: 'email' | 'password' | 'text' | 'textarea' | 'select';
  autocomplete?: string;
  value?: string;
  /** At most this many characters; an email address 320 and a password 1,000 unless given. */
  maxlength?: number;
  /** Width of a one-line input, in characters. */
  size?: number;
  inputMode?: 'numeric' | 'email' | 'url';
  /** Height of a textarea, in lines. */
  rows?: number;
  /** The choices of a select; the one equal to the value is selected. */
  options?: { value: string; label: string }[];
  hint?: string;
  /** Another element that describes this field too, such as a hint shared with a neighbouring field. */
  describedByAlso?: string;
  error?: string;
  required?: boolean;
  autofocus?: boolean;
}) {
  const value = props.value ?? '';
  const common = {
    id: props.id,
    name: props.name ?? props.id,
    required: props.required,
    'aria-invalid': props.error ? 'true' : undefined,
    'aria-describedby': describedBy(
      props.hint ? `${props.id}-hint` : undefined,
      props.describedByAlso,
      props.error ? `${props.id}-error` : undefined,
    ),
  };
  const defaultMaxlength = props.type === 'password' ? 1000 : props.type === 'email' ? 320 : undefined;
  return (
    <div>
      <FieldLabel messages={props.messages} id={props.id} label={props.label} hint={props.hint} error={props.error} />
      <p>
        {props.type === 'textarea' ? (
          <textarea {...common} rows={props.rows ?? 4} cols={80}>
            {/* A leading newline inside <textarea> is dropped by the parser; keep the value's own. */}
            {raw(value.startsWith('\n') ? '\n' : '')}
            {value}
          </textarea>
        ) : props.type === 'select' ? (
          <select {...common}>
            {(props.options ?? []).map((option) => (
              <option value={option.value} selected={option.value === value}>
                {option.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={common.id}
            name={common.name}
            type={props.type}
            maxlength={props.maxlength ?? defaultMaxlength}
            value={props.value}
            size={props.size}
            inputmode={props.inputMode}
            autocomplete={props.autocomplete}
            required={common.required}
            autofocus={props.autofocus}
            aria-invalid={common['aria-invalid']}
            aria-describedby={common['aria-describedby']}
          />
        )}
      </p>
    </div>
  );
}

/** The file input of a spreadsheet upload (.xlsx or .csv), with its label and an optional hint. */
export function SpreadsheetFileField(props: {
  messages: AdminMessages;
  id: string;
  label: string;
  hint?: string;
  required: boolean;
}) {
  return (
    <div>
      <FieldLabel messages={props.messages} id={props.id} label={props.label} hint={props.hint} />
      <p>
        <input
          id={props.id}
          name="file"
          type="file"
          required={props.required}
          aria-describedby={props.hint ? `${props.id}-hint` : undefined}
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        />
      </p>
    </div>
  );
}

/** The hidden CSRF field every admin form carries. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}
