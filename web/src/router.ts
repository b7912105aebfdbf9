// The client router: history-based navigation over the paths of UI.md, a hook for the current path, and links that
// navigate without a reload (a reload would lose the in-memory session and draft).
import { useEffect, useState } from 'preact/hooks';

type Listener = () => void;
const listeners = new Set<Listener>();
/** Counts navigations, so that a screen shown again at the same path still sees a new one. */
let navigationCount = 0;

function notify(): void {
  navigationCount += 1;
  for (const listener of listeners) listener();
}

let lastAddress = `${window.location.pathname}${window.location.search}`;

// Back and forward; a jump to an anchor of the same page (the skip link) is no navigation.
window.addEventListener('popstate', () => {
  const address = `${window.location.pathname}${window.location.search}`;
  if (address === lastAddress) return;
  lastAddress = address;
  notify();
});

/** Goes to an app path (with optional query); `replace` keeps the history entry count (redirects). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const current = `${window.location.pathname}${window.location.search}`;
  if (path === current && !options.replace) {
    notify();
    return;
  }
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  lastAddress = `${window.location.pathname}${window.location.search}`;
  window.scrollTo(0, 0);
  notify();
}

export type Location = { readonly path: string; readonly query: URLSearchParams; readonly count: number };

function current(): Location {
  return {
    path: window.location.pathname.replace(/(.)\/+$/, '$1'),
    query: new URLSearchParams(window.location.search),
    count: navigationCount,
  };
}

/** The current location; re-renders on every navigation. */
export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const listener = () => setLocation(current());
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return location;
}

/** Matches a path against a pattern with `:name` parameters; the parameters, or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${source}$`).exec(path);
  if (match === null) return undefined;
  return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
}

/** A click that the app handles itself: a plain left click on a same-origin link. */
export function handleLinkClick(event: MouseEvent, href: string): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  ) {
    return;
  }
  const url = new URL(href, window.location.origin);
  if (url.origin !== window.location.origin) return;
  event.preventDefault();
  navigate(`${url.pathname}${url.search}`);
}
