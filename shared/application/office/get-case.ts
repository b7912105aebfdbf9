// Use case: the assigned office (or a coordinator) reads a whole case; the office's first read records `opened`.

import { commitTransition, type OutboxPorts } from '#application/outbox.ts';
import type { CaseRepository, CaseWithHistory, Clock } from '#application/ports.ts';
import {
  type AuditAction,
  actorOf,
  auditActorOf,
  type CaseEvent,
  isTombstone,
  type PrincipalOf,
} from '#domain/case.ts';
import { NotFound, TemporaryFailure, VersionConflict } from '#domain/errors.ts';

/** Who reads and works cases: an office (its own cases) or a coordinator (all). */
export type CaseReader = PrincipalOf<'office' | 'coordinator'>;

export interface GetCasePorts extends OutboxPorts {
  cases: Pick<CaseRepository, 'getWithHistory' | 'applyTransition' | 'recordAudit' | 'clearOutbox'>;
  clock: Clock;
}

/**
 * Records in the case's audit trail that `principal` received the family's personal data (before it is answered).
 * A tombstone, or a case whose personal data is gone, discloses nothing and records nothing.
 */
export async function recordDisclosure(
  ports: { cases: Pick<CaseRepository, 'recordAudit'>; clock: Clock },
  principal: PrincipalOf<'office' | 'coordinator'>,
  found: CaseWithHistory,
  action: AuditAction,
): Promise<void> {
  if (found.personal === null || isTombstone(found.caseRecord)) return;
  await ports.cases.recordAudit(found.caseRecord.id, {
    actor: auditActorOf(principal),
    at: ports.clock.now().toISOString(),
    action,
  });
}

/**
 * The case as `principal` may see it: an office sees only the notes it wrote itself (a decline note is for the
 * coordinator, never for the next office the case goes to); a coordinator sees every note.
 */
export function visibleTo(principal: CaseReader, found: CaseWithHistory): CaseWithHistory {
  if (principal.role === 'coordinator' || found.personal === null) return found;
  const author = actorOf(principal);
  return {
    ...found,
    personal: { ...found.personal, notes: found.personal.notes.filter((note) => note.by === author) },
  };
}

/** Reads of a case while concurrent writers keep changing it; far more than any real contention needs. */
const MAX_READ_ATTEMPTS = 5;

/** The case if `principal` may see it: coordinators every case, an office only the cases it holds. */
export async function findVisibleCase(
  cases: Pick<CaseRepository, 'getWithHistory'>,
  principal: CaseReader,
  caseId: string,
): Promise<CaseWithHistory> {
  const found = await cases.getWithHistory(caseId);
  if (!found) throw new NotFound('case');
  if (principal.role === 'office' && found.caseRecord.officeId !== principal.officeId) throw new NotFound('case');
  return found;
}

/**
 * Coordinator: every case. Office: only cases assigned to it; any other case (another office's, one not yet routed,
 * or one it declined) answers 404 exactly like a missing one.
 *
 * The first read by the assigned office of a routed case records the `opened` event (version + 1, which also stops
 * its response deadline). Concurrent first reads all try the same conditional write on the version: exactly one wins,
 * the others re-read and see it opened. Every read is recorded in the audit trail before the data is returned.
 */
export async function getCase(
  ports: GetCasePorts,
  input: { principal: CaseReader; caseId: string },
): Promise<CaseWithHistory> {
  const { principal } = input;
  for (let attempt = 1; attempt <= MAX_READ_ATTEMPTS; attempt++) {
    const found = await findVisibleCase(ports.cases, principal, input.caseId);
    const { caseRecord } = found;
    // A tombstone holds no personal data: nothing to open, nothing to record.
    if (isTombstone(caseRecord)) return found;
    if (principal.role === 'office' && caseRecord.status === 'routed' && caseRecord.openedAt === undefined) {
      const at = ports.clock.now().toISOString();
      const event: CaseEvent = { seq: caseRecord.version + 1, type: 'opened', at, actor: actorOf(principal) };
      try {
        await commitTransition(ports, {
          from: caseRecord,
          status: caseRecord.status,
          updatedAt: at,
          changes: { openedAt: at },
          event,
        });
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
      }
      // Opened by us or by a concurrent read: either way, read the case as it is now.
      continue;
    }
    await recordDisclosure(ports, principal, found, 'read');
    return visibleTo(principal, found);
  }
  throw new TemporaryFailure('the case kept changing while it was read');
}
