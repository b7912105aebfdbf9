// Conditional requests on a case: the ETag of a version, the If-Match header, and the 428 for a missing one.
import { DomainError } from '#domain/errors.ts';

/** A state-changing request came without If-Match (428): lost updates are prevented by requiring it. */
export class PreconditionRequired extends DomainError {
  override name = 'PreconditionRequired';
  constructor(options?: { cause?: unknown }) {
    super(
      'This request requires an If-Match header with the case version ("<version>", the ETag of the case).',
      options,
    );
  }
}

export const IF_MATCH_HEADER = 'If-Match';

/** The strong ETag of a case version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The versions an If-Match header names (RFC 9110 list of entity tags; weak tags compare by their opaque part).
 * Undefined when the header is absent; an empty list when nothing in it can be a version (e.g. `*`): such a header
 * matches no version, so the request answers 412 rather than writing without a version check.
 */
export function parseIfMatch(value: string | undefined): number[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const versions: number[] = [];
  for (const part of value.split(',')) {
    const match = /^\s*(?:W\/)?"([1-9][0-9]{0,14})"\s*$/.exec(part);
    if (match?.[1]) versions.push(Number(match[1]));
  }
  return versions;
}
