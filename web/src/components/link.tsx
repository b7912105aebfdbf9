// Links inside the app navigate without a reload; buttons styled as links are never used for navigation.
import type { ComponentChildren } from 'preact';
import { handleLinkClick } from '../router.ts';

type LinkProps = {
  readonly href: string;
  readonly 'aria-current'?: 'page' | undefined;
  readonly id?: string | undefined;
  readonly class?: string | undefined;
  readonly children: ComponentChildren;
};

export function Link({ href, class: className, children, id, 'aria-current': current }: LinkProps) {
  return (
    <a
      id={id}
      aria-current={current}
      href={href}
      class={className ?? 'kern-link'}
      onClick={(event) => handleLinkClick(event as unknown as MouseEvent, href)}
    >
      {children}
    </a>
  );
}

/** A link that looks like a KERN button (e.g. "Neue Vermittlung"). */
export function ButtonLink({
  href,
  variant = 'primary',
  children,
}: {
  readonly href: string;
  readonly variant?: 'primary' | 'secondary' | 'tertiary' | undefined;
  readonly children: ComponentChildren;
}) {
  return (
    <Link href={href} class={`kern-btn kern-btn--${variant}`}>
      <span class="kern-label">{children}</span>
    </Link>
  );
}
