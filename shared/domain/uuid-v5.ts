// Name-based UUIDs (RFC 9562, section 5.5, version 5: SHA-1 over a namespace UUID and a name), so that an id derived
// from the same namespace and name is the same in every run. Only server code uses this (the web app does not bundle
// it), so node:crypto is fine here.
import { createHash } from 'node:crypto';

const UUID_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The version 5 UUID of `name` in `namespace` (a UUID in its usual hex form), in lowercase. */
export function uuidV5(namespace: string, name: string): string {
  if (!UUID_FORM.test(namespace)) throw new TypeError('the namespace must be a UUID');
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6); // version 5
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8); // variant 10 (RFC 9562)
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Lotse's own namespace; every municipality gets its namespace inside it (`lotseNamespace`). */
export const LOTSE_UUID_NAMESPACE = '5b0e4c1e-8a7d-4f0b-9c3e-2a1d6f7b8c90';

/** The namespace of one municipality's name-based ids: ids of two municipalities never agree. */
export function municipalityNamespace(municipalityId: string): string {
  return uuidV5(LOTSE_UUID_NAMESPACE, `municipality:${municipalityId}`);
}
