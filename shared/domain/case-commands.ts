// The bodies of the commands on a case (decline, close, assign, withdraw): field rules of what a caller may send.
import { z } from 'zod';
import { DECLINE_REASONS, OUTCOMES, WITHDRAW_REASONS } from './codes.ts';
import { expecting, oneOf, text } from './field-rules.ts';

export const declineBodySchema = z.strictObject({
  reason: oneOf(DECLINE_REASONS),
  note: text(500).optional().describe('Free text for the coordinator; stored with the personal data.'),
});
export const closeBodySchema = z.strictObject({
  outcome: oneOf(OUTCOMES),
  offerId: z
    .string(expecting('an offer id'))
    .min(1, { error: 'must not be empty' })
    .max(128, { error: 'must be at most 128 characters long' })
    .optional()
    .describe('The offer the family joined or was referred to: one of the proposals or any active offer.'),
});
export const assignBodySchema = z.strictObject({
  officeId: z
    .string(expecting('an office id'))
    .min(1, { error: 'must not be empty' })
    .max(128, { error: 'must be at most 128 characters long' })
    .describe('An office of the catalogue.'),
});
export const withdrawBodySchema = z.strictObject({ reason: oneOf(WITHDRAW_REASONS) });

export type DeclineBody = z.output<typeof declineBodySchema>;
export type CloseBody = z.output<typeof closeBodySchema>;
export type AssignBody = z.output<typeof assignBodySchema>;
export type WithdrawBody = z.output<typeof withdrawBodySchema>;
