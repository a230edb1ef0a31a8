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

/** Shortest accepted password, in characters. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest accepted password, in characters (argon2 hashes anything, but a cap stops megabyte posts). */
export const MAX_PASSWORD_LENGTH = 200;

/** How a session was opened. */
export type SignInMethod = 'password' | 'oidc';

/** A staff account as listed to administrators (no secrets). */
export interface StaffUserSummary {
  id: number;
  email: string;
  name: string;
  role: Role;
  isTotpEnabled: boolean;
  createdAt: string;
  disabledAt: string | null;
  /** Email of the administrator who disabled it; null when active or disabled from the command line. */
  disabledBy: string | null;
}

/** What the two-step enrolment page shows. */
export interface Enrolment {
  secret: string;
  uri: string;
  /** The otpauth URI as an SVG QR code (our own markup from the qrcode package; no user text inside). */
  qrSvg: string;
}
