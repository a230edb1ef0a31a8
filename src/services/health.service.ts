import { AppError } from '../domain/errors.js';
import type { HealthRepository } from '../storage/health.repository.js';

/** What a load balancer needs to know before sending traffic to this process. */
export interface Readiness {
  database: string;
  migrations: 'current';
}

/** Checks that the database answers and its schema matches this build. */
export class HealthService {
  constructor(private readonly repository: HealthRepository) {}

  /** Ready, or throws unavailable saying why. */
  async checkReadiness(): Promise<Readiness> {
    if (!(await this.repository.isReachable())) {
      throw new AppError('unavailable', `The database at ${this.repository.location} cannot be reached`);
    }
    const [pending, unknown] = await Promise.all([
      this.repository.listPendingMigrations(),
      this.repository.listUnknownMigrations(),
    ]);
    if (pending.length > 0) throw new AppError('unavailable', `Migrations pending: ${pending.join(', ')}`);
    if (unknown.length > 0)
      throw new AppError('unavailable', `Database is newer than this build: ${unknown.join(', ')}`);
    return { database: this.repository.dialect, migrations: 'current' };
  }
}
