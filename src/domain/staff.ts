/** Staff roles, least to most powerful. */
export const ROLES = ['viewer', 'editor', 'admin'] as const;

/** A staff member's role. */
export type Role = (typeof ROLES)[number];

/** The signed-in staff member a request acts for. */
export interface Actor {
  userId: number;
  email: string;
  name: string;
  role: Role;
}

/** Everything staff can do; each admin route names exactly one. */
export const PERMISSIONS = {
  /** See the dashboard, entries, history and analytics. */
  read: ['viewer', 'editor', 'admin'],
  /** Create and edit entries, send them for review, mark them reviewed. */
  edit: ['editor', 'admin'],
  /** Approve, publish and archive entries. */
  publish: ['editor', 'admin'],
  /** Users, site settings, categories, tags, highlights, certifications, the audit log. */
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/** A permission name. */
export type Permission = keyof typeof PERMISSIONS;

/** Whether an actor holds a permission. */
export function hasPermission(actor: Actor | undefined, permission: Permission): boolean {
  if (!actor) return false;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return allowed.includes(actor.role);
}
