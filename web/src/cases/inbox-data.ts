// Reading inboxes: every page of a listing (for counts, which must be whole), in the API's order (urgent first, then
// oldest first).

import type { CaseStatus } from '../../../shared/domain/codes.ts';
import { URGENCY_RANK } from '../../../shared/domain/codes.ts';
import type { Api } from '../api.ts';
import type { InboxItem, InboxPage } from './types.ts';

/** Pages read at most for one listing: 20 × 100 cases, far beyond an office's open work. */
const MAX_PAGES = 20;
export const PAGE_SIZE = 25;

export type InboxQuery = { readonly status?: CaseStatus; readonly officeId?: string };

/** One page of `GET /v1/cases`. */
export async function inboxPage(
  api: Api,
  query: InboxQuery & { readonly cursor?: string | undefined; readonly limit?: number },
): Promise<InboxPage> {
  const answer = await api.get<InboxPage>('/v1/cases', {
    query: {
      status: query.status,
      officeId: query.officeId,
      cursor: query.cursor,
      limit: query.limit ?? PAGE_SIZE,
    },
  });
  return answer.body;
}

/** Every case of a listing, page after page. */
export async function wholeInbox(api: Api, query: InboxQuery): Promise<InboxItem[]> {
  const items: InboxItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await inboxPage(api, { ...query, cursor, limit: 100 });
    items.push(...answer.items);
    if (answer.nextCursor === null) break;
    cursor = answer.nextCursor;
  }
  return items;
}

/** A case without an urgency (its data erased) sorts after every case that has one. */
const rankOf = (item: InboxItem) =>
  item.urgency === undefined ? Math.max(...Object.values(URGENCY_RANK)) + 1 : URGENCY_RANK[item.urgency];

/** The inbox order of the API: urgent first, then oldest first. */
export function inboxOrder(a: InboxItem, b: InboxItem): number {
  return rankOf(a) - rankOf(b) || a.createdAt.localeCompare(b.createdAt);
}

/** Several listings (e.g. one per open status) as one list in inbox order. */
export async function wholeInboxes(api: Api, queries: readonly InboxQuery[]): Promise<InboxItem[]> {
  const lists = await Promise.all(queries.map((query) => wholeInbox(api, query)));
  const byId = new Map(lists.flat().map((item) => [item.caseId, item]));
  return [...byId.values()].sort(inboxOrder);
}
