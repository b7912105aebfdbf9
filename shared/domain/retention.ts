// Retention (API.md "Retention"; DOMAIN.md "Consent and data protection"): how long a case keeps the family's data.
import type { CaseRecord } from './case.ts';
import { isTerminal } from './state-machine.ts';

/** Per municipality: days after closure, and days after the last change of a case that never closes. */
export interface RetentionPolicy {
  closedDays: number;
  openDays: number;
}

const DAY_MS = 86_400_000;

/**
 * Whether a live case's family data is due for erasure at `now`: a closed case `closedDays` after its closure, an open
 * one `openDays` after its last change (reads do not count: a case only looked at is not being worked). A withdrawn
 * case has nothing left to erase.
 */
export function retentionDue(record: CaseRecord, policy: RetentionPolicy, now: Date): boolean {
  if (record.status === 'closed') {
    return record.closedAt !== undefined && Date.parse(record.closedAt) + policy.closedDays * DAY_MS < now.getTime();
  }
  if (isTerminal(record.status)) return false;
  return Date.parse(record.updatedAt) + policy.openDays * DAY_MS < now.getTime();
}
