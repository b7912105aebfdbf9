// The local issuer's pages: the German sign-in form (what Cognito's managed login is in the cloud) and the page for a
// request it cannot send back to the application. Plain HTML, no script, no inline style, a strict CSP.
import type { HttpResponse } from './http-api-event.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** The one message for a wrong password, an unknown or a disabled account: which one it was is not told. */
export const SIGN_IN_FAILED = 'Benutzername oder Passwort ist falsch, oder das Konto ist gesperrt.';

function page(statusCode: number, title: string, main: string, formTargets: readonly string[]): HttpResponse {
  const html = `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
  // Chromium checks form-action against the redirect that answers the form too: the registered redirect URIs' origins.
  const formAction = ["'self'", ...new Set(formTargets)].join(' ');
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    },
    cookies: [],
    body: Buffer.from(html),
  };
}

export type SignInForm = {
  /** The form's action: the issuer's authorize endpoint. */
  readonly action: string;
  /** The authorization request, carried in hidden fields from the GET to the POST. */
  readonly request: Readonly<Record<string, string>>;
  /** What the person typed as user name, shown again after a failed attempt (never the password). */
  readonly username?: string;
  readonly failed: boolean;
  /** Where the answer to the form may redirect (origins of the client's redirect URIs). */
  readonly redirectOrigins: readonly string[];
  /** `Lotse <Kommune>`, for the page title. */
  readonly siteName: string;
};

export function signInPage(form: SignInForm): HttpResponse {
  const hidden = Object.entries(form.request)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const invalid = form.failed ? ' aria-invalid="true" aria-describedby="anmeldung-fehler"' : '';
  const alert = form.failed
    ? `<div id="anmeldung-fehler" role="alert"><p>${escapeHtml(SIGN_IN_FAILED)}</p></div>\n`
    : '';
  const main = `<h1>Anmelden</h1>
<p>Melden Sie sich mit Ihrem Benutzernamen oder Ihrer E-Mail-Adresse und Ihrem Passwort an.</p>
${alert}<form method="post" action="${escapeHtml(form.action)}">
${hidden}
<p>
<label for="username">Benutzername oder E-Mail</label><br>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(form.username ?? '')}"${invalid}>
</p>
<p>
<label for="password">Passwort</label><br>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
</p>
<p><button type="submit">Anmelden</button></p>
</form>`;
  return page(form.failed ? 400 : 200, `Anmelden – ${form.siteName}`, main, form.redirectOrigins);
}

/** A request the issuer must not redirect anywhere (unknown client, unregistered URI): a page, status 400. */
export function errorPage(siteName: string, message: string): HttpResponse {
  const main = `<h1>Anmeldung nicht möglich</h1>
<div role="alert"><p>${escapeHtml(message)}</p></div>
<p>Bitte öffnen Sie die Anwendung erneut und melden Sie sich von dort aus an.</p>`;
  return page(400, `Anmeldung nicht möglich – ${siteName}`, main, []);
}
