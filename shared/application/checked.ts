// A part of a request that was checked before the use case ran, whose verdict the use case raises at its own point in
// its order of checks (e.g. "no such case" before "the body is invalid", so that nobody learns from a 400 that a case
// exists).
import type { DomainError } from '#domain/errors.ts';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

/** The value, or the error the check found. */
export function checkedValue<T>(checked: Checked<T>): T {
  if (checked.ok) return checked.value;
  throw checked.error;
}
