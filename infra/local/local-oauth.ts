// The local issuer's OAuth 2.0 / OpenID Connect endpoints, as Cognito's user pool domain serves them: discovery and
// keys, /oauth2/authorize (the sign-in form; code + PKCE S256), /oauth2/token (authorization_code, refresh_token,
// client_credentials), /oauth2/revoke and /logout. Every token passes through the pool's pre-token-generation trigger.
import type { IncomingHttpHeaders } from 'node:http';
import type { InvokeOutcome } from './function-pool.ts';
import type { HttpResponse } from './http-api-event.ts';
import type { LocalIssuer } from './local-issuer.ts';
import type { AppClient, LocalUserPool, PoolUser, Session } from './local-user-pool.ts';
import { errorPage, signInPage } from './sign-in-page.ts';
import {
  customizedClaims,
  customizedScopes,
  InvalidTriggerResponse,
  NO_CUSTOMIZATION,
  readTokenCustomization,
  type TokenCustomization,
  type TokenGenerationSource,
  type TriggerVersion,
  tokenGenerationEvent,
  triggerApplies,
} from './token-customization.ts';

export type PreTokenGenerationTrigger = {
  /** The function's local name, for log lines. */
  readonly functionName: string;
  readonly version: TriggerVersion;
  invoke(event: unknown): Promise<InvokeOutcome>;
};

export type LocalOAuthOptions = {
  readonly pool: LocalUserPool;
  readonly issuer: LocalIssuer;
  readonly trigger?: PreTokenGenerationTrigger;
  readonly region: string;
  /** `Lotse <Kommune>`, for page titles. */
  readonly siteName: string;
  readonly log: (line: string) => void;
};

export type OAuthRequest = {
  readonly method: string;
  /** The path below the issuer, e.g. `/oauth2/token`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
};

export type LocalOAuth = {
  /** The discovery document (`/.well-known/openid-configuration`). */
  discovery(): Record<string, unknown>;
  /** Answers a request to one of the issuer's endpoints; undefined for a path that is none of them. */
  handle(request: OAuthRequest): Promise<HttpResponse | undefined>;
};

const FORM_TYPE = 'application/x-www-form-urlencoded';
/** The endpoints a browser app calls with fetch (the others it navigates to). */
const CORS_PATHS = new Set([
  '/.well-known/openid-configuration',
  '/.well-known/jwks.json',
  '/oauth2/token',
  '/oauth2/revoke',
]);
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...NO_STORE, ...headers },
    cookies: [],
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** An OAuth error answer of the token and revocation endpoints (RFC 6749 §5.2). */
function oauthError(error: string, description: string, statusCode = 400, headers: Record<string, string> = {}) {
  return json(statusCode, { error, error_description: description }, headers);
}

function redirect(location: string): HttpResponse {
  return { statusCode: 302, headers: { location, ...NO_STORE }, cookies: [], body: Buffer.alloc(0) };
}

function methodNotAllowed(allowed: string): HttpResponse {
  return json(405, { error: 'invalid_request', error_description: `use ${allowed}` }, { allow: allowed });
}

/** A PKCE S256 challenge: base64url of a SHA-256 digest, 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

function mediaType(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Form parameters; undefined when one is given twice (RFC 6749 §3.1, §3.2) or the body is no form. */
function formParameters(request: OAuthRequest): URLSearchParams | undefined {
  if (mediaType(request.headers) !== FORM_TYPE) return undefined;
  return singleValued(new URLSearchParams(request.body.toString('utf8')));
}

function singleValued(parameters: URLSearchParams): URLSearchParams | undefined {
  const names = [...parameters.keys()];
  return new Set(names).size === names.length ? parameters : undefined;
}

function scopesOf(value: string | null): string[] {
  return (value ?? '').split(' ').filter((scope) => scope.length > 0);
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined | 'malformed' {
  if (header === undefined) return undefined;
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return /^basic\b/i.test(header) ? 'malformed' : undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  const formDecoded = (value: string) => {
    try {
      return decodeURIComponent(value.replaceAll('+', ' '));
    } catch {
      return undefined;
    }
  };
  const id = formDecoded(decoded.slice(0, colon));
  const secret = formDecoded(decoded.slice(colon + 1));
  return id === undefined || secret === undefined ? 'malformed' : { id, secret };
}

type ClientCheck =
  | { readonly ok: true; readonly client: AppClient; readonly confidential: boolean }
  | { readonly ok: false; readonly response: HttpResponse };

/** The trigger failed or answered malformed: no token (Cognito refuses the request as well). */
class TriggerFailed extends Error {}

export function createLocalOAuth(options: LocalOAuthOptions): LocalOAuth {
  const { pool, issuer, trigger, log, siteName } = options;
  const issuerPath = new URL(issuer.issuer).pathname;
  const endpoint = (path: string) => `${issuer.issuer}${path}`;

  function discovery(): Record<string, unknown> {
    return {
      issuer: issuer.issuer,
      authorization_endpoint: endpoint('/oauth2/authorize'),
      token_endpoint: endpoint('/oauth2/token'),
      revocation_endpoint: endpoint('/oauth2/revoke'),
      end_session_endpoint: endpoint('/logout'),
      jwks_uri: endpoint('/.well-known/jwks.json'),
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      scopes_supported: [...pool.scopes],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
  }

  // ---- /oauth2/authorize ----

  type AuthorizeCheck =
    | {
        readonly ok: true;
        readonly client: AppClient;
        readonly redirectUri: string;
        readonly codeChallenge: string;
        readonly scopes: readonly string[];
        readonly state: string | undefined;
      }
    | { readonly ok: false; readonly response: HttpResponse };

  function redirectOrigins(client: AppClient): string[] {
    return client.callbackUrls.flatMap((url) => {
      try {
        return [new URL(url).origin];
      } catch {
        return [];
      }
    });
  }

  /**
   * Checks an authorization request. Until the client and its redirect URI are known good, an error is a page and
   * never a redirect; after that, errors go back to the application (RFC 6749 §4.1.2.1) with the state.
   */
  function checkAuthorization(parameters: URLSearchParams): AuthorizeCheck {
    const client = pool.client(parameters.get('client_id') ?? '');
    if (client === undefined || !client.flows.includes('code')) {
      return {
        ok: false,
        response: errorPage(siteName, 'Die Anwendung, die Sie angemeldet haben möchte, ist unbekannt.'),
      };
    }
    const redirectUri = parameters.get('redirect_uri') ?? '';
    if (!client.callbackUrls.includes(redirectUri)) {
      return {
        ok: false,
        response: errorPage(siteName, 'Die Rücksprungadresse der Anwendung ist nicht für sie eingetragen.'),
      };
    }
    const state = parameters.get('state') ?? undefined;
    const refuse = (error: string, description: string): AuthorizeCheck => {
      const location = new URL(redirectUri);
      location.searchParams.set('error', error);
      location.searchParams.set('error_description', description);
      if (state !== undefined) location.searchParams.set('state', state);
      return { ok: false, response: redirect(location.toString()) };
    };
    if (parameters.get('response_type') !== 'code') {
      return refuse('unsupported_response_type', 'response_type must be code');
    }
    const codeChallenge = parameters.get('code_challenge') ?? '';
    if (parameters.get('code_challenge_method') !== 'S256' || !S256_CHALLENGE.test(codeChallenge)) {
      return refuse('invalid_request', 'PKCE is required: code_challenge with code_challenge_method S256');
    }
    const requested = scopesOf(parameters.get('scope'));
    const unknown = requested.filter((scope) => !client.scopes.includes(scope));
    if (unknown.length > 0) return refuse('invalid_scope', `scope not allowed for this client: ${unknown.join(' ')}`);
    const scopes = requested.length > 0 ? [...new Set(requested)] : [...client.scopes];
    return { ok: true, client, redirectUri, codeChallenge, scopes, state };
  }

  function form(check: Extract<AuthorizeCheck, { ok: true }>, failed: boolean, username?: string) {
    return signInPage({
      action: `${issuerPath}/oauth2/authorize`,
      request: {
        client_id: check.client.clientId,
        redirect_uri: check.redirectUri,
        response_type: 'code',
        code_challenge: check.codeChallenge,
        code_challenge_method: 'S256',
        scope: check.scopes.join(' '),
        ...(check.state === undefined ? {} : { state: check.state }),
      },
      failed,
      ...(username === undefined ? {} : { username }),
      redirectOrigins: redirectOrigins(check.client),
      siteName,
    });
  }

  function showSignIn(request: OAuthRequest): HttpResponse {
    const parameters = singleValued(request.query);
    if (parameters === undefined) return errorPage(siteName, 'Die Anmeldeanfrage enthält einen Parameter doppelt.');
    const check = checkAuthorization(parameters);
    return check.ok ? form(check, false) : check.response;
  }

  function signIn(request: OAuthRequest): HttpResponse {
    const parameters = formParameters(request);
    if (parameters === undefined) return errorPage(siteName, 'Die Anmeldung wurde nicht als Formular gesendet.');
    // The hidden fields come back from the browser: checked again as if they were a new request.
    const check = checkAuthorization(parameters);
    if (!check.ok) return check.response;
    const username = parameters.get('username') ?? '';
    const user = pool.signIn(username.trim(), parameters.get('password') ?? '');
    if (user === undefined) return form(check, true, username);
    const code = pool.issueCode({
      clientId: check.client.clientId,
      redirectUri: check.redirectUri,
      codeChallenge: check.codeChallenge,
      username: user.username,
      scopes: check.scopes,
    });
    const location = new URL(check.redirectUri);
    location.searchParams.set('code', code);
    if (check.state !== undefined) location.searchParams.set('state', check.state);
    return redirect(location.toString());
  }

  // ---- client authentication (token and revocation endpoints) ----

  function authenticate(request: OAuthRequest, parameters: URLSearchParams): ClientCheck {
    const basic = basicCredentials(request.headers.authorization);
    const bodyId = parameters.get('client_id') ?? undefined;
    const bodySecret = parameters.get('client_secret') ?? undefined;
    const unauthorized = (description: string, challenge: boolean): ClientCheck => ({
      ok: false,
      response: oauthError(
        'invalid_client',
        description,
        401,
        challenge ? { 'www-authenticate': 'Basic realm="lotse-local"' } : {},
      ),
    });
    if (basic === 'malformed') return unauthorized('malformed Basic credentials', true);
    if (basic !== undefined) {
      if (bodySecret !== undefined) {
        return { ok: false, response: oauthError('invalid_request', 'use one client authentication method only') };
      }
      if (bodyId !== undefined && bodyId !== basic.id)
        return unauthorized('client_id differs from the credentials', true);
      const client = pool.authenticateClient(basic.id, basic.secret);
      return client === undefined
        ? unauthorized('client authentication failed', true)
        : { ok: true, client, confidential: true };
    }
    if (bodyId === undefined) return unauthorized('client authentication is required', true);
    if (bodySecret !== undefined) {
      const client = pool.authenticateClient(bodyId, bodySecret);
      return client === undefined
        ? unauthorized('client authentication failed', false)
        : { ok: true, client, confidential: true };
    }
    // A public client (the web app) names itself; a client with a secret must prove it.
    const client = pool.client(bodyId);
    if (client === undefined || client.secret !== undefined) return unauthorized('client authentication failed', true);
    return { ok: true, client, confidential: false };
  }

  // ---- tokens ----

  async function customization(
    source: TokenGenerationSource,
    clientId: string,
    scopes: readonly string[],
    user?: PoolUser,
  ): Promise<TokenCustomization> {
    if (trigger === undefined || !triggerApplies(trigger.version, source)) return NO_CUSTOMIZATION;
    const event = tokenGenerationEvent({
      version: trigger.version,
      source,
      region: options.region,
      userPoolId: pool.id,
      clientId,
      ...(user === undefined ? {} : { user }),
      scopes,
    });
    const outcome = await trigger.invoke(event);
    if (!outcome.ok) {
      log(`[issuer] pre-token-generation trigger ${trigger.functionName} failed: ${outcome.errorType}`);
      throw new TriggerFailed();
    }
    try {
      return readTokenCustomization(outcome.result);
    } catch (error) {
      if (!(error instanceof InvalidTriggerResponse)) throw error;
      log(`[issuer] pre-token-generation trigger ${trigger.functionName} answered malformed: ${error.message}`);
      throw new TriggerFailed();
    }
  }

  /** A person's attributes as ID token claims (`email_verified` as a boolean, as Cognito writes it). */
  function idClaims(user: PoolUser): Record<string, unknown> {
    const claims: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(user.attributes)) {
      if (name === 'sub') continue;
      claims[name] = name.endsWith('_verified') ? value === 'true' : value;
    }
    return claims;
  }

  async function personTokens(session: Session, source: TokenGenerationSource, refreshToken: string | undefined) {
    const { user } = session;
    const client = pool.client(session.clientId);
    if (client === undefined) return oauthError('invalid_client', 'the client no longer exists', 401);
    const changes = await customization(source, client.clientId, session.scopes, user);
    const groups = changes.groupsToOverride ?? user.groups;
    const subject = user.attributes.sub ?? user.username;
    const accessToken = await issuer.mintAccessToken({
      subject,
      clientId: client.clientId,
      scopes: customizedScopes(session.scopes, changes),
      claims: customizedClaims({}, changes.accessToken),
      username: user.username,
      groups,
      authTime: session.authTime,
      expiresInSeconds: client.accessTokenSeconds,
    });
    const idToken = session.scopes.includes('openid')
      ? await issuer.mintIdToken({
          subject,
          clientId: client.clientId,
          username: user.username,
          claims: customizedClaims(idClaims(user), changes.idToken),
          groups,
          authTime: session.authTime,
          expiresInSeconds: client.idTokenSeconds,
        })
      : undefined;
    const rotated =
      refreshToken ??
      pool.issueRefreshToken({
        username: user.username,
        clientId: client.clientId,
        scopes: session.scopes,
        authTime: session.authTime,
      });
    return json(200, {
      access_token: accessToken,
      ...(idToken === undefined ? {} : { id_token: idToken }),
      refresh_token: rotated,
      token_type: 'Bearer',
      expires_in: client.accessTokenSeconds,
    });
  }

  async function clientToken(client: AppClient, parameters: URLSearchParams) {
    const requested = scopesOf(parameters.get('scope'));
    const unknown = requested.filter((scope) => !client.scopes.includes(scope));
    if (unknown.length > 0)
      return oauthError('invalid_scope', `scope not allowed for this client: ${unknown.join(' ')}`);
    const scopes = requested.length > 0 ? [...new Set(requested)] : [...client.scopes];
    const changes = await customization('TokenGeneration_ClientCredentials', client.clientId, scopes);
    const accessToken = await issuer.mintAccessToken({
      subject: client.clientId,
      clientId: client.clientId,
      scopes: customizedScopes(scopes, changes),
      claims: customizedClaims({}, changes.accessToken),
      authTime: Math.floor(Date.now() / 1000),
      expiresInSeconds: client.accessTokenSeconds,
    });
    return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: client.accessTokenSeconds });
  }

  async function token(request: OAuthRequest): Promise<HttpResponse> {
    const parameters = formParameters(request);
    if (parameters === undefined) {
      return oauthError('invalid_request', `the body must be ${FORM_TYPE} with each parameter once`);
    }
    const grantType = parameters.get('grant_type');
    if (grantType === null) return oauthError('invalid_request', 'grant_type is required');
    const authenticated = authenticate(request, parameters);
    if (!authenticated.ok) return authenticated.response;
    const { client, confidential } = authenticated;
    try {
      switch (grantType) {
        case 'authorization_code': {
          if (!client.flows.includes('code'))
            return oauthError('unauthorized_client', 'the client may not use this grant');
          const code = parameters.get('code');
          const redirectUri = parameters.get('redirect_uri');
          const codeVerifier = parameters.get('code_verifier');
          if (code === null || redirectUri === null || codeVerifier === null) {
            return oauthError('invalid_request', 'code, redirect_uri and code_verifier are required');
          }
          const session = pool.redeemCode({ code, clientId: client.clientId, redirectUri, codeVerifier });
          if (session === undefined)
            return oauthError('invalid_grant', 'the code is invalid, used, expired or not yours');
          return await personTokens(session, 'TokenGeneration_HostedAuth', undefined);
        }
        case 'refresh_token': {
          const refreshToken = parameters.get('refresh_token');
          if (refreshToken === null) return oauthError('invalid_request', 'refresh_token is required');
          const session = pool.rotateRefreshToken(refreshToken, client.clientId);
          if (session === undefined) return oauthError('invalid_grant', 'the refresh token is invalid or revoked');
          return await personTokens(session, 'TokenGeneration_RefreshTokens', session.refreshToken);
        }
        case 'client_credentials': {
          if (!confidential || !client.flows.includes('client_credentials')) {
            return oauthError('unauthorized_client', 'the client may not use this grant');
          }
          return await clientToken(client, parameters);
        }
        default:
          return oauthError('unsupported_grant_type', `grant_type ${grantType} is not supported`);
      }
    } catch (error) {
      if (!(error instanceof TriggerFailed)) throw error;
      return oauthError('temporarily_unavailable', 'the token service could not issue a token; try again', 503, {
        'retry-after': '1',
      });
    }
  }

  function revoke(request: OAuthRequest): HttpResponse {
    const parameters = formParameters(request);
    if (parameters === undefined) {
      return oauthError('invalid_request', `the body must be ${FORM_TYPE} with each parameter once`);
    }
    const refreshToken = parameters.get('token');
    if (refreshToken === null) return oauthError('invalid_request', 'token is required');
    const authenticated = authenticate(request, parameters);
    if (!authenticated.ok) return authenticated.response;
    if (pool.revokeRefreshToken(refreshToken, authenticated.client.clientId) === 'other-client') {
      return oauthError('unauthorized_client', 'the token was issued to another client');
    }
    return { statusCode: 200, headers: { ...NO_STORE }, cookies: [], body: Buffer.alloc(0) };
  }

  function logout(request: OAuthRequest): HttpResponse {
    const client = pool.client(request.query.get('client_id') ?? '');
    const logoutUri = request.query.get('logout_uri') ?? '';
    if (client === undefined || !client.logoutUrls.includes(logoutUri)) {
      return errorPage(
        siteName,
        'Die Abmeldung kann nicht zur Anwendung zurückkehren: ihre Adresse ist nicht eingetragen.',
      );
    }
    return redirect(logoutUri);
  }

  /**
   * Browser apps call discovery, keys, token and revocation across origins (the web app opened as localhost reaches
   * the issuer named by 127.0.0.1), as Cognito's domain allows: origins of registered redirect URIs only.
   */
  function withCors(request: OAuthRequest, response: HttpResponse | undefined): HttpResponse | undefined {
    const origin = request.headers.origin;
    if (response === undefined || origin === undefined || !CORS_PATHS.has(request.path)) return response;
    const allowed = pool.clients.some((client) => redirectOrigins(client).includes(origin));
    if (!allowed) return response;
    return { ...response, headers: { ...response.headers, 'access-control-allow-origin': origin, vary: 'Origin' } };
  }

  function preflight(request: OAuthRequest): HttpResponse | undefined {
    if (request.method !== 'OPTIONS' || !CORS_PATHS.has(request.path)) return undefined;
    return {
      statusCode: 204,
      headers: {
        'access-control-allow-methods': request.path.startsWith('/oauth2/') ? 'POST' : 'GET',
        'access-control-allow-headers': 'content-type, authorization, dpop',
        'access-control-max-age': '600',
      },
      cookies: [],
      body: Buffer.alloc(0),
    };
  }

  return {
    discovery,
    async handle(request) {
      return withCors(request, preflight(request) ?? (await answer(request)));
    },
  };

  async function answer(request: OAuthRequest): Promise<HttpResponse | undefined> {
    const { method, path } = request;
    switch (path) {
      case '/.well-known/openid-configuration':
        return method === 'GET' ? json(200, discovery(), { 'cache-control': 'max-age=60' }) : methodNotAllowed('GET');
      case '/.well-known/jwks.json':
        return method === 'GET' ? json(200, issuer.jwks, { 'cache-control': 'max-age=60' }) : methodNotAllowed('GET');
      case '/oauth2/authorize':
        if (method === 'GET') return showSignIn(request);
        return method === 'POST' ? signIn(request) : methodNotAllowed('GET, POST');
      case '/oauth2/token':
        return method === 'POST' ? token(request) : methodNotAllowed('POST');
      case '/oauth2/revoke':
        return method === 'POST' ? revoke(request) : methodNotAllowed('POST');
      case '/logout':
        return method === 'GET' ? logout(request) : methodNotAllowed('GET');
      default:
        return undefined;
    }
  }
}
