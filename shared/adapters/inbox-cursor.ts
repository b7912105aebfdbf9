// The opaque cursor of the index listings (inboxes, an institution's referrals): base64url of the index, partition and
// sort key of the last item a page returned.
import { ValidationFailed } from '#domain/errors.ts';

type CursorContent = { i: string; p: string; s: string };

const INVALID = () => new ValidationFailed([{ path: 'cursor', message: 'is not a cursor of this listing' }]);

export function encodeInboxCursor(indexName: string, partition: string, sortKey: string): string {
  const content: CursorContent = { i: indexName, p: partition, s: sortKey };
  return Buffer.from(JSON.stringify(content), 'utf8').toString('base64url');
}

/**
 * The sort key a cursor continues after. A cursor that is not ours, or one of another listing (another office, the
 * coordinator's all-cases listing, another institution's referrals), is a 400 at path `cursor`: continuing it would
 * page through the wrong partition.
 */
export function decodeInboxCursor(cursor: string, indexName: string, partition: string): string {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw INVALID();
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw INVALID();
  }
  if (typeof content !== 'object' || content === null) throw INVALID();
  const { i, p, s } = content as Partial<Record<keyof CursorContent, unknown>>;
  if (i !== indexName || p !== partition || typeof s !== 'string' || s.length === 0) throw INVALID();
  return s;
}
