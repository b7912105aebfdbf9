// Turns zod issues into the `{ path, message }` list of a 400 validation problem (one entry per violated field).
import type * as z from 'zod';

export type FieldError = { path: string; message: string };

type IssueSource = Pick<z.ZodError, 'issues'>;

/**
 * Dot-separated paths (`children.0.birthDate`); the root is `''`. An unknown field is reported at its own path
 * (`contact.fax`), so the client sees exactly which key to remove. Only the first message per path is kept.
 */
export function toFieldErrors(error: IssueSource): FieldError[] {
  const byPath = new Map<string, string>();
  const add = (path: readonly PropertyKey[], message: string) => {
    const key = path.map((segment) => String(segment)).join('.');
    if (!byPath.has(key)) byPath.set(key, message);
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...issue.path, key], 'is not a known field');
    } else {
      add(issue.path, issue.message);
    }
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}
