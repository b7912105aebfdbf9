// The app shell (UI.md "Rules for every page"): skip link, header with the signed-in organization and "Abmelden",
// the current screen in <main>, footer links; and the routing of paths to screens, lazily loaded per role.
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Auth, Session } from './auth.ts';
import { Button } from './components/fields.tsx';
import { Link } from './components/link.tsx';
import { Alert, Loading } from './components/notices.tsx';
import { Page, siteName } from './components/page.tsx';
import type { RuntimeConfig } from './config.ts';
import { App, type AppContext, useApp } from './context.ts';
import { matchPath, navigate, useLocation } from './router.ts';
import { groupOfPath, groupOfRole, type ScreenGroup, type ScreenGroupModule } from './screens.ts';
import { NotFound, SignInReturn, SignInStart, STATIC_PAGES, StaticPage, Welcome } from './shell-screens.tsx';

export type ShellProps = { readonly config: RuntimeConfig; readonly auth: Auth; readonly api: Api };

/** Set by the API client when the session could not be renewed. */
let announceSignedOut: () => void = () => {};
export function sessionExpired(): void {
  announceSignedOut();
}

export function Shell({ config, auth, api }: ShellProps) {
  const [session, setSession] = useState<Session | undefined>(auth.session);
  const [expired, setExpired] = useState(false);
  useEffect(
    () =>
      auth.subscribe(() => {
        setSession(auth.session);
        if (auth.session !== undefined) setExpired(false);
      }),
    [auth],
  );
  useEffect(() => {
    announceSignedOut = () => setExpired(true);
  }, []);
  const context: AppContext = { config, auth, api, session };
  return (
    <App.Provider value={context}>
      <a class="lotse-skip-link kern-link" href="#inhalt">
        Zum Inhalt springen
      </a>
      <Header />
      <main id="inhalt" tabIndex={-1} class="lotse-main">
        <div class="kern-container">
          {expired ? (
            <Alert kind="warning" title="Ihre Anmeldung ist abgelaufen" role="alert">
              <p class="kern-body">
                Melden Sie sich erneut an. Angaben, die Sie noch nicht abgeschickt haben, gehen dabei verloren.
              </p>
              <Button variant="secondary" onClick={() => void auth.signIn(window.location.pathname)}>
                Erneut anmelden
              </Button>
            </Alert>
          ) : null}
          <RouteView />
        </div>
      </main>
      <Footer />
    </App.Provider>
  );
}

function Header() {
  const { config, auth, session } = useApp();
  const navigation = session === undefined ? [] : groupOfRole(session.role).navigation;
  const location = useLocation();
  return (
    <header class="lotse-header">
      <div class="kern-container lotse-header__bar">
        <Link href="/" class="lotse-header__name">
          {siteName(config.municipality.name)}
        </Link>
        {session === undefined ? null : (
          <div class="lotse-header__account">
            <span class="kern-body kern-body--small">
              Angemeldet:{' '}
              <strong>{session.name ?? session.organizationId ?? session.username ?? 'Koordination'}</strong>
            </span>
            <button
              type="button"
              class="kern-btn kern-btn--secondary kern-btn--x-small"
              onClick={() => void auth.signOut()}
            >
              <span class="kern-label">Abmelden</span>
            </button>
          </div>
        )}
      </div>
      {navigation.length === 0 ? null : (
        <nav class="lotse-nav" aria-label="Hauptnavigation">
          <ul class="kern-container">
            {navigation.map((item) => {
              const current =
                item.href === location.path ||
                (location.path.startsWith(`${item.href}/`) &&
                  !navigation.some(
                    (other) =>
                      other.href !== item.href &&
                      location.path.startsWith(other.href) &&
                      other.href.length > item.href.length,
                  ));
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={current ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
    </header>
  );
}

function Footer() {
  return (
    <footer class="lotse-footer">
      <div class="kern-container">
        <ul class="kern-list kern-list--horizontal">
          {STATIC_PAGES.map((page) => (
            <li key={page.path}>
              <Link href={page.path}>{page.title}</Link>
            </li>
          ))}
        </ul>
      </div>
    </footer>
  );
}

const loadedGroups = new Map<ScreenGroup, ScreenGroupModule>();
const loadingGroups = new Map<ScreenGroup, Promise<ScreenGroupModule>>();

function useGroup(group: ScreenGroup | undefined): { module?: ScreenGroupModule; failed: boolean } {
  const [, setVersion] = useState(0);
  const [failed, setFailed] = useState(false);
  const module = group === undefined ? undefined : loadedGroups.get(group);
  useEffect(() => {
    if (group === undefined || loadedGroups.has(group)) return;
    let promise = loadingGroups.get(group);
    if (promise === undefined) {
      promise = group.load();
      loadingGroups.set(group, promise);
    }
    promise.then(
      (loaded) => {
        loadedGroups.set(group, loaded);
        setVersion((version) => version + 1);
      },
      () => {
        loadingGroups.delete(group);
        setFailed(true);
      },
    );
  }, [group]);
  return module === undefined ? { failed } : { module, failed };
}

function RouteView() {
  const { session } = useApp();
  const location = useLocation();
  const { path } = location;
  const group = groupOfPath(path);
  const { module, failed } = useGroup(session !== undefined && group?.role === session.role ? group : undefined);

  if (path === '/') {
    if (session !== undefined) {
      return <Redirect to={groupOfRole(session.role).start} />;
    }
    return <Welcome />;
  }
  if (path === '/anmelden') return <SignInStart returnTo="/" />;
  if (path === '/anmeldung/rueckkehr') return <SignInReturn />;
  const staticPage = STATIC_PAGES.find((page) => page.path === path);
  if (staticPage !== undefined) return <StaticPage page={staticPage} />;
  if (group === undefined) return <NotFound />;
  if (session === undefined) return <SignInStart returnTo={`${path}${window.location.search}`} />;
  if (group.role !== session.role) {
    return (
      <Page title="Kein Zugriff">
        <p class="kern-body">Diese Seite gehört zu einer anderen Rolle. Ihr Konto kann sie nicht öffnen.</p>
        <p class="kern-body">
          <Link href={groupOfRole(session.role).start}>Zu Ihrer Startseite</Link>
        </p>
      </Page>
    );
  }
  if (failed) {
    return (
      <Page title="Seite konnte nicht geladen werden">
        <p class="kern-body">Bitte prüfen Sie die Internetverbindung und laden Sie die Seite neu.</p>
      </Page>
    );
  }
  if (module === undefined) return <Loading />;
  for (const route of module.routes) {
    const params = matchPath(route.path, path);
    if (params !== undefined) {
      const Screen = route.component;
      return <Screen key={`${route.path}`} params={params} />;
    }
  }
  return <NotFound />;
}

function Redirect({ to }: { readonly to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
