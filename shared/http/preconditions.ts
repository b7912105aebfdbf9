// Conditional requests on a case: the ETag of a version and the If-Match header.
export const IF_MATCH_HEADER = 'If-Match';

/** The strong ETag of a case version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The versions an If-Match header names (RFC 9110 §13.1.1: a list of entity tags compared strongly). Only a strong
 * tag `"<version>"` names a version: a weak tag (`W/"3"`) never matches under the strong comparison, and `*` is not
 * honoured (it would write without a version check). Undefined when the header is absent; an empty list when nothing
 * in it names a version, so the request answers 412.
 */
export function parseIfMatch(value: string | undefined): number[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const versions: number[] = [];
  for (const part of value.split(',')) {
    const match = /^\s*"([1-9][0-9]{0,14})"\s*$/.exec(part);
    if (match?.[1]) versions.push(Number(match[1]));
  }
  return versions;
}
