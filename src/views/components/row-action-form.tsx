import { CsrfField } from './admin-form.js';

/**
 * A one-button form acting on one row of a staff table (revoke this grant, delete this rule): the row's name is read
 * out after the button's label for screen readers, so a list of "Revoke" buttons says which is which.
 */
export function RowActionForm(props: { csrfToken: string; action: string; label: string; name: string }) {
  return (
    <form method="post" action={props.action}>
      <CsrfField token={props.csrfToken} />
      <button type="submit">
        {props.label}
        <span class="visually-hidden"> {props.name}</span>
      </button>
    </form>
  );
}
