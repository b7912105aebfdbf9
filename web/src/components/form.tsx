// A form of the app's screens: checked by the app, not the browser (noValidate), submitted without leaving the page.
import type { ComponentChildren } from 'preact';

export function Form({
  class: className = 'lotse-form',
  labelledBy,
  onSubmit,
  children,
}: {
  readonly class?: string | undefined;
  /** The id of the heading that names the form. */
  readonly labelledBy?: string | undefined;
  readonly onSubmit: () => void;
  readonly children: ComponentChildren;
}) {
  return (
    <form
      class={className}
      noValidate
      aria-labelledby={labelledBy}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
