// One screen's frame: the document title (`<Seite> – Lotse <Kommune>`, "Fehler: " first while errors show), the
// <h1>, which takes the focus after each navigation, and an optional back link above it.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useApp } from '../context.ts';
import { useLocation } from '../router.ts';
import { Link } from './link.tsx';

export type PageProps = {
  /** The page's name in the title; also the <h1> unless `heading` differs. */
  readonly title: string;
  readonly heading?: ComponentChildren | undefined;
  /** A caption above the heading (e.g. the journey's name). */
  readonly caption?: string | undefined;
  readonly back?: { readonly href: string; readonly label?: string | undefined } | undefined;
  /** True while an error summary shows: the title starts with "Fehler: ". */
  readonly hasErrors?: boolean | undefined;
  readonly children?: ComponentChildren | undefined;
};

export function siteName(municipality: string): string {
  return `Lotse ${municipality}`;
}

export function Page({ title, heading, caption, back, hasErrors = false, children }: PageProps) {
  const { config } = useApp();
  const location = useLocation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    document.title = `${hasErrors ? 'Fehler: ' : ''}${title} – ${siteName(config.municipality.name)}`;
  }, [title, hasErrors, config.municipality.name]);
  // After each navigation the focus starts at the heading, so a screen reader reads the new page from its top.
  useLayoutEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [location.path, location.count]);
  return (
    <>
      {back === undefined ? null : (
        <p class="lotse-back">
          <Link href={back.href}>{back.label ?? 'Zurück'}</Link>
        </p>
      )}
      {caption === undefined ? null : <p class="kern-preline">{caption}</p>}
      <h1 class="kern-heading-large" tabIndex={-1} ref={headingRef}>
        {heading ?? title}
      </h1>
      {children}
    </>
  );
}
