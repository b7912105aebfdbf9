// Use case: the inbox — an office's own cases, or for a coordinator all cases (or one office's), one page at a time.

import type { CaseRepository, InboxSource } from '#application/ports.ts';
import type { Principal } from '#domain/case.ts';
import { Forbidden, NotFound } from '#domain/errors.ts';
import { INBOX_DEFAULT_LIMIT, type InboxItem, inboxQuerySchema } from '#http/api-schemas.ts';
import { parseOrThrow } from '#http/request-validation.ts';
import { toInboxItem } from '../../../functions/office/case-view.ts';

export interface ListCasesPorts {
  cases: Pick<CaseRepository, 'listInbox'>;
}

export interface InboxView {
  items: InboxItem[];
  nextCursor: string | null;
}

/**
 * Query parameters are validated first (400 naming `status`, `limit`, `cursor` or `officeId`). An office lists its own
 * inbox; asking for another office's answers 404 like any resource of someone else. A coordinator lists all cases, or
 * with `officeId` that office's inbox. Served by an index Query (GSI1 or GSI3), never a Scan.
 */
export async function listCases(
  ports: ListCasesPorts,
  input: { principal: Principal; query: Record<string, string | undefined> },
): Promise<InboxView> {
  const { principal } = input;
  if (principal.role === 'referrer') throw new Forbidden();
  const params = parseOrThrow(inboxQuerySchema, input.query);
  let source: InboxSource;
  if (principal.role === 'office') {
    if (params.officeId !== undefined && params.officeId !== principal.officeId) throw new NotFound('inbox');
    source = { kind: 'office', officeId: principal.officeId };
  } else {
    source = params.officeId === undefined ? { kind: 'all' } : { kind: 'office', officeId: params.officeId };
  }
  const page = await ports.cases.listInbox({
    source,
    limit: params.limit ?? INBOX_DEFAULT_LIMIT,
    ...(params.status ? { status: params.status } : {}),
    ...(params.cursor ? { cursor: params.cursor } : {}),
  });
  return { items: page.items.map(toInboxItem), nextCursor: page.nextCursor };
}
