// The bodies of the commands on a case (decline, close, assign, withdraw): field rules of what a caller may send.
import * as z from 'zod';
import { DECLINE_REASONS, ERASE_REASONS, OUTCOMES, WITHDRAW_REASONS } from './codes.ts';
import { oneOf, reference, text } from './field-rules.ts';

export const declineBodySchema = z.strictObject({
  reason: oneOf(DECLINE_REASONS),
  note: text(500, { multiline: true })
    .optional()
    .describe('Free text for the coordinator (line breaks allowed); stored with the personal data.'),
});
export const closeBodySchema = z.strictObject({
  outcome: oneOf(OUTCOMES),
  offerId: reference('an offer id')
    .optional()
    .describe('The offer the family joined or was referred to: one of the proposals or any active offer.'),
});
export const assignBodySchema = z.strictObject({
  officeId: reference('an office id').describe('An office of the catalogue.'),
});
export const withdrawBodySchema = z.strictObject({ reason: oneOf(WITHDRAW_REASONS) });
export const eraseBodySchema = z.strictObject({ reason: oneOf(ERASE_REASONS) });

export type DeclineBody = z.output<typeof declineBodySchema>;
export type CloseBody = z.output<typeof closeBodySchema>;
export type AssignBody = z.output<typeof assignBodySchema>;
export type WithdrawBody = z.output<typeof withdrawBodySchema>;
export type EraseBody = z.output<typeof eraseBodySchema>;
