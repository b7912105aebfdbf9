// Conditional requests on a case: the ETag of a version and the If-Match header.
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
