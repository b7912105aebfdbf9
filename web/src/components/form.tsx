// A form of the app's screens: checked by the app, not the browser (noValidate), submitted without leaving the page.
import type { ComponentChildren } from 'preact';

export function Form({ onSubmit, children }: { readonly onSubmit: () => void; readonly children: ComponentChildren }) {
  return (
    <form
      class="lotse-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
