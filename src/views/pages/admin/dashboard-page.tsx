import type { Actor } from '../../../domain/staff.js';
import { type AdminPageMeta, AdminLayout } from '../../layouts/admin-layout.js';

/** Placeholder start page of the admin surface: who is signed in. */
export function DashboardPage(props: { meta: AdminPageMeta; actor: Actor }) {
  const { messages } = props.meta;
  return (
    <AdminLayout meta={props.meta}>
      <h1>{messages.dashboardTitle}</h1>
      <p>{messages.signedInAs(props.actor.name, props.actor.email)}</p>
      <p>{messages.roleIs(props.actor.role)}</p>
    </AdminLayout>
  );
}
