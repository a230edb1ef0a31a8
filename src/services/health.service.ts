import { sql } from 'kysely';
import { AppError } from '../domain/errors.js';
import { type DatabaseHandle, listPendingMigrations, listUnknownMigrations } from '../storage/database.js';

/** What a load balancer needs to know before sending traffic to this process. */
export interface Readiness {
  database: string;
  migrations: 'current';
}

/** Checks that the database answers and its schema matches this build. */
export class HealthService {
  constructor(private readonly database: DatabaseHandle) {}

  /** Ready, or throws unavailable saying why. */
  async checkReadiness(): Promise<Readiness> {
    try {
      await sql`select 1`.execute(this.database.db);
    } catch {
      throw new AppError('unavailable', `The database at ${this.database.location} cannot be reached`);
    }
    const [pending, unknown] = await Promise.all([
      listPendingMigrations(this.database),
      listUnknownMigrations(this.database),
    ]);
    if (pending.length > 0) throw new AppError('unavailable', `Migrations pending: ${pending.join(', ')}`);
    if (unknown.length > 0)
      throw new AppError('unavailable', `Database is newer than this build: ${unknown.join(', ')}`);
    return { database: this.database.dialect, migrations: 'current' };
  }
}
