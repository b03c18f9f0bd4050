/**
 * The console's SLA board: what it shows of each ticket besides the SLA attributes (subject, case
 * owner), and where the ticket stands on the board, kept next to the ticket so the board is one
 * indexed scan in urgency order over 100,000 open tickets instead of a sort of every clock.
 * `board_rank`: 1 breached, 2 at risk, 3 running, 4 paused, 5 met, 6 no SLA clock, 0 closed (not
 * shown); null until first placed (tickets stored before this migration are placed at web start).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.text('subject');
    t.text('owner_id');
    t.text('owner_name');
    t.smallint('board_rank');
    // Breached: when it breached (longest overdue first); running or at risk: when it is due.
    t.timestamp('board_due_at', { useTz: true });
    // Paused: working minutes left when it resumes.
    t.double('board_remaining_minutes');
    t.index(['case_number']);
  });
  // The board's order; tickets off the board (closed, not yet placed) are not in the index at all.
  await knex.raw('CREATE INDEX tickets_board_order ON tickets (board_rank, board_due_at, board_remaining_minutes, case_id) WHERE board_rank > 0');
  await knex.raw('CREATE INDEX tickets_board_unplaced ON tickets (case_id) WHERE board_rank IS NULL');
  // The ticket page's audit entries are found by case id and by issue key, newest first.
  await knex.raw('CREATE INDEX audit_log_object_at ON audit_log (object_id, at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS audit_log_object_at');
  await knex.raw('DROP INDEX IF EXISTS tickets_board_unplaced');
  await knex.raw('DROP INDEX IF EXISTS tickets_board_order');
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['case_number']);
    for (const column of ['subject', 'owner_id', 'owner_name', 'board_rank', 'board_due_at', 'board_remaining_minutes']) t.dropColumn(column);
  });
}
