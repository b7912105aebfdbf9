// The error summary at the top of a form (role alert): one link per problem, each moving the focus to its field.
// It takes the focus itself when it appears, so keyboard and screen-reader users start at the list of problems.
import { useEffect, useRef } from 'preact/hooks';
import { navigate } from '../router.ts';

export type SummaryItem = {
  readonly message: string;
  /** The field's element id on this page. */
  readonly fieldId?: string | undefined;
  /** Or another page of the app that shows the field (e.g. from the check page). */
  readonly href?: string | undefined;
};

export function focusField(id: string): void {
  const element = document.getElementById(id);
  if (element === null) return;
  element.scrollIntoView({ block: 'center' });
  element.focus();
}

export function ErrorSummary({
  items,
  title = 'Bitte prüfen Sie Ihre Angaben',
  focusKey,
}: {
  readonly items: readonly SummaryItem[];
  readonly title?: string | undefined;
  /**
   * The summary takes the focus when this changes (count the submissions that found problems); without it, whenever
   * the list changes. A list that only shrinks as fields are fixed should keep the focus where the person types.
   */
  readonly focusKey?: number | undefined;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = items.map((item) => `${item.fieldId ?? item.href}:${item.message}`).join('|');
  const trigger = focusKey ?? signature;
  const empty = items.length === 0;
  useEffect(() => {
    if (!empty) ref.current?.focus();
  }, [trigger]);
  if (items.length === 0) return null;
  return (
    <div
      class="kern-alert kern-alert--danger lotse-error-summary"
      role="alert"
      tabIndex={-1}
      ref={ref}
      aria-labelledby="fehler-titel"
    >
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 class="kern-title" id="fehler-titel">
          {title}
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {items.map((item) => {
            const href = item.href ?? `#${item.fieldId ?? ''}`;
            return (
              <li key={`${href}:${item.message}`}>
                <a
                  class="kern-link"
                  href={href}
                  onClick={(event) => {
                    event.preventDefault();
                    if (item.href !== undefined) navigate(item.href);
                    else if (item.fieldId !== undefined) focusField(item.fieldId);
                  }}
                >
                  {item.message}
                </a>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
