// Use cases of a coordinator for a family that turns to the municipality directly: the audit trail of a case, the
// export of everything Lotse holds about it (GDPR Art. 15), and its erasure (Art. 17).
import { type Checked, checkedValue } from '#application/checked.ts';
import { type EraseCasePorts, eraseCase } from '#application/erasure/erase-case.ts';
import type { CaseRepository, CaseWithHistory, Clock } from '#application/ports.ts';
import { type AuditEntry, actorOf, isTombstone, type PrincipalOf } from '#domain/case.ts';
import type { EraseBody } from '#domain/case-commands.ts';
import type { CaseStatus } from '#domain/codes.ts';
import { NotFound, TemporaryFailure, VersionConflict } from '#domain/errors.ts';
import { recordDisclosure } from './get-case.ts';

type Coordinator = PrincipalOf<'coordinator'>;

export interface CaseAuditPorts {
  cases: Pick<CaseRepository, 'get' | 'listAudit'>;
}

/** The audit trail of an existing case (404 otherwise), oldest first. */
export async function caseAudit(ports: CaseAuditPorts, input: { caseId: string }): Promise<AuditEntry[]> {
  if (!(await ports.cases.get(input.caseId))) throw new NotFound('case');
  return ports.cases.listAudit(input.caseId);
}

export interface ExportCasePorts {
  cases: Pick<CaseRepository, 'getWithHistory' | 'recordAudit' | 'listAudit'>;
  clock: Clock;
}

export interface CaseExport {
  exportedAt: string;
  found: CaseWithHistory;
  audit: AuditEntry[];
}

/**
 * Everything Lotse holds about the case: the case with its personal data and every note (as a coordinator reads it),
 * the history and the audit trail. The export is recorded in the audit trail before it is read, so it lists itself.
 * Nothing else of the case exists: the idempotency record holds ids and a keyed hash, the aggregates hold no ids.
 */
export async function exportCase(
  ports: ExportCasePorts,
  input: { principal: Coordinator; caseId: string },
): Promise<CaseExport> {
  const found = await ports.cases.getWithHistory(input.caseId);
  if (!found) throw new NotFound('case');
  await recordDisclosure(ports, input.principal, found, 'export');
  return { exportedAt: ports.clock.now().toISOString(), found, audit: await ports.cases.listAudit(input.caseId) };
}

export interface EraseCaseByRequestPorts extends EraseCasePorts {
  cases: Pick<CaseRepository, 'get' | 'applyTransition' | 'clearOutbox'>;
  clock: Clock;
}

/** Attempts against concurrent changes (an office acting on the case at the same moment). */
const MAX_ATTEMPTS = 5;

/**
 * 404 → 400 (body) → erased exactly as a withdrawal erases (application/erasure); an open case is cancelled. A case
 * already erased answers the same (202 again). Returns the case's status and erasure time afterwards.
 */
export async function eraseCaseOnRequest(
  ports: EraseCaseByRequestPorts,
  input: { principal: Coordinator; caseId: string; body: Checked<EraseBody> },
): Promise<{ status: CaseStatus; erasedAt: string }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const found = await ports.cases.get(input.caseId);
    if (!found) throw new NotFound('case');
    const body = checkedValue(input.body);
    if (isTombstone(found)) return { status: found.status, erasedAt: found.erasedAt };
    const at = ports.clock.now().toISOString();
    try {
      const status = await eraseCase(ports, { from: found, at, actor: actorOf(input.principal), reason: body.reason });
      return { status, erasedAt: at };
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  throw new TemporaryFailure('the case kept changing during the erasure');
}
