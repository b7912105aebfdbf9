// The table of cases of an inbox (UI.md: number, urgency, received, deadline, life phases, needs, opened, status), for
// the Familienbüro's Eingang and the coordinator's lists; each number links to its case.
import type { ComponentChildren } from 'preact';
import {
  CASE_STATUS_LABELS,
  LIFE_PHASE_LABELS,
  NEED_LABELS,
  URGENCY_LABELS,
} from '../../../shared/domain/labels-de.ts';
import { Link } from '../components/link.tsx';
import { TableHead } from '../components/table.tsx';
import { formatDate, shortNumber } from '../format.ts';
import { deadlineSoon, deadlineText } from './describe.ts';
import type { InboxItem } from './types.ts';

export type ExtraColumn = {
  readonly header: string;
  readonly cell: (item: InboxItem) => ComponentChildren;
};

/** Codes as their German labels in a line; a dash where a case keeps none (its data erased). */
function codeList<Code extends string>(
  codes: readonly Code[] | undefined,
  labels: Readonly<Record<Code, { readonly label: string }>>,
): ComponentChildren {
  if (codes === undefined || codes.length === 0) return <span class="lotse-case-muted">–</span>;
  return codes.map((code) => labels[code].label).join(', ');
}

export function CaseTable({
  items,
  caption,
  caseHref,
  extraColumns = [],
  now = new Date(),
}: {
  readonly items: readonly InboxItem[];
  /** Names the table for screen readers (and what it shows). */
  readonly caption: string;
  readonly caseHref: (caseId: string) => string;
  readonly extraColumns?: readonly ExtraColumn[];
  readonly now?: Date;
}) {
  return (
    <div class="kern-table-responsive">
      <table class="kern-table kern-table--small kern-table--striped lotse-case-table">
        <caption class="kern-sr-only">{caption}</caption>
        <TableHead
          columns={[
            'Fall',
            'Dringlichkeit',
            'Eingegangen',
            'Frist',
            'Lebensphasen',
            'Bedarfe',
            'Geöffnet',
            'Status',
            ...extraColumns.map((column) => column.header),
          ]}
        />
        <tbody class="kern-table__body">
          {items.map((item) => (
            <tr class="kern-table__row" key={item.caseId}>
              <th class="kern-table__header lotse-case-nowrap" scope="row">
                <Link href={caseHref(item.caseId)}>
                  <span class="kern-sr-only">Fall </span>
                  {shortNumber(item.caseId)}
                </Link>
              </th>
              <td class="kern-table__cell">
                {item.urgency === undefined ? (
                  <span class="lotse-case-muted">–</span>
                ) : item.urgency === 'urgent' ? (
                  <strong>{URGENCY_LABELS[item.urgency].label}</strong>
                ) : (
                  URGENCY_LABELS[item.urgency].label
                )}
              </td>
              <td class="kern-table__cell lotse-case-nowrap">{formatDate(item.createdAt)}</td>
              <td class="kern-table__cell">
                {item.deadlineAt === undefined ? (
                  <span class="lotse-case-muted">–</span>
                ) : deadlineSoon(item, now) ? (
                  <strong>{deadlineText(item.deadlineAt, now)}</strong>
                ) : (
                  deadlineText(item.deadlineAt, now)
                )}
              </td>
              <td class="kern-table__cell">{codeList(item.phases, LIFE_PHASE_LABELS)}</td>
              <td class="kern-table__cell">{codeList(item.needs, NEED_LABELS)}</td>
              <td class="kern-table__cell">{item.opened ? 'Ja' : 'Nein'}</td>
              <td class="kern-table__cell">{CASE_STATUS_LABELS[item.status].label}</td>
              {extraColumns.map((column) => (
                <td class="kern-table__cell" key={column.header}>
                  {column.cell(item)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
