/**
 * A throwaway PostgreSQL 15 cluster for `bench soak` (Debian's postgresql-common tools): created
 * on its own port with trust auth for loopback, restarted mid-run, dropped after. Never the main
 * cluster on 5432.
 */
import { execFileSync } from 'node:child_process';

export interface ThrowawayCluster {
  name: string;
  port: number;
  url: string;
  restart(): void;
  drop(): void;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });

export function createThrowawayCluster(port: number): ThrowawayCluster {
  if (port === 5432) throw new Error('the soak cluster must not use the main server port 5432');
  const name = `soak${port}`;
  run('pg_createcluster', ['15', name, '-p', String(port), '--start', '--', '--auth=trust']);
  let dropped = false;
  return {
    name,
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // A fast shutdown drops every connection, as a failover or a crash of the server would.
    restart: () => run('pg_ctlcluster', ['15', name, 'restart', '-m', 'fast']),
    drop: () => {
      if (dropped) return;
      dropped = true;
      run('pg_dropcluster', ['15', name, '--stop']);
    },
  };
}
