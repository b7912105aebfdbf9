// Use case: the assigned office (or a coordinator) reads a whole case; the office's first read records `opened`.

import { commitTransition, type OutboxPorts } from '#application/outbox.ts';
import type { CaseRepository, CaseWithHistory, Clock } from '#application/ports.ts';
import { actorOf, type CaseEvent, type PrincipalOf } from '#domain/case.ts';
import { NotFound, TemporaryFailure, VersionConflict } from '#domain/errors.ts';

/** Who reads and works cases: an office (its own cases) or a coordinator (all). */
export type CaseReader = PrincipalOf<'office' | 'coordinator'>;

export interface GetCasePorts extends OutboxPorts {
  cases: Pick<CaseRepository, 'getWithHistory' | 'applyTransition' | 'recordAudit' | 'clearOutbox'>;
  clock: Clock;
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
    await ports.cases.recordAudit(caseRecord.id, {
      actor: actorOf(principal),
      at: ports.clock.now().toISOString(),
      action: 'read',
    });
    return found;
  }
  throw new TemporaryFailure('the case kept changing while it was read');
}
