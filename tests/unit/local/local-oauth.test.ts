// The local issuer's OAuth endpoints in process: the sign-in form and its errors, the code + PKCE exchange, refresh
// rotation, client credentials, revocation and logout, with a stand-in token trigger that grants as the real one does.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { InvokeOutcome } from '#infra/local/function-pool.ts';
import type { HttpResponse } from '#infra/local/http-api-event.ts';
import { createLocalIssuer } from '#infra/local/local-issuer.ts';
import { createLocalOAuth, type PreTokenGenerationTrigger } from '#infra/local/local-oauth.ts';
import { LocalUserPool, OPENID_SCOPES, s256Challenge } from '#infra/local/local-user-pool.ts';
import { SIGN_IN_FAILED } from '#infra/local/sign-in-page.ts';

const ISSUER = 'http://127.0.0.1:3000/_local/issuer';
const PASSWORD = 'Lokales-Passwort-1';
const WEB = 'local-WebClient';
const RETURN = 'http://127.0.0.1:3000/anmeldung/rueckkehr';
const VERIFIER = 'a-verifier-of-at-least-forty-three-characters-0123';
const ROLE_SCOPES = ['lotse/referrer', 'lotse/office', 'lotse/coordinator'];

/**
 * Grants as the project's trigger does for a registered referrer (the account klinik-mitte, any client): only its role
 * scope, and the binding claim; everyone else no role scope.
 */
const grantingTrigger: PreTokenGenerationTrigger = {
  functionName: 'token',
  version: 'V3_0',
  async invoke(event: unknown): Promise<InvokeOutcome> {
    const { userName, triggerSource } = event as { userName?: string; triggerSource: string };
    const granted = userName === 'klinik-mitte' || triggerSource === 'TokenGeneration_ClientCredentials';
    return {
      ok: true,
      result: {
        ...(event as object),
        response: {
          claimsAndScopeOverrideDetails: {
            accessTokenGeneration: {
              claimsToAddOrOverride: granted ? { institution_id: 'klinik-mitte' } : {},
              scopesToAdd: [],
              scopesToSuppress: ROLE_SCOPES.filter((scope) => !granted || scope !== 'lotse/referrer'),
            },
          },
        },
      },
    };
  },
};

const failingTrigger: PreTokenGenerationTrigger = {
  functionName: 'token',
  version: 'V3_0',
  invoke: async () => ({ ok: false, kind: 'timeout', errorType: 'Sandbox.Timedout', errorMessage: 'timed out' }),
};

async function setUp(trigger: PreTokenGenerationTrigger = grantingTrigger) {
  const pool = new LocalUserPool({
    id: 'eu-central-1_Pool',
    groups: ['referrer', 'office', 'coordinator'],
    customAttributes: ['organization_id'],
    emailAlias: true,
    scopes: [...OPENID_SCOPES, ...ROLE_SCOPES],
    password: PASSWORD,
  });
  pool.addClient({
    clientId: WEB,
    clientName: 'web',
    secret: undefined,
    flows: ['code'],
    scopes: ['openid', 'email', 'profile', ...ROLE_SCOPES],
    callbackUrls: [RETURN],
    logoutUrls: ['http://127.0.0.1:3000/'],
    accessTokenSeconds: 900,
    idTokenSeconds: 900,
    refreshTokenSeconds: 43_200,
    createdAt: new Date(),
  });
  pool.createUser(
    'klinik-mitte',
    { email: 'klinik-mitte@musterstadt.lotse.local', email_verified: 'true', 'custom:organization_id': 'klinik-mitte' },
    false,
  );
  pool.addUserToGroup('klinik-mitte', 'referrer');
  pool.createUser('gesperrt', { email: 'gesperrt@musterstadt.lotse.local', email_verified: 'true' }, false);
  pool.setUserEnabled('gesperrt', false);
  const machine = pool.createClient({
    clientName: 'KIS',
    generateSecret: true,
    flows: ['client_credentials'],
    scopes: ['lotse/referrer'],
  });
  const issuer = await createLocalIssuer(ISSUER, WEB);
  const oauth = createLocalOAuth({
    pool,
    issuer,
    trigger,
    region: 'eu-central-1',
    siteName: 'Lotse Musterstadt',
    log: () => {},
  });
  const send = async (
    method: string,
    path: string,
    options: { query?: Record<string, string>; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<HttpResponse> => {
    const answer = await oauth.handle({
      method,
      path,
      query: new URLSearchParams(options.query),
      headers: {
        ...(options.form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        ...options.headers,
      },
      body: Buffer.from(new URLSearchParams(options.form).toString()),
    });
    if (answer === undefined) throw new Error(`no endpoint ${method} ${path}`);
    return answer;
  };
  return { pool, oauth, send, machine: { id: machine.clientId, secret: machine.secret ?? '' } };
}

const authorization = (more: Record<string, string> = {}) => ({
  client_id: WEB,
  redirect_uri: RETURN,
  response_type: 'code',
  code_challenge: s256Challenge(VERIFIER),
  code_challenge_method: 'S256',
  scope: ['openid', ...ROLE_SCOPES].join(' '),
  state: 'state-1',
  ...more,
});

const text = (answer: HttpResponse) => answer.body.toString('utf8');
const body = (answer: HttpResponse) => JSON.parse(text(answer)) as Record<string, unknown>;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** The hidden fields of the sign-in form, as a browser would post them back. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1] ?? ''] = (match[2] ?? '')
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&');
  }
  return fields;
}

type Setup = Awaited<ReturnType<typeof setUp>>;

async function signIn(send: Setup['send'], username = 'klinik-mitte', password = PASSWORD) {
  const form = await send('GET', '/oauth2/authorize', { query: authorization() });
  return send('POST', '/oauth2/authorize', { form: { ...hiddenFields(text(form)), username, password } });
}

async function tokens(send: Setup['send']) {
  const location = new URL((await signIn(send)).headers.location ?? '');
  const answer = await send('POST', '/oauth2/token', {
    form: {
      grant_type: 'authorization_code',
      client_id: WEB,
      code: location.searchParams.get('code') ?? '',
      redirect_uri: RETURN,
      code_verifier: VERIFIER,
    },
  });
  return body(answer) as { access_token: string; id_token: string; refresh_token: string; expires_in: number };
}

describe('the discovery document', () => {
  it('names the endpoints under the issuer, the code flow and PKCE S256', async () => {
    const { oauth } = await setUp();

    expect(oauth.discovery()).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/oauth2/authorize`,
      token_endpoint: `${ISSUER}/oauth2/token`,
      end_session_endpoint: `${ISSUER}/logout`,
      revocation_endpoint: `${ISSUER}/oauth2/revoke`,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
  });
});

describe('the sign-in form', () => {
  it('is a German page with the labelled fields, the request in hidden fields, no script, a CSP and no caching', async () => {
    const { send } = await setUp();

    const answer = await send('GET', '/oauth2/authorize', { query: authorization() });
    const html = text(answer);

    expect(answer.statusCode).toBe(200);
    expect(answer.headers).toMatchObject({ 'cache-control': 'no-store', 'content-type': 'text/html; charset=utf-8' });
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<h1>Anmelden</h1>');
    expect(html).toContain('<label for="username">Benutzername oder E-Mail</label>');
    expect(html).toContain('<label for="password">Passwort</label>');
    expect(html).toContain('<button type="submit">Anmelden</button>');
    expect(html).not.toMatch(/<script|style=/);
    expect(hiddenFields(html)).toEqual(authorization());
  });

  it('escapes what the request carries', async () => {
    const { send } = await setUp();

    const html = text(
      await send('GET', '/oauth2/authorize', { query: authorization({ state: '"><script>x</script>' }) }),
    );

    expect(html).not.toContain('<script>');
    expect(hiddenFields(html).state).toBe('"><script>x</script>');
  });

  it('is an error page, never a redirect, for an unknown client or an unregistered redirect URI', async () => {
    const { send } = await setUp();

    const answers = await Promise.all([
      send('GET', '/oauth2/authorize', { query: authorization({ client_id: 'unknown' }) }),
      send('GET', '/oauth2/authorize', { query: authorization({ redirect_uri: 'https://evil.example/' }) }),
    ]);

    for (const answer of answers) {
      expect(answer.statusCode).toBe(400);
      expect(answer.headers.location).toBeUndefined();
      expect(text(answer)).toContain('role="alert"');
    }
  });

  it('sends a request without PKCE S256 back to the application with invalid_request and the state', async () => {
    const { send } = await setUp();

    const answer = await send('GET', '/oauth2/authorize', { query: authorization({ code_challenge_method: 'plain' }) });
    const location = new URL(answer.headers.location ?? '');

    expect(answer.statusCode).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(RETURN);
    expect([location.searchParams.get('error'), location.searchParams.get('state')]).toEqual([
      'invalid_request',
      'state-1',
    ]);
  });

  it('sends a scope the client may not ask for back with invalid_scope', async () => {
    const { send } = await setUp();

    const answer = await send('GET', '/oauth2/authorize', { query: authorization({ scope: 'openid lotse/admin' }) });

    expect(new URL(answer.headers.location ?? '').searchParams.get('error')).toBe('invalid_scope');
  });
});

describe('posting the sign-in form', () => {
  it('redirects to the redirect URI with a code and the state', async () => {
    const { send } = await setUp();

    const answer = await signIn(send);
    const location = new URL(answer.headers.location ?? '');

    expect(answer.statusCode).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(RETURN);
    expect(location.searchParams.get('code')).toMatch(/\S+/);
    expect(location.searchParams.get('state')).toBe('state-1');
  });

  it('accepts the e-mail address instead of the user name', async () => {
    const { send } = await setUp();

    expect((await signIn(send, 'KLINIK-MITTE@musterstadt.lotse.local')).statusCode).toBe(302);
  });

  it('shows the form again with one message for a wrong password, an unknown and a disabled account', async () => {
    const { send } = await setUp();

    const answers = await Promise.all([
      signIn(send, 'klinik-mitte', 'falsch'),
      signIn(send, 'niemand'),
      signIn(send, 'gesperrt'),
    ]);

    for (const answer of answers) {
      expect(answer.statusCode).toBe(400);
      expect(text(answer)).toContain(`role="alert"><p>${SIGN_IN_FAILED}</p>`);
      expect(text(answer)).toContain('<h1>Anmelden</h1>');
    }
    expect(new Set(answers.map((answer) => text(answer).replace(/value="[^"]*"/g, ''))).size).toBe(1);
  });
});

describe('the token endpoint', () => {
  it("exchanges the code for tokens that carry only the account's role scope and its binding claim", async () => {
    const { send } = await setUp();

    const issued = await tokens(send);
    const access = decodeJwt(issued.access_token);

    expect(issued.expires_in).toBe(900);
    expect(access).toMatchObject({
      iss: ISSUER,
      client_id: WEB,
      token_use: 'access',
      scope: 'openid lotse/referrer',
      username: 'klinik-mitte',
      institution_id: 'klinik-mitte',
    });
    expect(decodeJwt(issued.id_token)).toMatchObject({ aud: WEB, 'cognito:username': 'klinik-mitte' });
  });

  it('refuses a wrong verifier with invalid_grant, uncached, and the code is spent', async () => {
    const { send } = await setUp();
    const code = new URL((await signIn(send)).headers.location ?? '').searchParams.get('code') ?? '';
    const exchange = (codeVerifier: string) =>
      send('POST', '/oauth2/token', {
        form: {
          grant_type: 'authorization_code',
          client_id: WEB,
          code,
          redirect_uri: RETURN,
          code_verifier: codeVerifier,
        },
      });

    const wrong = await exchange(`${VERIFIER}x`);

    expect([wrong.statusCode, body(wrong).error, wrong.headers['cache-control']]).toEqual([
      400,
      'invalid_grant',
      'no-store',
    ]);
    expect(body(await exchange(VERIFIER)).error).toBe('invalid_grant');
  });

  it('rotates refresh tokens: the used one is refused afterwards', async () => {
    const { send } = await setUp();
    const { refresh_token } = await tokens(send);
    const refresh = (token: string) =>
      send('POST', '/oauth2/token', { form: { grant_type: 'refresh_token', client_id: WEB, refresh_token: token } });

    const renewed = body(await refresh(refresh_token));

    expect(decodeJwt(String(renewed.access_token)).scope).toBe('openid lotse/referrer');
    expect(renewed.refresh_token).not.toBe(refresh_token);
    expect(body(await refresh(refresh_token)).error).toBe('invalid_grant');
  });

  it('refuses the refresh token of a user disabled meanwhile', async () => {
    const { send, pool } = await setUp();
    const { refresh_token } = await tokens(send);

    pool.setUserEnabled('klinik-mitte', false);
    const answer = await send('POST', '/oauth2/token', {
      form: { grant_type: 'refresh_token', client_id: WEB, refresh_token },
    });

    expect(body(answer).error).toBe('invalid_grant');
  });

  it('issues a client-credentials token to a client authenticated by HTTP Basic', async () => {
    const { send, machine } = await setUp();

    const answer = await send('POST', '/oauth2/token', {
      form: { grant_type: 'client_credentials', scope: 'lotse/referrer' },
      headers: { authorization: basic(machine.id, machine.secret) },
    });

    expect(answer.statusCode).toBe(200);
    expect(decodeJwt(String(body(answer).access_token))).toMatchObject({
      sub: machine.id,
      client_id: machine.id,
      scope: 'lotse/referrer',
    });
    expect(body(answer).expires_in).toBe(3600);
  });

  it('refuses a wrong client secret with invalid_client and 401', async () => {
    const { send, machine } = await setUp();

    const answer = await send('POST', '/oauth2/token', {
      form: { grant_type: 'client_credentials' },
      headers: { authorization: basic(machine.id, 'wrong') },
    });

    expect([answer.statusCode, body(answer).error]).toEqual([401, 'invalid_client']);
    expect(answer.headers['www-authenticate']).toMatch(/^Basic/);
  });

  it('refuses a scope the client is not allowed with invalid_scope', async () => {
    const { send, machine } = await setUp();

    const answer = await send('POST', '/oauth2/token', {
      form: { grant_type: 'client_credentials', scope: 'lotse/coordinator' },
      headers: { authorization: basic(machine.id, machine.secret) },
    });

    expect(body(answer).error).toBe('invalid_scope');
  });

  it('refuses client credentials to the public web client', async () => {
    const { send } = await setUp();

    const answer = await send('POST', '/oauth2/token', { form: { grant_type: 'client_credentials', client_id: WEB } });

    expect(body(answer).error).toBe('unauthorized_client');
  });

  it('issues no token when the trigger fails: 503, try again', async () => {
    const { send, machine } = await setUp(failingTrigger);

    const answer = await send('POST', '/oauth2/token', {
      form: { grant_type: 'client_credentials' },
      headers: { authorization: basic(machine.id, machine.secret) },
    });

    expect([answer.statusCode, body(answer).error]).toEqual([503, 'temporarily_unavailable']);
  });
});

describe('revocation and logout', () => {
  it('revokes a refresh token', async () => {
    const { send } = await setUp();
    const { refresh_token } = await tokens(send);

    const revoked = await send('POST', '/oauth2/revoke', { form: { token: refresh_token, client_id: WEB } });
    const refreshed = await send('POST', '/oauth2/token', {
      form: { grant_type: 'refresh_token', client_id: WEB, refresh_token },
    });

    expect(revoked.statusCode).toBe(200);
    expect(body(refreshed).error).toBe('invalid_grant');
  });

  it('returns to a registered logout URI, and shows an error page for any other', async () => {
    const { send } = await setUp();

    const registered = await send('GET', '/logout', {
      query: { client_id: WEB, logout_uri: 'http://127.0.0.1:3000/' },
    });
    const other = await send('GET', '/logout', { query: { client_id: WEB, logout_uri: 'https://evil.example/' } });

    expect([registered.statusCode, registered.headers.location]).toEqual([302, 'http://127.0.0.1:3000/']);
    expect([other.statusCode, other.headers.location]).toEqual([400, undefined]);
  });
});

describe('browser apps on another loopback origin', () => {
  it('may call discovery, keys, token and revocation across origins from a registered redirect origin only', async () => {
    const { send } = await setUp();
    const from = (origin: string) => ({ headers: { origin } });

    const preflight = await send('OPTIONS', '/oauth2/token', from('http://127.0.0.1:3000'));
    const discovery = await send('GET', '/.well-known/openid-configuration', from('http://127.0.0.1:3000'));
    const foreign = await send('GET', '/.well-known/openid-configuration', from('https://evil.example'));
    const token = await send('POST', '/oauth2/token', {
      form: { grant_type: 'refresh_token', client_id: WEB, refresh_token: 'unknown' },
      ...from('http://127.0.0.1:3000'),
    });

    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3000');
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');
    expect(discovery.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3000');
    expect(token.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3000');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never lets another origin read the sign-in form', async () => {
    const { send } = await setUp();

    const form = await send('GET', '/oauth2/authorize', {
      query: authorization(),
      headers: { origin: 'http://127.0.0.1:3000' },
    });

    expect(form.headers['access-control-allow-origin']).toBeUndefined();
  });
});
