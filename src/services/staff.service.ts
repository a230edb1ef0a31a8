import { AppError } from '../domain/errors.js';
import type { Actor, Role, StaffUserSummary } from '../domain/staff.js';
import type { StaffAccountChange, StaffAccountChangeResult, StaffRepository } from '../storage/staff.repository.js';
import { hashPassword, normalizeEmail, type RequestOrigin, type StaffAuditRecorder } from './credentials.js';

/** Fields of a new staff account. */
export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  /** Omit to create an account that cannot sign in with a password yet. */
  password?: string;
  /** The password is a generated one-time password: the first sign-in must replace it. */
  isPasswordTemporary?: boolean;
}

/** Whether an account change did anything (asking for the state an account is already in does nothing). */
export type AccountChangeOutcome = 'changed' | 'unchanged';

/**
 * Staff accounts as administrators (and `tillit user`) manage them: create, list, change the role,
 * disable and enable, set a password. Signing in, sessions and a person's own password change are
 * the sign-in service's job.
 */
export class StaffService {
  constructor(
    private readonly repository: StaffRepository,
    private readonly audit: StaffAuditRecorder,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates an account; a taken email is a conflict. */
  async createAccount(input: NewUserInput, by: Actor | undefined, origin: RequestOrigin = {}): Promise<Actor> {
    const email = normalizeEmail(input.email);
    const name = input.name.trim();
    if (name === '')
      throw new AppError('invalid_input', 'The name is empty', [
        { source: 'user', field: 'name', message: 'must not be empty' },
      ]);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password, 'password');
    const id = await this.repository.insertUser({
      email,
      name,
      role: input.role,
      passwordHash,
      isPasswordTemporary: passwordHash !== null && input.isPasswordTemporary === true,
      createdAt: this.now().toISOString(),
    });
    if (id === undefined) {
      throw new AppError('conflict', `A staff account with the email ${email} already exists`, [
        { source: 'user', field: 'email', message: 'is already taken' },
      ]);
    }
    const created: Actor = { userId: id, email, name, role: input.role };
    await this.audit({
      actor: by,
      action: 'user.create',
      targetType: 'staff_user',
      targetId: String(id),
      ip: origin.ip,
      summary: `created ${email} as ${input.role}`,
    });
    return created;
  }

  /** Every staff account, for the administrators' user list. */
  listAccounts(): Promise<StaffUserSummary[]> {
    return this.repository.listUsers();
  }

  /** One account as listed to administrators; an unknown id is not_found. */
  async getAccount(userId: number): Promise<StaffUserSummary> {
    const user = await this.repository.findUserSummary({ id: userId });
    if (!user) throw new AppError('not_found', `No staff account with id ${userId}`);
    return user;
  }

  /** One account by email (normalised first); an unknown email is not_found. */
  async getAccountByEmail(email: string): Promise<StaffUserSummary> {
    const normalized = normalizeEmail(email);
    const user = await this.repository.findUserSummary({ email: normalized });
    if (!user) throw new AppError('not_found', `No staff account uses the email ${normalized}`);
    return user;
  }

  /**
   * Gives an account another role; it applies from the account's next request. An administrator
   * cannot remove their own administrator role, and the last active administrator keeps theirs.
   */
  async changeRole(
    userId: number,
    role: Role,
    by: Actor | undefined,
    origin: RequestOrigin = {},
  ): Promise<AccountChangeOutcome> {
    if (by?.userId === userId && by.role === 'admin' && role !== 'admin') {
      throw new AppError(
        'conflict',
        'You cannot remove your own administrator role. Ask another administrator to do it.',
      );
    }
    const result = await this.repository.changeAccount(userId, { kind: 'role', role });
    const done = this.assertChanged(userId, result, 'demote');
    if (done.outcome === 'unchanged') return 'unchanged';
    const { before } = done;
    await this.audit({
      actor: by,
      action: 'user.role_change',
      targetType: 'staff_user',
      targetId: String(userId),
      ip: origin.ip,
      summary: `role of ${before.email} changed from ${before.role} to ${role}`,
    });
    return 'changed';
  }

  /**
   * Disables an account: every session of it ends at once and it can no longer sign in, by password
   * or OpenID Connect. Nobody disables themself, and the last active administrator stays enabled.
   */
  async disableAccount(
    userId: number,
    by: Actor | undefined,
    origin: RequestOrigin = {},
  ): Promise<AccountChangeOutcome> {
    if (by?.userId === userId) {
      throw new AppError('conflict', 'You cannot disable your own account. Ask another administrator to do it.');
    }
    const change: StaffAccountChange = {
      kind: 'disable',
      disabledAt: this.now().toISOString(),
      disabledBy: by?.email ?? null,
    };
    const result = await this.repository.changeAccount(userId, change);
    const done = this.assertChanged(userId, result, 'disable');
    if (done.outcome === 'unchanged') return 'unchanged';
    const { before } = done;
    await this.audit({
      actor: by,
      action: 'user.disable',
      targetType: 'staff_user',
      targetId: String(userId),
      ip: origin.ip,
      summary: `disabled ${before.email} (${before.role}); ${done.endedSessions} session(s) ended`,
    });
    return 'changed';
  }

  /** Re-enables a disabled account; it can sign in again with its existing password or OpenID Connect. */
  async enableAccount(
    userId: number,
    by: Actor | undefined,
    origin: RequestOrigin = {},
  ): Promise<AccountChangeOutcome> {
    const result = await this.repository.changeAccount(userId, { kind: 'enable' });
    const done = this.assertChanged(userId, result, 'enable');
    if (done.outcome === 'unchanged') return 'unchanged';
    const { before } = done;
    await this.audit({
      actor: by,
      action: 'user.enable',
      targetType: 'staff_user',
      targetId: String(userId),
      ip: origin.ip,
      summary: `re-enabled ${before.email} (${before.role})`,
    });
    return 'changed';
  }

  /** The account as it was before a change; throws for an unknown account or a refused last-admin change. */
  private assertChanged(
    userId: number,
    result: StaffAccountChangeResult,
    verb: 'demote' | 'disable' | 'enable',
  ): Extract<StaffAccountChangeResult, { outcome: 'changed' | 'unchanged' }> {
    if (result.outcome === 'not_found') throw new AppError('not_found', `No staff account with id ${userId}`);
    if (result.outcome === 'last_admin') {
      throw new AppError(
        'conflict',
        `${result.before.email} is the last active administrator and cannot be ${verb === 'disable' ? 'disabled' : 'demoted'}. Make another account an administrator first.`,
      );
    }
    return result;
  }

  /**
   * Sets an account's password (an administrator's reset) and ends all its sessions. The password
   * is someone else's choice, so it is temporary: the next sign-in with it must choose a new one.
   */
  async resetPassword(
    userId: number,
    password: string,
    by: Actor | undefined,
    origin: RequestOrigin = {},
  ): Promise<void> {
    const user = await this.repository.findUserById(userId);
    if (!user) throw new AppError('not_found', `No staff account with id ${userId}`);
    const passwordHash = await hashPassword(password, 'password');
    await this.repository.updatePasswordHash(user.id, passwordHash, this.now().toISOString(), true);
    const revoked = await this.repository.deleteSessionsOfUser(user.id);
    await this.audit({
      actor: by,
      action: 'user.password_set',
      targetType: 'staff_user',
      targetId: String(user.id),
      ip: origin.ip,
      summary: `password of ${user.email} set; ${revoked} session(s) ended`,
    });
  }
}
