// The local stand-in for a Cognito user pool, in memory: users (user name, e-mail alias, attributes, groups, enabled),
// app clients, authorization codes, rotating refresh tokens and the invitation mails it would send. Every account signs
// in with the one local password; nothing here speaks HTTP (local-cognito-api.ts and local-oauth.ts do).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** Authorization codes are single use and live 5 minutes, as Cognito's do. */
export const CODE_LIFETIME_SECONDS = 300;

/** The errors of Cognito's admin API this pool raises, named as the API names them (`__type`). */
export type CognitoErrorType =
  | 'UsernameExistsException'
  | 'AliasExistsException'
  | 'UserNotFoundException'
  | 'ResourceNotFoundException'
  | 'InvalidParameterException'
  | 'ScopeDoesNotExistException'
  | 'InvalidOAuthFlowException';

export class CognitoError extends Error {
  override readonly name = 'CognitoError';
  readonly type: CognitoErrorType;

  constructor(type: CognitoErrorType, message: string) {
    super(message);
    this.type = type;
  }
}

export const OAUTH_FLOWS = ['code', 'implicit', 'client_credentials'] as const;
export type OAuthFlow = (typeof OAUTH_FLOWS)[number];

export type AppClient = {
  readonly clientId: string;
  readonly clientName: string;
  /** Undefined for a public client (the web app's). */
  readonly secret: string | undefined;
  readonly flows: readonly OAuthFlow[];
  readonly scopes: readonly string[];
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  readonly accessTokenSeconds: number;
  readonly idTokenSeconds: number;
  readonly refreshTokenSeconds: number;
  readonly createdAt: Date;
};

/** Cognito's defaults when a client sets no validity: 60 minutes, 60 minutes, 30 days. */
export const DEFAULT_VALIDITY = { accessTokenSeconds: 3600, idTokenSeconds: 3600, refreshTokenSeconds: 30 * 86400 };

export type PoolUser = {
  readonly username: string;
  /** Every attribute, `sub` included. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly modifiedAt: Date;
};

/** An invitation as it would have been mailed. */
export type Mail = {
  readonly messageId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly sentAt: string;
};

/** Cognito's own invitation when the pool sets no template; `{username}` and `{####}` are filled in. */
export const DEFAULT_INVITATION = {
  subject: 'Your temporary password',
  text: 'Your username is {username} and temporary password is {####}.',
};

export type UserPoolSettings = {
  /** The pool id the admin API checks (`UserPoolId`). */
  readonly id: string;
  /** The groups that exist (a user can be added to these only). */
  readonly groups: readonly string[];
  /** Custom attributes of the schema, without the `custom:` prefix. */
  readonly customAttributes: readonly string[];
  /** Whether a verified e-mail address signs in as well as the user name (Cognito's AliasAttributes email). */
  readonly emailAlias: boolean;
  /** Every scope a client may be allowed: the OpenID ones and the resource servers' `<identifier>/<scope>`. */
  readonly scopes: readonly string[];
  readonly invitation?: { readonly subject: string; readonly text: string };
  /** The one password every account signs in with. */
  readonly password: string;
  readonly clock?: () => Date;
};

/** The standard attributes of a Cognito user pool (what AdminCreateUser accepts besides `custom:*`). */
export const STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);

/** The scopes every pool knows besides its resource servers'. */
export const OPENID_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] as const;

type StoredUser = {
  username: string;
  attributes: Record<string, string>;
  groups: Set<string>;
  enabled: boolean;
  createdAt: Date;
  modifiedAt: Date;
};

type StoredCode = {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly username: string;
  readonly scopes: readonly string[];
  readonly authTime: number;
  readonly expiresAt: number;
};

type StoredRefreshToken = {
  readonly clientId: string;
  readonly username: string;
  readonly scopes: readonly string[];
  readonly authTime: number;
  readonly expiresAt: number;
};

/** What a redeemed code or a used refresh token stands for. */
export type Session = {
  readonly user: PoolUser;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** When the person entered the password (seconds), carried through every refresh. */
  readonly authTime: number;
};

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** The S256 code challenge of a PKCE verifier (RFC 7636): base64url(SHA-256(verifier)). */
export function s256Challenge(verifier: string): string {
  return sha256(verifier).toString('base64url');
}

/** A PKCE verifier as RFC 7636 allows it: 43 to 128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/** Cognito's app client ids: 26 characters of lowercase letters and digits. */
function newClientId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(26)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function view(user: StoredUser): PoolUser {
  return {
    username: user.username,
    attributes: { ...user.attributes },
    groups: [...user.groups],
    enabled: user.enabled,
    createdAt: user.createdAt,
    modifiedAt: user.modifiedAt,
  };
}

export class LocalUserPool {
  readonly id: string;
  readonly #settings: UserPoolSettings;
  readonly #clock: () => Date;
  /** By lowercased user name: the pool's user names are case-insensitive (CDK's default). */
  readonly #users = new Map<string, StoredUser>();
  readonly #clients = new Map<string, AppClient>();
  readonly #codes = new Map<string, StoredCode>();
  readonly #refreshTokens = new Map<string, StoredRefreshToken>();
  readonly #outbox: Mail[] = [];

  constructor(settings: UserPoolSettings) {
    this.id = settings.id;
    this.#settings = settings;
    this.#clock = settings.clock ?? (() => new Date());
  }

  get groups(): readonly string[] {
    return this.#settings.groups;
  }

  get scopes(): readonly string[] {
    return this.#settings.scopes;
  }

  #seconds(): number {
    return Math.floor(this.#clock().getTime() / 1000);
  }

  // ---- users (the admin API) ----

  /**
   * Creates a user (AdminCreateUser): attributes must be of the schema, the user name free and, with the e-mail alias,
   * not an e-mail address itself, and a verified e-mail not another user's. With `invite`, the invitation is mailed.
   */
  createUser(username: string, attributes: Readonly<Record<string, string>>, invite: boolean): PoolUser {
    if (username.length === 0 || username.length > 128 || /\s/.test(username)) {
      throw new CognitoError('InvalidParameterException', 'Username must be 1 to 128 characters without spaces.');
    }
    if (this.#settings.emailAlias && username.includes('@')) {
      throw new CognitoError(
        'InvalidParameterException',
        'Username cannot be of email format, since user pool is configured for email alias.',
      );
    }
    for (const name of Object.keys(attributes)) {
      const known = name.startsWith('custom:')
        ? this.#settings.customAttributes.includes(name.slice('custom:'.length))
        : STANDARD_ATTRIBUTES.has(name);
      if (!known) {
        throw new CognitoError(
          'InvalidParameterException',
          `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`,
        );
      }
    }
    if (this.#users.has(username.toLowerCase())) {
      throw new CognitoError('UsernameExistsException', 'User account already exists');
    }
    const email = attributes.email;
    if (this.#settings.emailAlias && email !== undefined && attributes.email_verified === 'true') {
      if (this.#byVerifiedEmail(email) !== undefined) {
        throw new CognitoError('AliasExistsException', 'An account with the given email already exists.');
      }
    }
    const now = this.#clock();
    const user: StoredUser = {
      username,
      attributes: { ...attributes, sub: randomUUID() },
      groups: new Set(),
      enabled: true,
      createdAt: now,
      modifiedAt: now,
    };
    this.#users.set(username.toLowerCase(), user);
    if (invite && email !== undefined) this.#invite(user, email);
    return view(user);
  }

  addUserToGroup(username: string, group: string): void {
    const user = this.#existing(username);
    if (!this.#settings.groups.includes(group)) {
      throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    }
    user.groups.add(group);
    user.modifiedAt = this.#clock();
  }

  /** Disabling also revokes the user's refresh tokens (AdminDisableUser ends the sessions). */
  setUserEnabled(username: string, enabled: boolean): void {
    const user = this.#existing(username);
    user.enabled = enabled;
    user.modifiedAt = this.#clock();
    if (!enabled) this.#revokeAll(user.username);
  }

  /** AdminUserGlobalSignOut: every refresh token of the user stops working. */
  signOutEverywhere(username: string): void {
    this.#revokeAll(this.#existing(username).username);
  }

  deleteUser(username: string): void {
    const user = this.#existing(username);
    this.#revokeAll(user.username);
    this.#users.delete(user.username.toLowerCase());
  }

  user(username: string): PoolUser | undefined {
    const user = this.#users.get(username.toLowerCase());
    return user === undefined ? undefined : view(user);
  }

  /** The invitations sent, oldest first. */
  get outbox(): readonly Mail[] {
    return [...this.#outbox];
  }

  #existing(username: string): StoredUser {
    const user = this.#users.get(username.toLowerCase());
    if (user === undefined) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  #byVerifiedEmail(email: string): StoredUser | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.#users.values()) {
      if (user.attributes.email_verified === 'true' && user.attributes.email?.toLowerCase() === wanted) return user;
    }
    return undefined;
  }

  #invite(user: StoredUser, to: string): void {
    const template = this.#settings.invitation ?? DEFAULT_INVITATION;
    const fill = (text: string) =>
      text.replaceAll('{username}', user.username).replaceAll('{####}', this.#settings.password);
    this.#outbox.push({
      messageId: randomUUID(),
      to,
      subject: fill(template.subject),
      text: fill(template.text),
      sentAt: this.#clock().toISOString(),
    });
  }

  #revokeAll(username: string): void {
    for (const [token, stored] of this.#refreshTokens) {
      if (stored.username === username) this.#refreshTokens.delete(token);
    }
  }

  // ---- app clients ----

  /** Registers a client of the template under its own id (the web app's, the per-role ones). */
  addClient(client: AppClient): void {
    this.#clients.set(client.clientId, client);
  }

  /** CreateUserPoolClient: a new id (and secret when asked for); scopes must exist, client credentials need a secret. */
  createClient(input: {
    readonly clientName: string;
    readonly generateSecret: boolean;
    readonly flows: readonly string[];
    readonly scopes: readonly string[];
    readonly callbackUrls?: readonly string[];
    readonly logoutUrls?: readonly string[];
    readonly accessTokenSeconds?: number;
  }): AppClient {
    if (input.clientName.length === 0 || input.clientName.length > 128) {
      throw new CognitoError('InvalidParameterException', 'ClientName must be 1 to 128 characters.');
    }
    const flows = input.flows.map((flow) => {
      const known = OAUTH_FLOWS.find((candidate) => candidate === flow);
      if (known === undefined) throw new CognitoError('InvalidOAuthFlowException', `Unknown OAuth flow ${flow}.`);
      return known;
    });
    if (flows.includes('client_credentials') && !input.generateSecret) {
      throw new CognitoError(
        'InvalidOAuthFlowException',
        'client_credentials flow can not be selected if client does not have a client secret.',
      );
    }
    for (const scope of input.scopes) {
      if (!this.#settings.scopes.includes(scope)) {
        throw new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`);
      }
    }
    const client: AppClient = {
      clientId: newClientId(),
      clientName: input.clientName,
      secret: input.generateSecret ? randomBytes(38).toString('base64url') : undefined,
      flows,
      scopes: [...input.scopes],
      callbackUrls: [...(input.callbackUrls ?? [])],
      logoutUrls: [...(input.logoutUrls ?? [])],
      ...DEFAULT_VALIDITY,
      ...(input.accessTokenSeconds === undefined ? {} : { accessTokenSeconds: input.accessTokenSeconds }),
      createdAt: this.#clock(),
    };
    this.#clients.set(client.clientId, client);
    return client;
  }

  deleteClient(clientId: string): void {
    if (!this.#clients.delete(clientId)) {
      throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
    }
    for (const [token, stored] of this.#refreshTokens) {
      if (stored.clientId === clientId) this.#refreshTokens.delete(token);
    }
  }

  client(clientId: string): AppClient | undefined {
    return this.#clients.get(clientId);
  }

  get clients(): readonly AppClient[] {
    return [...this.#clients.values()];
  }

  /** A confidential client's credentials; false for a public client, an unknown id or a wrong secret. */
  authenticateClient(clientId: string, secret: string): AppClient | undefined {
    const client = this.#clients.get(clientId);
    if (client?.secret === undefined) return undefined;
    return sameSecret(secret, client.secret) ? client : undefined;
  }

  // ---- sign-in ----

  /**
   * The enabled user a login (user name or, with the alias, a verified e-mail, case-insensitively) and the local
   * password name; undefined otherwise, without saying which part was wrong.
   */
  signIn(login: string, password: string): PoolUser | undefined {
    const passwordMatches = sameSecret(password, this.#settings.password);
    const user =
      this.#users.get(login.toLowerCase()) ?? (this.#settings.emailAlias ? this.#byVerifiedEmail(login) : undefined);
    if (user === undefined || !user.enabled || !passwordMatches) return undefined;
    return view(user);
  }

  /** A code for a signed-in user, bound to the client, the redirect URI and the PKCE challenge. */
  issueCode(input: {
    readonly clientId: string;
    readonly redirectUri: string;
    readonly codeChallenge: string;
    readonly username: string;
    readonly scopes: readonly string[];
  }): string {
    const code = randomUUID();
    const now = this.#seconds();
    this.#codes.set(code, { ...input, authTime: now, expiresAt: now + CODE_LIFETIME_SECONDS });
    return code;
  }

  /**
   * Redeems a code once (the first attempt uses it up, whatever its outcome): the same client and redirect URI, a
   * verifier whose S256 challenge is the code's, not expired, and a user that still exists and is enabled.
   */
  redeemCode(input: {
    readonly code: string;
    readonly clientId: string;
    readonly redirectUri: string;
    readonly codeVerifier: string;
  }): Session | undefined {
    const stored = this.#codes.get(input.code);
    if (stored === undefined) return undefined;
    this.#codes.delete(input.code);
    if (stored.expiresAt <= this.#seconds()) return undefined;
    if (stored.clientId !== input.clientId || stored.redirectUri !== input.redirectUri) return undefined;
    if (!CODE_VERIFIER.test(input.codeVerifier)) return undefined;
    const challenge = Buffer.from(s256Challenge(input.codeVerifier));
    const expected = Buffer.from(stored.codeChallenge);
    if (challenge.length !== expected.length || !timingSafeEqual(challenge, expected)) return undefined;
    const user = this.#users.get(stored.username.toLowerCase());
    if (user === undefined || !user.enabled) return undefined;
    return { user: view(user), clientId: stored.clientId, scopes: stored.scopes, authTime: stored.authTime };
  }

  /** A new refresh token for a session (after a code was redeemed). */
  issueRefreshToken(session: Omit<Session, 'user'> & { readonly username: string }): string {
    const client = this.#clients.get(session.clientId);
    const lifetime = client?.refreshTokenSeconds ?? DEFAULT_VALIDITY.refreshTokenSeconds;
    const token = randomBytes(48).toString('base64url');
    this.#refreshTokens.set(token, {
      clientId: session.clientId,
      username: session.username,
      scopes: session.scopes,
      authTime: session.authTime,
      expiresAt: this.#seconds() + lifetime,
    });
    return token;
  }

  /**
   * Uses a refresh token of this client: it is spent, and the session goes on under the new token returned with it.
   * Undefined for an unknown, spent, revoked or expired token, another client's, or a user disabled or gone.
   */
  rotateRefreshToken(token: string, clientId: string): (Session & { readonly refreshToken: string }) | undefined {
    const stored = this.#refreshTokens.get(token);
    if (stored === undefined || stored.clientId !== clientId) return undefined;
    this.#refreshTokens.delete(token);
    if (stored.expiresAt <= this.#seconds()) return undefined;
    const user = this.#users.get(stored.username.toLowerCase());
    if (user === undefined || !user.enabled) return undefined;
    const refreshToken = this.issueRefreshToken(stored);
    return {
      user: view(user),
      clientId,
      scopes: stored.scopes,
      authTime: stored.authTime,
      refreshToken,
    };
  }

  /** Revokes a refresh token (RFC 7009): unknown tokens count as revoked; another client's is not touched. */
  revokeRefreshToken(token: string, clientId: string): 'revoked' | 'other-client' {
    const stored = this.#refreshTokens.get(token);
    if (stored !== undefined && stored.clientId !== clientId) return 'other-client';
    this.#refreshTokens.delete(token);
    return 'revoked';
  }
}
