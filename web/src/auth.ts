// Sign-in with the authorization code grant and PKCE (S256) through oauth4webapi, against Cognito's managed login or
// the local issuer. Tokens live in this module's memory only: a reload or a closed tab ends the session in the app.
// Only the PKCE verifier, the state and the path to return to survive the trip to the sign-in page, in
// sessionStorage, and are removed on return: none of them is personal.
import * as oauth from 'oauth4webapi';
import type { RuntimeConfig } from './config.ts';

export type Role = 'referrer' | 'office' | 'coordinator';

export type Session = {
  readonly role: Role;
  /** `institution_id` (referrer) or `office_id` (office); null for the coordinator. */
  readonly organizationId: string | null;
  /** The signed-in person's (or seeded account's) name from the ID token, when it carries one. */
  readonly name: string | null;
  readonly email: string | null;
  readonly username: string | null;
};

/** What the person can do after sign-in failed: the reason, in German. */
export class SignInFailed extends Error {}

const PENDING_KEY = 'lotse.signin';
const SCOPES = 'openid email profile lotse/referrer lotse/office lotse/coordinator';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

type Pending = { readonly verifier: string; readonly state: string; readonly returnTo: string };

type Tokens = {
  accessToken: string;
  refreshToken: string | undefined;
  expiresAt: number;
};

function decodePayload(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  const base64 = part.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** The role of an access token: its one role scope (`lotse/<role>`), as the API reads it. */
export function sessionOf(accessToken: string, idToken: string | undefined): Session | undefined {
  const claims = decodePayload(accessToken);
  const scopes = String(claims.scope ?? '').split(' ');
  const role = (['referrer', 'office', 'coordinator'] as const).find((candidate) =>
    scopes.includes(`lotse/${candidate}`),
  );
  if (role === undefined) return undefined;
  const organization = claims.institution_id ?? claims.office_id;
  const identity = idToken === undefined ? {} : decodePayload(idToken);
  return {
    role,
    organizationId: typeof organization === 'string' ? organization : null,
    name: typeof identity.name === 'string' ? identity.name : null,
    email: typeof identity.email === 'string' ? identity.email : null,
    username:
      typeof claims.username === 'string'
        ? claims.username
        : typeof identity['cognito:username'] === 'string'
          ? (identity['cognito:username'] as string)
          : null,
  };
}

export class Auth {
  readonly #config: RuntimeConfig;
  readonly #client: oauth.Client;
  readonly #clientAuth = oauth.None();
  readonly #options: { [oauth.allowInsecureRequests]?: boolean };
  #server: oauth.AuthorizationServer | undefined;
  #tokens: Tokens | undefined;
  #session: Session | undefined;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #refreshing: Promise<boolean> | undefined;
  /** Set once the browser is on its way to the logout: no sign-in starts any more. */
  #leaving = false;
  readonly #listeners = new Set<() => void>();

  constructor(config: RuntimeConfig) {
    this.#config = config;
    this.#client = { client_id: config.clientId };
    const authority = new URL(config.authority);
    // Plain http only for the local issuer on this machine.
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(authority.hostname);
    this.#options = authority.protocol === 'http:' && loopback ? { [oauth.allowInsecureRequests]: true } : {};
  }

  get session(): Session | undefined {
    return this.#session;
  }

  /** Called when the session starts or ends. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get redirectUri(): string {
    return new URL(this.#config.redirectPath, window.location.origin).toString();
  }

  async #authorizationServer(): Promise<oauth.AuthorizationServer> {
    if (this.#server !== undefined) return this.#server;
    const issuer = new URL(this.#config.authority);
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...this.#options });
    this.#server = await oauth.processDiscoveryResponse(issuer, response);
    return this.#server;
  }

  /** Leaves the app for the sign-in page; `returnTo` is the app path to open afterwards. */
  async signIn(returnTo: string): Promise<never> {
    if (this.#leaving) return new Promise<never>(() => {});
    const server = await this.#authorizationServer();
    if (server.authorization_endpoint === undefined)
      throw new SignInFailed('Der Anmeldedienst ist falsch eingerichtet.');
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const pending: Pending = { verifier, state, returnTo };
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    const url = new URL(server.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: this.#client.client_id,
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: SCOPES,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    window.location.assign(url.toString());
    return new Promise<never>(() => {});
  }

  /** Completes the sign-in on the return path; answers the app path to open. */
  async completeSignIn(currentUrl: URL): Promise<string> {
    const stored = sessionStorage.getItem(PENDING_KEY);
    sessionStorage.removeItem(PENDING_KEY);
    if (stored === null) throw new SignInFailed('Die Anmeldung wurde nicht in diesem Tab begonnen.');
    const pending = JSON.parse(stored) as Pending;
    const server = await this.#authorizationServer();
    let parameters: URLSearchParams;
    try {
      parameters = oauth.validateAuthResponse(server, this.#client, currentUrl, pending.state);
    } catch {
      throw new SignInFailed('Die Anmeldung wurde abgebrochen oder ist abgelaufen.');
    }
    const response = await oauth.authorizationCodeGrantRequest(
      server,
      this.#client,
      this.#clientAuth,
      parameters,
      this.redirectUri,
      pending.verifier,
      this.#options,
    );
    const result = await oauth.processAuthorizationCodeResponse(server, this.#client, response);
    this.#accept(result);
    if (this.#session === undefined) {
      throw new SignInFailed('Ihr Konto hat keine Rolle in Lotse. Bitte wenden Sie sich an die Koordination.');
    }
    return pending.returnTo.startsWith('/') && !pending.returnTo.startsWith('//') ? pending.returnTo : '/';
  }

  #accept(result: oauth.TokenEndpointResponse): void {
    const expiresIn = typeof result.expires_in === 'number' ? result.expires_in : 300;
    this.#tokens = {
      accessToken: result.access_token,
      refreshToken: result.refresh_token ?? this.#tokens?.refreshToken,
      expiresAt: Date.now() + expiresIn * 1000,
    };
    this.#session = sessionOf(result.access_token, result.id_token) ?? undefined;
    clearTimeout(this.#refreshTimer);
    if (this.#tokens.refreshToken !== undefined) {
      const delay = Math.max(5_000, expiresIn * 1000 - REFRESH_MARGIN_MS);
      this.#refreshTimer = setTimeout(() => void this.refresh(), delay);
    }
    for (const listener of this.#listeners) listener();
  }

  /** Trades the (rotating) refresh token for new tokens; false when that is no longer possible. */
  refresh(): Promise<boolean> {
    this.#refreshing ??= (async () => {
      const refreshToken = this.#tokens?.refreshToken;
      if (refreshToken === undefined) return false;
      try {
        const server = await this.#authorizationServer();
        const response = await oauth.refreshTokenGrantRequest(
          server,
          this.#client,
          this.#clientAuth,
          refreshToken,
          this.#options,
        );
        this.#accept(await oauth.processRefreshTokenResponse(server, this.#client, response));
        return true;
      } catch {
        return false;
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  /** A current access token, refreshed first when it is about to expire; undefined when signed out. */
  async accessToken(): Promise<string | undefined> {
    if (this.#tokens === undefined) return undefined;
    if (this.#tokens.expiresAt - Date.now() < 10_000 && !(await this.refresh())) return undefined;
    return this.#tokens.accessToken;
  }

  /** Forgets the tokens without telling the token service (its session ended already). */
  forget(): void {
    clearTimeout(this.#refreshTimer);
    this.#tokens = undefined;
    this.#session = undefined;
    for (const listener of this.#listeners) listener();
  }

  /** Ends the session: revokes the refresh token, forgets the tokens, and logs out at the token service. */
  async signOut(): Promise<never> {
    const refreshToken = this.#tokens?.refreshToken;
    if (refreshToken !== undefined) {
      try {
        const server = await this.#authorizationServer();
        await oauth.processRevocationResponse(
          await oauth.revocationRequest(server, this.#client, this.#clientAuth, refreshToken, this.#options),
        );
      } catch {
        // The logout below ends the token service's session anyway; the refresh token is forgotten here.
      }
    }
    // Forgotten without telling the screens: they would start a new sign-in while the browser leaves for the logout.
    this.#leaving = true;
    clearTimeout(this.#refreshTimer);
    this.#tokens = undefined;
    this.#session = undefined;
    const logout = new URL(this.#config.logoutEndpoint);
    logout.searchParams.set('client_id', this.#client.client_id);
    logout.searchParams.set('logout_uri', new URL(this.#config.logoutPath, window.location.origin).toString());
    window.location.assign(logout.toString());
    return new Promise<never>(() => {});
  }
}
