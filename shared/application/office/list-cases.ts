// Use case: the inbox — an office's own cases, or for a coordinator all cases (or one office's), one page at a time.

import type { CaseRepository, InboxPage, InboxSource } from '#application/ports.ts';
import type { CaseStatus } from '#domain/codes.ts';
import { NotFound } from '#domain/errors.ts';
import type { CaseReader } from './get-case.ts';

export const INBOX_DEFAULT_LIMIT = 25;

export interface ListCasesPorts {
  cases: Pick<CaseRepository, 'listInbox'>;
}

/** Which cases, and which page of them. */
export interface InboxFilter {
  status?: CaseStatus | undefined;
  /** 1–100; default INBOX_DEFAULT_LIMIT. */
  limit?: number | undefined;
  /** The `nextCursor` of the previous page of the same listing. */
  cursor?: string | undefined;
  /** Coordinator: this office's inbox instead of all cases. An office may name only itself. */
  officeId?: string | undefined;
}

/**
 * An office lists its own inbox; asking for another office's answers 404 like any resource of someone else. A
 * coordinator lists all cases, or with `officeId` that office's inbox. Served by an index Query (GSI1 or GSI3), never
 * a Scan.
 */
export async function listCases(
  ports: ListCasesPorts,
  input: { principal: CaseReader; filter: InboxFilter },
): Promise<InboxPage> {
  const { principal, filter } = input;
  let source: InboxSource;
  if (principal.role === 'office') {
    if (filter.officeId !== undefined && filter.officeId !== principal.officeId) throw new NotFound('inbox');
    source = { kind: 'office', officeId: principal.officeId };
  } else {
    source = filter.officeId === undefined ? { kind: 'all' } : { kind: 'office', officeId: filter.officeId };
  }
  return ports.cases.listInbox({
    source,
    limit: filter.limit ?? INBOX_DEFAULT_LIMIT,
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  });
}
