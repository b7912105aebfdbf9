// Use case: the assigned office (or a coordinator) reads a whole case with its history. Read-only in this version.

import type { CaseRepository, CaseWithHistory } from '#adapters/ports.ts';
import type { Principal } from '#domain/case.ts';
import { Forbidden, NotFound } from '#domain/errors.ts';

export interface GetCasePorts {
  cases: Pick<CaseRepository, 'getWithHistory'>;
}

/**
 * Coordinator: every case. Office: only cases assigned to it; any other case (another office's, or one not yet
 * routed) answers 404 exactly like a missing one. Referrer: 403 (cases are not theirs to read).
 */
export async function getCase(
  ports: GetCasePorts,
  input: { principal: Principal; caseId: string },
): Promise<CaseWithHistory> {
  const { principal } = input;
  if (principal.role === 'referrer') throw new Forbidden();
  const found = await ports.cases.getWithHistory(input.caseId);
  if (!found) throw new NotFound('case');
  if (principal.role === 'office' && found.caseRecord.officeId !== principal.officeId) throw new NotFound('case');
  return found;
}
