import { sql } from 'kysely';
import { type DatabaseHandle, listPendingMigrations, listUnknownMigrations } from './database.js';

/** What the readiness check asks of the database: does it answer, and is its schema this build's. */
export class HealthRepository {
  constructor(private readonly database: DatabaseHandle) {}

  /** Where the database is, for messages (a file path or a URL without its password). */
  get location(): string {
    return this.database.location;
  }

  /** Which dialect answers. */
  get dialect(): DatabaseHandle['dialect'] {
    return this.database.dialect;
  }

  /** Whether the database answers a trivial query. */
  async isReachable(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.database.db);
      return true;
    } catch {
      return false;
    }
  }

  /** Migrations of this build the database has not applied. */
  listPendingMigrations(): Promise<string[]> {
    return listPendingMigrations(this.database);
  }

  /** Migrations the database has applied that this build does not know (a newer build ran). */
  listUnknownMigrations(): Promise<string[]> {
    return listUnknownMigrations(this.database);
  }
}
