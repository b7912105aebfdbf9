// The coordinator's data-subject requests on a case (API.md "Cases"): the export of everything Lotse holds about it
// (GDPR Art. 15), the erasure of the family's personal data (Art. 17), and the audit trail of who received it.
import type { EraseReason } from '../../../shared/domain/codes.ts';
import type { Api } from '../api.ts';
import { shortNumber } from '../format.ts';
import type { AuditItem, ItemList } from './types.ts';

const casePath = (caseId: string) => `/v1/cases/${encodeURIComponent(caseId)}`;

/**
 * The export as the file a person saves: the API's document, indented so it can be read in any editor, named by the
 * case's short number only (a file name says nothing about the family).
 */
export async function caseExport(api: Api, caseId: string): Promise<{ readonly name: string; readonly text: string }> {
  const answer = await api.get<unknown>(`${casePath(caseId)}/export`);
  return { name: `lotse-auskunft-${shortNumber(caseId)}.json`, text: `${JSON.stringify(answer.body, null, 2)}\n` };
}

/** Erases the family's personal data (202; again 202 when repeated) and cancels the case if it is open. */
export async function eraseCase(api: Api, caseId: string, reason: EraseReason): Promise<void> {
  await api.post(`${casePath(caseId)}/erase`, { body: { reason } });
}

/** Who received the family's personal data and when, newest first. */
export async function caseAudit(api: Api, caseId: string): Promise<readonly AuditItem[]> {
  const answer = await api.get<ItemList<AuditItem>>(`${casePath(caseId)}/audit`);
  return [...answer.body.items].sort((a, b) => b.at.localeCompare(a.at));
}
