// The body hash of an idempotency record: what a stored hash looks like, and whether it stands for a request body.
//
// The record outlives the family's data (a late retry after a withdrawal must still find it), so intake stores a
// keyed hash (BodyHasher, `<scheme>:<hex>`, today `hmac-sha256:…`) that nobody without the deployment's secret can
// recompute to confirm a guess about a family. Records written before keyed hashes hold a bare plain SHA-256 (64 hex
// digits); they expire 24 hours after they were written, and until then a retry is compared with them the old way.
import { createHash } from 'node:crypto';
import { canonicalJson } from '#domain/json-value.ts';

const LEGACY_PLAIN_HASH = /^[0-9a-f]{64}$/;

/** Plain SHA-256 of the canonical body: only ever compared with a record written before keyed hashes. */
export function plainBodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * True when `stored` (an existing record's hash) stands for the body whose keyed hash is `keyed`: a stored value with
 * a scheme must equal it, a bare legacy value must equal the body's plain SHA-256. Anything else is another body.
 */
export function storedHashMatches(stored: string, keyed: string, body: unknown): boolean {
  if (stored.includes(':')) return stored === keyed;
  return LEGACY_PLAIN_HASH.test(stored) && stored === plainBodyHash(body);
}
