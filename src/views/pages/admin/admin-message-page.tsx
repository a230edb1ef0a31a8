import { AdminLayout, type AdminPageMeta } from '../../layouts/admin-layout.js';

/** An admin page that only says something: form expired, not allowed, error. */
export function AdminMessagePage(props: { meta: AdminPageMeta; heading: string; text: string }) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{props.heading}</h1>
      <p>{props.text}</p>
      <p>
        {props.meta.actor ? (
          <a href="/admin">{messages.backToDashboard}</a>
        ) : (
          <a href="/admin/sign-in">{messages.goToSignIn}</a>
        )}
      </p>
    </AdminLayout>
  );
}
