import { beforeEach, describe, expect, it } from 'vitest';
import {
  deleteAccount,
  deleteClient,
  type IdentityPorts,
  inviteAccount,
  listAccounts,
  registerClient,
  setAccountEnabled,
} from '#application/identity/accounts.ts';
import { NotFound, ResourceConflict, TemporaryFailure, UnknownOrganization } from '#domain/errors.ts';
import type { AccountBody } from '#domain/identity.ts';
import { catalogueSource, fixedClock, NOW, sequentialIds } from '../functions/fakes.ts';
import {
  InMemoryApiAudience,
  InMemoryIdentityProvider,
  InMemoryIdentityRegistry,
} from '../functions/identity-fakes.ts';

let registry: InMemoryIdentityRegistry;
let provider: InMemoryIdentityProvider;
let audience: InMemoryApiAudience;
let ports: IdentityPorts;

beforeEach(() => {
  registry = new InMemoryIdentityRegistry();
  provider = new InMemoryIdentityProvider();
  audience = new InMemoryApiAudience();
  ports = {
    registry,
    provider,
    audience,
    catalogue: catalogueSource(),
    clock: fixedClock(),
    ids: sequentialIds('ACC'),
  };
});

const lotsin: AccountBody = {
  email: 'lotsin@klinik.example',
  name: 'Lea Lotsin',
  role: 'referrer',
  organizationId: 'klinik-mitte',
};

describe('inviting a person', () => {
  it('registers the account as invited and has the token service invite the person', async () => {
    const account = await inviteAccount(ports, { body: lotsin });

    expect(account).toEqual({
      accountId: 'ACC0001',
      ...lotsin,
      status: 'invited',
      createdAt: NOW.toISOString(),
    });
    expect(await registry.account('ACC0001')).toEqual(account);
    expect(provider.users.get('ACC0001')).toEqual({ account, enabled: true });
  });

  it('binds a coordinator to no organization', async () => {
    const account = await inviteAccount(ports, {
      body: { email: 'k@stadt.example', name: 'Koordination', role: 'coordinator' },
    });

    expect(account.organizationId).toBeNull();
  });

  it.each([
    ['an institution the catalogue lacks', { ...lotsin, organizationId: 'klinik-nirgendwo' }],
    ['an office for role referrer', { ...lotsin, organizationId: 'fb-nord' }],
    ['an institution for role office', { ...lotsin, role: 'office' as const }],
    ['no organization for role office', { email: 'f@x.example', name: 'F', role: 'office' as const }],
    ['an organization for role coordinator', { ...lotsin, role: 'coordinator' as const }],
  ])('refuses %s (422) and registers nothing', async (_, body) => {
    await expect(inviteAccount(ports, { body })).rejects.toBeInstanceOf(UnknownOrganization);

    expect(await registry.accounts()).toEqual([]);
    expect(provider.users.size).toBe(0);
  });

  it('refuses a second account for the same e-mail (409) without inviting anyone', async () => {
    await inviteAccount(ports, { body: lotsin });

    await expect(inviteAccount(ports, { body: { ...lotsin, email: 'LOTSIN@klinik.example' } })).rejects.toBeInstanceOf(
      ResourceConflict,
    );
    expect(provider.users.size).toBe(1);
  });

  it('takes the registration back when the invitation fails, so that a retry starts clean', async () => {
    provider.failNext = new TemporaryFailure();

    await expect(inviteAccount(ports, { body: lotsin })).rejects.toBeInstanceOf(TemporaryFailure);
    expect(await registry.accounts()).toEqual([]);

    const retried = await inviteAccount(ports, { body: lotsin });
    expect(retried.status).toBe('invited');
  });
});

describe('listing accounts', () => {
  beforeEach(async () => {
    for (const [email, role, organizationId] of [
      ['a@x.example', 'referrer', 'klinik-mitte'],
      ['b@x.example', 'office', 'fb-nord'],
      ['c@x.example', 'referrer', 'praxis-west'],
      ['d@x.example', 'referrer', 'klinik-mitte'],
    ] as const) {
      await inviteAccount(ports, { body: { email, name: 'N', role, organizationId } });
    }
  });

  it('filters by role and organization', async () => {
    const page = await listAccounts(ports, { role: 'referrer', organizationId: 'klinik-mitte' });

    expect(page.items.map((account) => account.email)).toEqual(['a@x.example', 'd@x.example']);
    expect(page.nextCursor).toBeNull();
  });

  it('pages with a cursor, never repeating an account', async () => {
    const first = await listAccounts(ports, { limit: 3 });
    const second = await listAccounts(ports, { limit: 3, cursor: first.nextCursor ?? '' });

    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toBe('ACC0003');
    expect(second).toEqual({ items: [await registry.account('ACC0004')], nextCursor: null });
  });
});

describe('disabling, enabling and deleting an account', () => {
  it('disables at the token service and in the registry; enabling restores an invited account as invited', async () => {
    const { accountId } = await inviteAccount(ports, { body: lotsin });

    const disabled = await setAccountEnabled(ports, { accountId, enabled: false });
    expect(disabled.status).toBe('disabled');
    expect(provider.users.get(accountId)?.enabled).toBe(false);

    await registry.setAccountStatus(accountId, 'invited');
    const enabled = await setAccountEnabled(ports, { accountId, enabled: true });
    expect(enabled.status).toBe('invited');
    expect(provider.users.get(accountId)?.enabled).toBe(true);
  });

  it('enables a disabled account that had signed in as active', async () => {
    const { accountId } = await inviteAccount(ports, { body: lotsin });
    await registry.setAccountStatus(accountId, 'disabled');

    expect((await setAccountEnabled(ports, { accountId, enabled: true })).status).toBe('active');
  });

  it('keeps the account enabled in the registry when the token service could not disable it', async () => {
    const { accountId } = await inviteAccount(ports, { body: lotsin });
    provider.failNext = new TemporaryFailure();

    await expect(setAccountEnabled(ports, { accountId, enabled: false })).rejects.toBeInstanceOf(TemporaryFailure);
    expect((await registry.account(accountId))?.status).toBe('invited');
  });

  it('deletes the person and the registration; 404 for an unknown account', async () => {
    const { accountId } = await inviteAccount(ports, { body: lotsin });

    await deleteAccount(ports, { accountId });

    expect(await registry.account(accountId)).toBeNull();
    expect(provider.users.has(accountId)).toBe(false);
    await expect(deleteAccount(ports, { accountId })).rejects.toBeInstanceOf(NotFound);
    await expect(setAccountEnabled(ports, { accountId, enabled: false })).rejects.toBeInstanceOf(NotFound);
  });
});

describe('registering a client', () => {
  it("creates a client allowed only the role's scope, registers it, and returns its secret once", async () => {
    const client = await registerClient(ports, {
      body: { name: 'KIS St.-Beispiel', role: 'referrer', organizationId: 'klinik-mitte' },
    });

    expect(client).toEqual({
      clientId: 'client-1',
      clientSecret: 'secret-1',
      name: 'KIS St.-Beispiel',
      role: 'referrer',
      organizationId: 'klinik-mitte',
      status: 'active',
      createdAt: NOW.toISOString(),
    });
    expect(provider.clients.get('client-1')).toEqual({ name: 'KIS St.-Beispiel', scope: 'lotse/referrer' });
    expect(audience.clientIds).toEqual(['client-1']);
    expect(await registry.client('client-1')).not.toHaveProperty('clientSecret');
  });

  it('refuses an office client bound to an institution (422) and creates nothing', async () => {
    const attempt = registerClient(ports, { body: { name: 'X', role: 'office', organizationId: 'klinik-mitte' } });

    await expect(attempt).rejects.toBeInstanceOf(UnknownOrganization);
    expect(provider.clients.size).toBe(0);
  });

  it('deletes the client at the token service and in the registry; 404 the second time', async () => {
    const { clientId } = await registerClient(ports, {
      body: { name: 'X', role: 'office', organizationId: 'fb-nord' },
    });

    await deleteClient(ports, { clientId });

    expect(audience.clientIds).toEqual([]);
    expect(provider.clients.size).toBe(0);
    expect(await registry.client(clientId)).toBeNull();
    await expect(deleteClient(ports, { clientId })).rejects.toBeInstanceOf(NotFound);
  });
});
