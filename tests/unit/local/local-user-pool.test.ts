// The local user pool: users and their sign-in, single-use PKCE-bound codes, rotating refresh tokens that sign-out,
// disabling and deleting revoke, app clients, and the invitations it would mail.
import { describe, expect, it } from 'vitest';
import {
  CODE_LIFETIME_SECONDS,
  CognitoError,
  LocalUserPool,
  OPENID_SCOPES,
  s256Challenge,
} from '#infra/local/local-user-pool.ts';

const PASSWORD = 'Lokales-Passwort-1';
const VERIFIER = 'v'.repeat(43);
const WEB = 'web-client';
const RETURN = 'http://127.0.0.1:3000/anmeldung/rueckkehr';

function pool(clock: () => Date = () => new Date()) {
  const created = new LocalUserPool({
    id: 'eu-central-1_Pool',
    groups: ['referrer', 'office', 'coordinator'],
    customAttributes: ['organization_id'],
    emailAlias: true,
    scopes: [...OPENID_SCOPES, 'lotse/referrer', 'lotse/office', 'lotse/coordinator'],
    invitation: { subject: 'Ihr Zugang', text: 'Benutzername {username}, Passwort {####}' },
    password: PASSWORD,
    clock,
  });
  created.addClient({
    clientId: WEB,
    clientName: 'web',
    secret: undefined,
    flows: ['code'],
    scopes: ['openid', 'lotse/referrer'],
    callbackUrls: [RETURN],
    logoutUrls: ['http://127.0.0.1:3000/'],
    accessTokenSeconds: 900,
    idTokenSeconds: 900,
    refreshTokenSeconds: 3600,
    createdAt: new Date(),
  });
  return created;
}

function withUser(target = pool(), username = 'klinik-mitte') {
  target.createUser(
    username,
    {
      email: username === 'klinik-mitte' ? 'Lotsin@Klinik.example' : `${username}@example.org`,
      email_verified: 'true',
      name: 'Lotsin',
      'custom:organization_id': 'klinik-mitte',
    },
    false,
  );
  target.addUserToGroup(username, 'referrer');
  return target;
}

function codeFor(target: LocalUserPool, username = 'klinik-mitte') {
  return target.issueCode({
    clientId: WEB,
    redirectUri: RETURN,
    codeChallenge: s256Challenge(VERIFIER),
    username,
    scopes: ['openid', 'lotse/referrer'],
  });
}

function errorType(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof CognitoError) return error.type;
    throw error;
  }
  return undefined;
}

/** Signs in through a code and answers the session's first refresh token. */
function signedIn(target: LocalUserPool, username = 'klinik-mitte'): string {
  const session = target.redeemCode({
    code: codeFor(target, username),
    clientId: WEB,
    redirectUri: RETURN,
    codeVerifier: VERIFIER,
  });
  if (session === undefined) throw new Error('sign-in failed');
  return target.issueRefreshToken({ ...session, username: session.user.username });
}

describe('signing in with the local password', () => {
  it('accepts the user name in any case and the verified e-mail in any case', () => {
    const target = withUser();

    expect(target.signIn('KLINIK-MITTE', PASSWORD)?.username).toBe('klinik-mitte');
    expect(target.signIn('lotsin@klinik.EXAMPLE', PASSWORD)?.username).toBe('klinik-mitte');
  });

  it('refuses a wrong password, an unknown account and a disabled one alike', () => {
    const target = withUser();
    target.createUser('fb-nord', { email: 'fb-nord@example.org', email_verified: 'true' }, false);
    target.setUserEnabled('fb-nord', false);

    expect([
      target.signIn('klinik-mitte', 'falsch'),
      target.signIn('niemand', PASSWORD),
      target.signIn('fb-nord', PASSWORD),
    ]).toEqual([undefined, undefined, undefined]);
  });

  it('gives every user a sub of its own and keeps the groups', () => {
    const user = withUser().user('klinik-mitte');

    expect(user?.attributes.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(user?.groups).toEqual(['referrer']);
  });
});

describe('creating users as AdminCreateUser does', () => {
  it('refuses a user name that is taken, in any case', () => {
    expect(errorType(() => withUser().createUser('Klinik-Mitte', {}, false))).toBe('UsernameExistsException');
  });

  it("refuses another user's verified e-mail, in any case", () => {
    const target = withUser();

    expect(
      errorType(() => target.createUser('someone', { email: 'LOTSIN@klinik.example', email_verified: 'true' }, false)),
    ).toBe('AliasExistsException');
  });

  it('refuses attributes outside the schema and a user name in e-mail format', () => {
    const target = pool();

    expect(errorType(() => target.createUser('a', { 'custom:role': 'x' }, false))).toBe('InvalidParameterException');
    expect(errorType(() => target.createUser('a@example.org', {}, false))).toBe('InvalidParameterException');
  });

  it('adds users to existing groups only, and existing users only', () => {
    const target = withUser();

    expect(errorType(() => target.addUserToGroup('klinik-mitte', 'admin'))).toBe('ResourceNotFoundException');
    expect(errorType(() => target.addUserToGroup('niemand', 'referrer'))).toBe('UserNotFoundException');
  });

  it('mails an invitation with the user name and the local password, and none when told not to', () => {
    const target = withUser();
    target.createUser('0b6d', { email: 'neu@example.org', email_verified: 'true' }, true);

    expect(target.outbox).toEqual([
      expect.objectContaining({
        to: 'neu@example.org',
        subject: 'Ihr Zugang',
        text: `Benutzername 0b6d, Passwort ${PASSWORD}`,
      }),
    ]);
  });
});

describe('authorization codes', () => {
  it('redeem once: the second attempt fails', () => {
    const target = withUser();
    const code = codeFor(target);
    const redeem = () => target.redeemCode({ code, clientId: WEB, redirectUri: RETURN, codeVerifier: VERIFIER });

    expect(redeem()?.user.username).toBe('klinik-mitte');
    expect(redeem()).toBeUndefined();
  });

  it('fail for a verifier that does not match the challenge, and are used up by the attempt', () => {
    const target = withUser();
    const code = codeFor(target);

    expect(
      target.redeemCode({ code, clientId: WEB, redirectUri: RETURN, codeVerifier: 'w'.repeat(43) }),
    ).toBeUndefined();
    expect(target.redeemCode({ code, clientId: WEB, redirectUri: RETURN, codeVerifier: VERIFIER })).toBeUndefined();
  });

  it('are bound to their client and redirect URI', () => {
    const target = withUser();

    expect(
      target.redeemCode({ code: codeFor(target), clientId: 'other', redirectUri: RETURN, codeVerifier: VERIFIER }),
    ).toBeUndefined();
    expect(
      target.redeemCode({ code: codeFor(target), clientId: WEB, redirectUri: `${RETURN}x`, codeVerifier: VERIFIER }),
    ).toBeUndefined();
  });

  it('expire after five minutes', () => {
    let now = new Date('2026-11-20T10:00:00Z');
    const target = withUser(pool(() => now));
    const code = codeFor(target);
    now = new Date(now.getTime() + CODE_LIFETIME_SECONDS * 1000);

    expect(target.redeemCode({ code, clientId: WEB, redirectUri: RETURN, codeVerifier: VERIFIER })).toBeUndefined();
  });

  it('fail when the user was disabled after signing in', () => {
    const target = withUser();
    const code = codeFor(target);
    target.setUserEnabled('klinik-mitte', false);

    expect(target.redeemCode({ code, clientId: WEB, redirectUri: RETURN, codeVerifier: VERIFIER })).toBeUndefined();
  });
});

describe('refresh tokens', () => {
  it('rotate: each use answers a new one and the used one is refused afterwards', () => {
    const target = withUser();
    const first = signedIn(target);

    const next = target.rotateRefreshToken(first, WEB);

    expect(next?.refreshToken).toBeDefined();
    expect(next?.refreshToken).not.toBe(first);
    expect(target.rotateRefreshToken(first, WEB)).toBeUndefined();
    expect(target.rotateRefreshToken(next?.refreshToken ?? '', WEB)?.user.username).toBe('klinik-mitte');
  });

  it('keep the session: scopes and the time of the sign-in', () => {
    const target = withUser();
    const first = signedIn(target);

    expect(target.rotateRefreshToken(first, WEB)).toMatchObject({ scopes: ['openid', 'lotse/referrer'] });
  });

  it("are refused for another client than the session's", () => {
    const target = withUser();

    expect(target.rotateRefreshToken(signedIn(target), 'other')).toBeUndefined();
  });

  it("stop working for every session at the user's global sign-out", () => {
    const target = withUser();
    const one = signedIn(target);
    const two = signedIn(target);

    target.signOutEverywhere('klinik-mitte');

    expect([target.rotateRefreshToken(one, WEB), target.rotateRefreshToken(two, WEB)]).toEqual([undefined, undefined]);
  });

  it('stop working when the user is disabled, and stay revoked when it is enabled again', () => {
    const target = withUser();
    const token = signedIn(target);

    target.setUserEnabled('klinik-mitte', false);
    target.setUserEnabled('klinik-mitte', true);

    expect(target.rotateRefreshToken(token, WEB)).toBeUndefined();
  });

  it('stop working when the user is deleted', () => {
    const target = withUser();
    const token = signedIn(target);

    target.deleteUser('klinik-mitte');

    expect(target.rotateRefreshToken(token, WEB)).toBeUndefined();
  });

  it("leave other users' sessions alone", () => {
    const target = withUser(withUser(), 'fb-nord-person');
    const token = signedIn(target, 'fb-nord-person');

    target.signOutEverywhere('klinik-mitte');

    expect(target.rotateRefreshToken(token, WEB)?.user.username).toBe('fb-nord-person');
  });

  it('expire after the validity of their client', () => {
    let now = new Date('2026-11-20T10:00:00Z');
    const target = withUser(pool(() => now));
    const token = signedIn(target);
    now = new Date(now.getTime() + 3600 * 1000);

    expect(target.rotateRefreshToken(token, WEB)).toBeUndefined();
  });

  it("are revoked one at a time, but not by another client than the session's", () => {
    const target = withUser();
    const token = signedIn(target);

    expect(target.revokeRefreshToken(token, 'other')).toBe('other-client');
    expect(target.revokeRefreshToken(token, WEB)).toBe('revoked');
    expect(target.rotateRefreshToken(token, WEB)).toBeUndefined();
  });
});

describe('app clients', () => {
  const machine = {
    clientName: 'KIS',
    generateSecret: true,
    flows: ['client_credentials'],
    scopes: ['lotse/referrer'],
  };

  it('get an id like Cognito’s and a secret that authenticates them', () => {
    const target = pool();
    const client = target.createClient(machine);

    expect(client.clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(target.authenticateClient(client.clientId, client.secret ?? '')?.clientId).toBe(client.clientId);
    expect(target.authenticateClient(client.clientId, 'wrong')).toBeUndefined();
  });

  it('may be allowed scopes that exist only', () => {
    expect(errorType(() => pool().createClient({ ...machine, scopes: ['lotse/admin'] }))).toBe(
      'ScopeDoesNotExistException',
    );
  });

  it('need a secret for the client-credentials flow', () => {
    expect(errorType(() => pool().createClient({ ...machine, generateSecret: false }))).toBe(
      'InvalidOAuthFlowException',
    );
  });

  it('are gone once deleted, and a second delete finds none', () => {
    const target = pool();
    const client = target.createClient(machine);

    target.deleteClient(client.clientId);

    expect(target.authenticateClient(client.clientId, client.secret ?? '')).toBeUndefined();
    expect(errorType(() => target.deleteClient(client.clientId))).toBe('ResourceNotFoundException');
  });

  it('do not authenticate without a secret of their own (a public client)', () => {
    expect(pool().authenticateClient(WEB, '')).toBeUndefined();
  });
});
