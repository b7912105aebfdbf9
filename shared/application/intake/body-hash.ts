// Hash of a request body over canonical JSON (sorted keys), so key order and whitespace never look like a change.
import { createHash } from 'node:crypto';
import { canonicalJson } from '#domain/json-value.ts';

export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
