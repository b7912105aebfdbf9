// KERN tables' shared parts: the header row from a list of column labels.
import type { ComponentChildren } from 'preact';

/**
 * A KERN table's <thead>: one column header a label, and, when `action` is given, a last header for the row's
 * buttons (KERN's action column).
 */
export function TableHead({
  columns,
  action,
}: {
  readonly columns: readonly ComponentChildren[];
  readonly action?: ComponentChildren | undefined;
}) {
  return (
    <thead class="kern-table__head">
      <tr class="kern-table__row">
        {columns.map((column, index) => (
          <th class="kern-table__header" scope="col" key={index}>
            {column}
          </th>
        ))}
        {action === undefined ? null : (
          <th class="kern-table__header kern-table__header--action" scope="col">
            {action}
          </th>
        )}
      </tr>
    </thead>
  );
}
