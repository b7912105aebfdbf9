// Builds stored cases for the use-case tests.
import type { CaseRecord } from '#domain/case.ts';
import { referralSchema } from '#domain/referral.ts';
import { NOW, validReferralBody } from './fakes.ts';

export function receivedCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: 'CASE0001',
    institutionId: 'klinik-mitte',
    institutionType: 'birth-clinic',
    status: 'received',
    version: 1,
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:00:00.000Z',
    urgency: 'soon',
    districtId: 'nord',
    phases: ['pregnancy', 'infant'],
    referral: referralSchema(NOW).parse(validReferralBody()),
    ...overrides,
  };
}
