// `npm run reapply-erasures -- …`: after a point-in-time restore of the tables, erases again every case whose
// family data was erased after the restore point, from the erasure journal of the live table. Runs with the
// operator's AWS credentials.
import { createDocumentClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { listErasures } from '#adapters/erasure-journal.ts';
import { reapplyErasures } from '#application/erasure/reapply-erasures.ts';
import { type CommandIo, readCommandOptions } from './command-options.ts';

/** Exit codes: 0 done; 2 wrong usage; 3 AWS failed (safe to run again). */
export const EXIT = { ok: 0, usage: 2, failed: 3 } as const;

const USAGE = `Usage:
  npm run reapply-erasures -- --journal-table <live TableName> --table <restored TableName>
                              --personal-table <restored PersonalTableName> [--since <RFC 3339 time>]
                              [--region <EU region, default eu-central-1>]
  After restoring both tables of Lotse-<municipality>-<stage>-Stateful to a point in time (into new tables), run this
  before switching the functions to the restored tables. --journal-table is the live table the restore was taken
  from: its journal is complete up to now (the restored copy's only up to the restore point). --since limits the run
  to erasures at or after that time (e.g. the restore point); without it every journalled erasure (the journal keeps
  40 days, longer than the 35-day recovery window) is checked. Safe to run again.
  Exit codes: 0 done, 2 usage, 3 AWS request failed.`;

export type ReapplyIo = CommandIo;

export async function runReapplyErasures(args: readonly string[], io: ReapplyIo): Promise<number> {
  const options = readCommandOptions(
    args,
    { required: ['journal-table', 'table', 'personal-table'], optional: ['since'], usage: USAGE },
    io,
  );
  if (!options) return EXIT.usage;
  const { 'journal-table': journalTable, table, 'personal-table': personalTable, since, region } = options;
  if (since !== undefined && Number.isNaN(Date.parse(since))) {
    io.stderr(`--since must be an RFC 3339 time, e.g. 2026-12-01T00:00:00Z\n`);
    return EXIT.usage;
  }
  const client = createDocumentClient({ region });
  try {
    const result = await reapplyErasures(
      {
        journal: { list: (from) => listErasures(client, journalTable, from) },
        cases: createCaseRepository({ client, tableName: table, personalTableName: personalTable }),
      },
      since === undefined ? undefined : new Date(since).toISOString(),
    );
    io.stdout(
      `Erasures journalled: ${result.journalled}; erased again now: ${result.reapplied}; ` +
        `already erased in the restored tables: ${result.alreadyErased}; not in them: ${result.absent}.\n`,
    );
    return EXIT.ok;
  } catch (error) {
    io.stderr(`AWS request failed: ${error instanceof Error ? error.name : String(error)} (safe to run again)\n`);
    return EXIT.failed;
  }
}

if (import.meta.main) {
  process.exitCode = await runReapplyErasures(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
