// The screens every visitor may see: the welcome page, the sign-in start and return, the footer's pages, not found.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { SignInFailed } from './auth.ts';
import { Button } from './components/fields.tsx';
import { Link } from './components/link.tsx';
import { Alert } from './components/notices.tsx';
import { Page } from './components/page.tsx';
import { useApp } from './context.ts';
import { navigate } from './router.ts';
import { groupOfRole } from './screens.ts';

export function Welcome() {
  const { config } = useApp();
  return (
    <Page title="Willkommen" heading={`Willkommen bei Lotse ${config.municipality.name}`}>
      <p class="kern-body kern-body--large">
        Mit Lotse vermitteln Fachkräfte Familien an das Familienbüro. Das Familienbüro meldet sich bei der Familie und
        hilft ihr, passende Unterstützung zu finden.
      </p>
      <p class="kern-body">
        <Link href="/anmelden" class="kern-btn kern-btn--primary">
          <span class="kern-label">Anmelden</span>
        </Link>
      </p>
    </Page>
  );
}

/** Starts the sign-in at once; the page shows only while the browser leaves for the sign-in form. */
export function SignInStart({ returnTo }: { readonly returnTo: string }) {
  const { auth } = useApp();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    auth.signIn(returnTo).catch(() => setFailed(true));
  }, [auth, returnTo]);
  return (
    <Page title="Anmelden">
      {failed ? (
        <Alert kind="danger" title="Die Anmeldung ist gerade nicht erreichbar" role="alert">
          <p class="kern-body">Bitte versuchen Sie es in ein paar Minuten noch einmal.</p>
          <Button variant="secondary" onClick={() => window.location.reload()}>
            Noch einmal versuchen
          </Button>
        </Alert>
      ) : (
        <p class="kern-body" role="status">
          Sie werden zur Anmeldung weitergeleitet …
        </p>
      )}
    </Page>
  );
}

export function SignInReturn() {
  const { auth } = useApp();
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    let active = true;
    auth.completeSignIn(new URL(window.location.href)).then(
      (returnTo) => {
        const session = auth.session;
        if (!active || session === undefined) return;
        const start = groupOfRole(session.role).start;
        navigate(returnTo === '/' ? start : returnTo, { replace: true });
      },
      (error: unknown) => {
        if (!active) return;
        // The code is single-use: the address no longer helps, so it leaves the history.
        window.history.replaceState(null, '', '/anmeldung/rueckkehr');
        setProblem(error instanceof SignInFailed ? error.message : 'Die Anmeldung konnte nicht abgeschlossen werden.');
      },
    );
    return () => {
      active = false;
    };
  }, [auth]);
  if (problem === undefined) {
    return (
      <Page title="Anmeldung">
        <p class="kern-body" role="status">
          Sie werden angemeldet …
        </p>
      </Page>
    );
  }
  return (
    <Page title="Anmeldung fehlgeschlagen">
      <Alert kind="danger" title="Sie sind nicht angemeldet" role="alert">
        <p class="kern-body">{problem}</p>
      </Alert>
      <p class="kern-body">
        <Link href="/anmelden">Erneut anmelden</Link>
      </p>
    </Page>
  );
}

export function NotFound() {
  return (
    <Page title="Seite nicht gefunden">
      <p class="kern-body">Diese Adresse gibt es in Lotse nicht. Vielleicht hat sie sich geändert.</p>
      <p class="kern-body">
        <Link href="/">Zur Startseite</Link>
      </p>
    </Page>
  );
}

export type StaticPageDefinition = {
  readonly path: string;
  readonly title: string;
  readonly body: (municipality: string) => ComponentChildren;
};

export const STATIC_PAGES: readonly StaticPageDefinition[] = [
  {
    path: '/barrierefreiheit',
    title: 'Barrierefreiheit',
    body: (municipality) => (
      <>
        <p class="kern-body">
          Die Stadt {municipality} möchte Lotse für alle Menschen gut nutzbar machen. Lotse soll die Web Content
          Accessibility Guidelines (WCAG) 2.2 auf Stufe AA erfüllen. Das geht über die
          Barrierefreie-Informationstechnik- Verordnung (BITV 2.0) hinaus.
        </p>
        <h2 class="kern-heading-medium">Was wir prüfen</h2>
        <ul class="kern-list kern-list--bullet">
          <li>Jede Seite lässt sich ganz mit der Tastatur bedienen.</li>
          <li>Jede Seite wird automatisch auf Barrieren geprüft.</li>
          <li>Fehler in Formularen stehen oben in einer Liste und direkt am Feld.</li>
        </ul>
        <h2 class="kern-heading-medium">Barrieren melden</h2>
        <p class="kern-body">
          Wenn Sie auf eine Barriere stoßen, schreiben Sie bitte der Koordination der Präventionskette in {municipality}
          . Wir antworten innerhalb von sechs Wochen.
        </p>
      </>
    ),
  },
  {
    path: '/datenschutz',
    title: 'Datenschutz',
    body: (municipality) => (
      <>
        <p class="kern-body">
          Verantwortlich für die Daten in Lotse ist die Stadt {municipality}. Lotse speichert nur, was für die
          Vermittlung einer Familie an das Familienbüro nötig ist, und nur mit der Einwilligung der Familie.
        </p>
        <ul class="kern-list kern-list--bullet">
          <li>Ihr Browser speichert keine Angaben zu Familien. Schließen Sie den Tab, ist ein Entwurf weg.</li>
          <li>Zieht eine Familie ihre Einwilligung zurück, löscht Lotse ihre Daten sofort.</li>
          <li>Nach Abschluss eines Falls löscht Lotse die Daten der Familie nach einer festen Frist.</li>
          <li>Auswertungen zeigen nur Zahlen. Zahlen unter 5 werden nicht gezeigt.</li>
        </ul>
      </>
    ),
  },
  {
    path: '/impressum',
    title: 'Impressum',
    body: (municipality) => (
      <>
        <p class="kern-body">Lotse wird betrieben von der Stadt {municipality}.</p>
        <p class="kern-body">
          Fragen zu Lotse beantwortet die Koordination der Präventionskette der Stadt {municipality}.
        </p>
      </>
    ),
  },
];

export function StaticPage({ page }: { readonly page: StaticPageDefinition }) {
  const { config } = useApp();
  return <Page title={page.title}>{page.body(config.municipality.name)}</Page>;
}
