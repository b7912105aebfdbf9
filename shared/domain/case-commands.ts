// The bodies of the commands on a case (decline, close, assign, withdraw): field rules of what a caller may send,
// each built on its first use (lazily), by the route that reads it.
import * as z from 'zod';
import { DECLINE_REASONS, ERASE_REASONS, OUTCOMES, WITHDRAW_REASONS } from './codes.ts';
import { oneOf, reference, text } from './field-rules.ts';
import { lazily } from './lazily.ts';

export const declineBodySchema = lazily(() =>
  z.strictObject({
    reason: oneOf(DECLINE_REASONS),
    note: text(500, { multiline: true })
      .optional()
      .describe('Free text for the coordinator (line breaks allowed); stored with the personal data.'),
  }),
);
export const closeBodySchema = lazily(() =>
  z.strictObject({
    outcome: oneOf(OUTCOMES),
    offerId: reference('an offer id')
      .optional()
      .describe('The offer the family joined or was referred to: one of the proposals or any active offer.'),
  }),
);
export const assignBodySchema = lazily(() =>
  z.strictObject({
    officeId: reference('an office id').describe('An office of the catalogue.'),
  }),
);
export const withdrawBodySchema = lazily(() => z.strictObject({ reason: oneOf(WITHDRAW_REASONS) }));
export const eraseBodySchema = lazily(() => z.strictObject({ reason: oneOf(ERASE_REASONS) }));

export type DeclineBody = z.output<ReturnType<typeof declineBodySchema>>;
export type CloseBody = z.output<ReturnType<typeof closeBodySchema>>;
export type AssignBody = z.output<ReturnType<typeof assignBodySchema>>;
export type WithdrawBody = z.output<ReturnType<typeof withdrawBodySchema>>;
export type EraseBody = z.output<ReturnType<typeof eraseBodySchema>>;
