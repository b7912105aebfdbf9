// What the coordinator's screens read besides one case: the escalated cases with their reason (on each inbox line:
// listing them reads no case, so the audit trail records no coordinator read of a family's data for an overview),
// the open cases without activity, and the offices' names.
import type { CaseStatus, EscalationReason } from '../../../shared/domain/codes.ts';
import type { Api } from '../api.ts';
import { inboxOrder, wholeInbox, wholeInboxes } from './inbox-data.ts';
import type { InboxItem, ItemList, Office } from './types.ts';

export type EscalatedCase = { readonly item: InboxItem; readonly reason: EscalationReason | null };

/** Every escalated case, in inbox order, with why it waits for the coordinator. */
export async function escalatedCases(api: Api): Promise<EscalatedCase[]> {
  const items = await wholeInbox(api, { status: 'escalated' });
  return items.map((item) => ({ item, reason: item.escalationReason ?? null }));
}

export async function offices(api: Api): Promise<readonly Office[]> {
  const answer = await api.get<ItemList<Office>>('/v1/offices');
  return [...answer.body.items].sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

/** The office's name by id (undefined for an id the catalogue no longer has). */
export function officeNames(list: readonly Office[]): (officeId: string) => string | undefined {
  const names = new Map(list.map((office) => [office.id, office.name]));
  return (officeId) => names.get(officeId);
}

/** Every status in which a case still waits for someone to act on it. */
export const OPEN_CASE_STATUSES = [
  'received',
  'routed',
  'accepted',
  'in-progress',
  'escalated',
] as const satisfies readonly CaseStatus[];
export type OpenCaseStatus = (typeof OPEN_CASE_STATUSES)[number];

/** Days without any change after which an open case counts as inactive (the coordinator asks after it). */
export const INACTIVE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** An open case whose last change (`updatedAt`) lies more than INACTIVE_DAYS before `now`. */
export function isInactive(item: InboxItem, now: Date): boolean {
  return (
    (OPEN_CASE_STATUSES as readonly string[]).includes(item.status) &&
    now.getTime() - new Date(item.updatedAt).getTime() > INACTIVE_DAYS * DAY_MS
  );
}

/**
 * The open cases without activity, in inbox order. The API cannot filter by the last change, so this pages through
 * `GET /v1/cases` once per open status (lists a screen already read are passed in and not read again) and filters
 * here. What that costs: the API serves a status filter by reading the whole all-cases index and dropping the other
 * statuses, so each listing reads every case the municipality ever had (closed and withdrawn ones too), up to a
 * thousand per request; five statuses are five such passes. A filter by last change on the server would be one query.
 */
export async function inactiveCases(
  api: Api,
  now: Date,
  known: Partial<Record<OpenCaseStatus, readonly InboxItem[]>> = {},
): Promise<InboxItem[]> {
  const missing = OPEN_CASE_STATUSES.filter((status) => known[status] === undefined);
  const read = await wholeInboxes(
    api,
    missing.map((status) => ({ status })),
  );
  return [...Object.values(known).flat(), ...read].filter((item) => isInactive(item, now)).sort(inboxOrder);
}
