// The office's representation of a case (GET /v1/cases/{caseId}): case facts, the referral content, history.

import type { CaseWithHistory } from '#adapters/ports.ts';
import type { CaseView } from '#http/api-schemas.ts';

export function toCaseView({ caseRecord, history }: CaseWithHistory): CaseView {
  const { referral } = caseRecord;
  return {
    caseId: caseRecord.id,
    status: caseRecord.status,
    version: caseRecord.version,
    createdAt: caseRecord.createdAt,
    updatedAt: caseRecord.updatedAt,
    officeId: caseRecord.officeId ?? null,
    districtId: caseRecord.districtId,
    institutionId: caseRecord.institutionId,
    institutionType: caseRecord.institutionType,
    urgency: caseRecord.urgency,
    phases: caseRecord.phases,
    needs: referral.needs,
    languages: referral.languages,
    interpreterNeeded: referral.interpreterNeeded,
    contact: referral.contact,
    children: referral.children,
    postalCode: referral.postalCode,
    accessibility: referral.accessibility ?? {
      homeVisit: false,
      barrierFree: false,
      childcareDuringAppointment: false,
    },
    note: referral.note ?? null,
    consent: referral.consent,
    referrer: referral.referrer,
    proposals: caseRecord.proposals ?? [],
    unmatched: caseRecord.unmatched ?? false,
    escalationReason: caseRecord.escalationReason ?? null,
    history: history.map((event) => ({
      seq: event.seq,
      type: event.type,
      at: event.at,
      actor: event.actor,
      ...(event.details ? { details: event.details } : {}),
    })),
  };
}
