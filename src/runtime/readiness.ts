/** Readiness: the database answers and its schema is current; probes combine (see system-readiness.ts). */
import type { Database } from '../adapters/store/database.js';
import { listPendingMigrations } from '../adapters/store/database.js';
import type { ReadinessProbe } from '../http/app.js';

export function createDatabaseReadiness(db: Database): ReadinessProbe {
  return {
    async check() {
      try {
        await db.knex.raw('select 1');
      } catch (error) {
        return [`database unreachable: ${error instanceof Error ? error.message : String(error)}`];
      }
      try {
        const pending = await listPendingMigrations(db.knex);
        return pending.length > 0 ? [`pending migrations: ${pending.join(', ')} (run \`casebridge migrate\`)`] : [];
      } catch (error) {
        return [`migration status unknown: ${error instanceof Error ? error.message : String(error)}`];
      }
    },
  };
}

/** Ready when every probe is: their problems, listed together. */
export function combineReadiness(...probes: ReadinessProbe[]): ReadinessProbe {
  return { check: async () => (await Promise.all(probes.map((p) => p.check()))).flat() };
}
