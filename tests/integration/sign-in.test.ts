// People sign in at the local issuer as they would at Cognito's managed login: the web app's code + PKCE flow through
// the HTML form, tokens minted through the project's own token trigger (one role scope, the binding claim), rotating
// refresh tokens, and accounts a coordinator invites or disables through the API.
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Api } from './support/api.ts';
import { referralBody } from './support/referrals.ts';
import {
  authorizationUrl,
  pkce,
  roleScopes,
  type SignInSetup,
  signIn,
  signInSetup,
  submitSignIn,
  tokenRequest,
} from './support/sign-in.ts';

const baseUrl = inject('baseUrl');
const password = inject('localPassword');
const api = new Api(baseUrl);
let setup: SignInSetup;

beforeAll(async () => {
  setup = await signInSetup(baseUrl);
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('the local issuer', () => {
  it('publishes its endpoints and the web client whose redirect URIs are on the gateway', () => {
    expect(setup.discovery).toMatchObject({
      issuer: `${baseUrl}/_local/issuer`,
      authorization_endpoint: `${baseUrl}/_local/issuer/oauth2/authorize`,
      token_endpoint: `${baseUrl}/_local/issuer/oauth2/token`,
      end_session_endpoint: `${baseUrl}/_local/issuer/logout`,
      jwks_uri: `${baseUrl}/_local/issuer/.well-known/jwks.json`,
    });
    expect(setup.webClient.redirectUris).toEqual([
      `${baseUrl}/anmeldung/rueckkehr`,
      `${baseUrl.replace('127.0.0.1', 'localhost')}/anmeldung/rueckkehr`,
    ]);
    expect(setup.webClient.logoutUris).toEqual([`${baseUrl}/`, `${baseUrl.replace('127.0.0.1', 'localhost')}/`]);
  });
});

describe('signing in as a browser does', () => {
  it('signs a referrer in: form, redirect with code and state, tokens with exactly its role and institution', async () => {
    const request = { pkce: pkce(), state: randomUUID() };

    const { page, pageHtml, answer } = await submitSignIn(setup, request, { username: 'klinik-mitte', password });

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(pageHtml).toContain('<h1>Anmelden</h1>');
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(setup.webClient.redirectUris[0]);
    expect(location.searchParams.get('state')).toBe(request.state);

    const exchanged = await tokenRequest(setup, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: setup.webClient.redirectUris[0] ?? '',
      code_verifier: request.pkce.verifier,
    });
    const tokens = (await exchanged.json()) as { access_token: string; refresh_token: string; expires_in: number };

    expect(exchanged.status).toBe(200);
    expect(exchanged.headers.get('cache-control')).toBe('no-store');
    expect(tokens.expires_in).toBeLessThanOrEqual(15 * 60);
    expect(roleScopes(tokens.access_token)).toEqual(['lotse/referrer']);
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      institution_id: 'klinik-mitte',
      client_id: setup.webClient.clientId,
      username: 'klinik-mitte',
    });
  });

  it("lets the referrer's token submit a referral and read it back through the API", async () => {
    const { access_token } = await signIn(setup, 'klinik-mitte', password);

    const submitted = await api.request('POST', '/v1/referrals', {
      body: referralBody(),
      headers: { ...bearer(access_token), 'idempotency-key': randomUUID() },
    });
    const { referralId } = submitted.body as { referralId: string };
    const read = await api.request('GET', `/v1/referrals/${referralId}`, { token: access_token });

    expect(submitted.status).toBe(202);
    expect(read.status).toBe(200);
  });

  it('signs an office and the coordinator in with their roles', async () => {
    const office = await signIn(setup, 'fb-nord', password);
    const coordinator = await signIn(setup, 'koordination', password);

    expect(roleScopes(office.access_token)).toEqual(['lotse/office']);
    expect(decodeJwt(office.access_token).office_id).toBe('fb-nord');
    expect(roleScopes(coordinator.access_token)).toEqual(['lotse/coordinator']);
    expect((await api.request('GET', '/v1/cases', { token: office.access_token })).status).toBe(200);
    expect((await api.request('GET', '/v1/accounts', { token: coordinator.access_token })).status).toBe(200);
  });

  it('refreshes: a new access and refresh token, and the used refresh token is refused afterwards', async () => {
    const { refresh_token } = await signIn(setup, 'klinik-mitte', password);

    const renewed = await tokenRequest(setup, { grant_type: 'refresh_token', refresh_token });
    const body = (await renewed.json()) as { access_token: string; refresh_token: string };
    const reused = await tokenRequest(setup, { grant_type: 'refresh_token', refresh_token });

    expect(renewed.status).toBe(200);
    expect(roleScopes(body.access_token)).toEqual(['lotse/referrer']);
    expect(body.refresh_token).not.toBe(refresh_token);
    expect([reused.status, ((await reused.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
  });

  it('shows the form again with an alert for a wrong password', async () => {
    const { answer } = await submitSignIn(
      setup,
      { pkce: pkce(), state: randomUUID() },
      { username: 'klinik-mitte', password: `${password}-falsch` },
    );
    const html = await answer.text();

    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
    expect(html).toContain('<h1>Anmelden</h1>');
    expect(html).toContain('role="alert"');
  });

  it('refuses a code exchange with the wrong verifier with invalid_grant', async () => {
    const request = { pkce: pkce(), state: randomUUID() };
    const { answer } = await submitSignIn(setup, request, { username: 'klinik-mitte', password });
    const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';

    const response = await tokenRequest(setup, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: setup.webClient.redirectUris[0] ?? '',
      code_verifier: pkce().verifier,
    });

    expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
  });

  it('answers an unregistered redirect URI with an error page, never a redirect', async () => {
    const url = new URL(authorizationUrl(setup, { pkce: pkce(), state: 's' }));
    url.searchParams.set('redirect_uri', 'https://evil.example/anmeldung/rueckkehr');

    const response = await fetch(url, { redirect: 'manual' });

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('signs out to the registered logout URI', async () => {
    const url = new URL(setup.discovery.end_session_endpoint);
    url.search = new URLSearchParams({
      client_id: setup.webClient.clientId,
      logout_uri: setup.webClient.logoutUris[0] ?? '',
    }).toString();

    const response = await fetch(url, { redirect: 'manual' });

    expect([response.status, response.headers.get('location')]).toEqual([302, setup.webClient.logoutUris[0]]);
  });
});

describe('accounts a coordinator manages', () => {
  type Account = { accountId: string; status: string };
  type Mail = { to: string; subject: string; text: string };

  async function invite(email: string): Promise<Account> {
    const response = await api.as({ role: 'coordinator' }, 'POST', '/v1/accounts', {
      body: { email, name: 'Anna Beispiel', role: 'referrer', organizationId: 'klinik-mitte' },
    });
    if (response.status !== 201) throw new Error(`invitation answered ${response.status} ${response.text}`);
    return response.body as Account;
  }

  it('invites a person, who gets the invitation and signs in with the e-mail address and their role', async () => {
    const email = `anna-${randomUUID()}@klinik.example`;
    const account = await invite(email);

    const mail = (await (await fetch(`${baseUrl}/_local/mail`)).json()) as { items: Mail[] };
    const tokens = await signIn(setup, email.toUpperCase(), password);
    const after = await api.as({ role: 'coordinator' }, 'GET', '/v1/accounts?role=referrer&limit=200');

    expect(mail.items.at(-1)).toMatchObject({ to: email });
    expect(mail.items.at(-1)?.text).toContain(account.accountId);
    expect(roleScopes(tokens.access_token)).toEqual(['lotse/referrer']);
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      institution_id: 'klinik-mitte',
      username: account.accountId,
    });
    // The first sign-in makes the invited account active (the token trigger marks it).
    expect(
      (after.body as { items: Account[] }).items.find((item) => item.accountId === account.accountId)?.status,
    ).toBe('active');
  });

  it('refuses a second invitation for the same e-mail address in another case with 409', async () => {
    const email = `dup-${randomUUID()}@klinik.example`;
    await invite(email);

    const again = await api.as({ role: 'coordinator' }, 'POST', '/v1/accounts', {
      body: { email: email.toUpperCase(), name: 'Anna Beispiel', role: 'referrer', organizationId: 'klinik-mitte' },
    });

    expect(again.status).toBe(409);
  });

  it('locks a disabled person out at once: no sign-in and no refresh', async () => {
    const email = `gesperrt-${randomUUID()}@klinik.example`;
    const account = await invite(email);
    const { refresh_token } = await signIn(setup, email, password);

    const disabled = await api.as({ role: 'coordinator' }, 'POST', `/v1/accounts/${account.accountId}/disable`);
    const { answer } = await submitSignIn(setup, { pkce: pkce(), state: 's' }, { username: email, password });
    const refreshed = await tokenRequest(setup, { grant_type: 'refresh_token', refresh_token });

    expect(disabled.status).toBe(200);
    expect(answer.status).toBe(400);
    expect([refreshed.status, ((await refreshed.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
  });

  it('lets a person enabled again sign in anew', async () => {
    const email = `wieder-${randomUUID()}@klinik.example`;
    const account = await invite(email);
    await api.as({ role: 'coordinator' }, 'POST', `/v1/accounts/${account.accountId}/disable`);

    const enabled = await api.as({ role: 'coordinator' }, 'POST', `/v1/accounts/${account.accountId}/enable`);

    expect(enabled.status).toBe(200);
    expect(roleScopes((await signIn(setup, email, password)).access_token)).toEqual(['lotse/referrer']);
  });
});

describe('systems a coordinator registers', () => {
  async function clientToken(clientId: string, clientSecret: string, scope?: string): Promise<Response> {
    return fetch(setup.discovery.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }) }),
    });
  }

  it('get client-credentials tokens the API accepts while they are registered, and refuses after deletion', async () => {
    const registered = await api.as({ role: 'coordinator' }, 'POST', '/v1/clients', {
      body: { name: 'Praxissoftware Nord', role: 'office', organizationId: 'fb-nord' },
    });
    const { clientId, clientSecret } = registered.body as { clientId: string; clientSecret: string };

    const issued = await clientToken(clientId, clientSecret, 'lotse/office');
    const { access_token } = (await issued.json()) as { access_token: string };
    const inbox = await api.request('GET', '/v1/cases', { token: access_token });
    const deleted = await api.as({ role: 'coordinator' }, 'DELETE', `/v1/clients/${clientId}`);
    const afterwards = await api.request('GET', '/v1/cases', { token: access_token });

    expect(registered.status).toBe(201);
    expect(issued.status).toBe(200);
    expect(roleScopes(access_token)).toEqual(['lotse/office']);
    expect(decodeJwt(access_token)).toMatchObject({ client_id: clientId, office_id: 'fb-nord' });
    expect(inbox.status).toBe(200);
    expect(deleted.status).toBe(204);
    expect(afterwards.status).toBe(401);
    expect((await clientToken(clientId, clientSecret)).status).toBe(401);
  });

  it('refuses a wrong client secret with invalid_client', async () => {
    const registered = await api.as({ role: 'coordinator' }, 'POST', '/v1/clients', {
      body: { name: 'KIS Klinik', role: 'referrer', organizationId: 'klinik-mitte' },
    });
    const { clientId } = registered.body as { clientId: string };

    const response = await clientToken(clientId, 'falsch');

    expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([401, 'invalid_client']);
  });
});
