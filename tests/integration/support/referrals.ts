// Builders for valid referral bodies, with dates relative to today so the suite never ages out of the field rules.
import { exampleReferral } from '#domain/example-referral.ts';

export function isoDate(offsetDays: number, from: Date = new Date()): string {
  const date = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + offsetDays));
  return date.toISOString().slice(0, 10);
}

export function yearsAgo(years: number, extraDays = 0): string {
  const today = new Date();
  const date = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() - extraDays));
  return date.toISOString().slice(0, 10);
}

/** The API's example referral, valid today, with top-level fields replaced by `overrides`. */
export function referralBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...exampleReferral(new Date()), ...overrides };
}
