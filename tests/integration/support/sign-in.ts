// Signs in at the local issuer exactly as a browser with the web app would: the authorization request with PKCE, the
// HTML form read and posted back, the redirect followed by hand, the code exchanged for tokens.
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';

export type WebClient = { clientId: string; redirectUris: string[]; logoutUris: string[] };

export type Discovery = {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint: string;
  revocation_endpoint: string;
  jwks_uri: string;
};

export type Tokens = {
  access_token: string;
  id_token?: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
};

export type SignInSetup = { readonly baseUrl: string; readonly webClient: WebClient; readonly discovery: Discovery };

export async function signInSetup(baseUrl: string): Promise<SignInSetup> {
  const resources = (await (await fetch(`${baseUrl}/_local/resources`)).json()) as { webClient: WebClient | null };
  if (resources.webClient === null) throw new Error('the local runtime lists no web client');
  const { issuer } = resources as unknown as { issuer: string };
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Discovery;
  return { baseUrl, webClient: resources.webClient, discovery };
}

export type Pkce = { verifier: string; challenge: string };

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A form of an HTML page as a browser reads it: where it posts to, and its fields' names and values. */
export type HtmlForm = { action: string; fields: Record<string, string> };

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeHtml = (value: string) =>
  value.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

export function readForm(html: string, pageUrl: string): HtmlForm {
  const form = /<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (form === null) throw new Error('the page has no form');
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(input[0])?.[1];
    const value = /\bvalue="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name !== undefined) fields[unescapeHtml(name)] = unescapeHtml(value);
  }
  return { action: new URL(unescapeHtml(form[1] ?? ''), pageUrl).toString(), fields };
}

export type AuthorizationRequest = {
  readonly pkce: Pkce;
  readonly state: string;
  readonly scope?: string;
};

export function authorizationUrl(setup: SignInSetup, request: AuthorizationRequest): string {
  const url = new URL(setup.discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: setup.webClient.clientId,
    redirect_uri: setup.webClient.redirectUris[0] ?? '',
    response_type: 'code',
    code_challenge: request.pkce.challenge,
    code_challenge_method: 'S256',
    state: request.state,
    ...(request.scope === undefined ? {} : { scope: request.scope }),
  }).toString();
  return url.toString();
}

/** Opens the sign-in page and posts its form with the credentials; answers the response, redirects not followed. */
export async function submitSignIn(
  setup: SignInSetup,
  request: AuthorizationRequest,
  credentials: { username: string; password: string },
): Promise<{ page: Response; pageHtml: string; answer: Response }> {
  const pageUrl = authorizationUrl(setup, request);
  const page = await fetch(pageUrl, { redirect: 'manual' });
  const pageHtml = await page.text();
  const form = readForm(pageHtml, pageUrl);
  const answer = await fetch(form.action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(pageUrl).origin },
    body: new URLSearchParams({ ...form.fields, ...credentials }).toString(),
  });
  return { page, pageHtml, answer };
}

export async function tokenRequest(setup: SignInSetup, parameters: Record<string, string>): Promise<Response> {
  return fetch(setup.discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: setup.webClient.clientId, ...parameters }).toString(),
  });
}

/** Signs in and exchanges the code: the tokens, or an error naming the step that failed. */
export async function signIn(setup: SignInSetup, username: string, password: string): Promise<Tokens> {
  const request = { pkce: pkce(), state: randomBytes(16).toString('base64url') };
  const { answer } = await submitSignIn(setup, request, { username, password });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || location === null) throw new Error(`sign-in of ${username} answered ${answer.status}`);
  const code = new URL(location).searchParams.get('code') ?? '';
  const response = await tokenRequest(setup, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: setup.webClient.redirectUris[0] ?? '',
    code_verifier: request.pkce.verifier,
  });
  if (response.status !== 200) throw new Error(`code exchange answered ${response.status} ${await response.text()}`);
  return (await response.json()) as Tokens;
}

/** The role scopes (`lotse/…`) of an access token. */
export function roleScopes(accessToken: string): string[] {
  return String(decodeJwt(accessToken).scope ?? '')
    .split(' ')
    .filter((scope) => scope.startsWith('lotse/'));
}
