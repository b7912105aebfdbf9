import { beforeEach, describe, expect, it } from 'vitest';
import { grantToken, type TokenGrantPorts } from '#application/identity/token-grant.ts';
import { catalogueSource } from '../functions/fakes.ts';
import { aClient, anAccount, InMemoryIdentityRegistry } from '../functions/identity-fakes.ts';

let registry: InMemoryIdentityRegistry;
let ports: TokenGrantPorts;

const account = anAccount;
const client = aClient;

beforeEach(() => {
  registry = new InMemoryIdentityRegistry();
  ports = { registry, catalogue: catalogueSource() };
});

describe('a person', () => {
  it.each([
    ['referrer', 'klinik-mitte', { scope: 'lotse/referrer', claims: { institution_id: 'klinik-mitte' } }],
    ['office', 'fb-nord', { scope: 'lotse/office', claims: { office_id: 'fb-nord' } }],
    ['coordinator', null, { scope: 'lotse/coordinator', claims: {} }],
  ] as const)('as %s gets exactly the role scope and the binding claim', async (role, organizationId, grant) => {
    await registry.addAccount(account({ role, organizationId }));

    expect(await grantToken(ports, { kind: 'person', accountId: 'acc-1', groups: [role] })).toEqual(grant);
  });

  it.each([
    ['no group', []],
    ['several groups', ['referrer', 'coordinator']],
    ['a group that is not the registered role', ['coordinator']],
    ['a group that is no role', ['admins']],
  ])('in %s gets no role scope', async (_, groups) => {
    await registry.addAccount(account({}));

    expect(await grantToken(ports, { kind: 'person', accountId: 'acc-1', groups })).toBeUndefined();
  });

  it('without a registration gets no role scope', async () => {
    expect(await grantToken(ports, { kind: 'person', accountId: 'acc-1', groups: ['referrer'] })).toBeUndefined();
  });

  it('whose account is disabled gets no role scope', async () => {
    await registry.addAccount(account({ status: 'disabled' }));

    expect(await grantToken(ports, { kind: 'person', accountId: 'acc-1', groups: ['referrer'] })).toBeUndefined();
  });

  it('whose institution left the catalogue gets no role scope', async () => {
    await registry.addAccount(account({ organizationId: 'klinik-geschlossen' }));

    expect(await grantToken(ports, { kind: 'person', accountId: 'acc-1', groups: ['referrer'] })).toBeUndefined();
  });

  it('marks an invited account active on the first grant, and only then', async () => {
    await registry.addAccount(account({ status: 'invited' }));

    await grantToken(ports, { kind: 'person', accountId: 'acc-1', groups: ['referrer'] });

    expect((await registry.account('acc-1'))?.status).toBe('active');
  });

  it('leaves an invited account invited when it earns no grant', async () => {
    await registry.addAccount(account({ status: 'invited' }));

    await grantToken(ports, { kind: 'person', accountId: 'acc-1', groups: [] });

    expect((await registry.account('acc-1'))?.status).toBe('invited');
  });
});

describe('a system', () => {
  it("gets its registration's role scope and binding claim", async () => {
    await registry.addClient(client({ role: 'office', organizationId: 'fb-nord' }));

    expect(await grantToken(ports, { kind: 'client', clientId: 'cli-1' })).toEqual({
      scope: 'lotse/office',
      claims: { office_id: 'fb-nord' },
    });
  });

  it.each([
    ['is not registered', undefined],
    ['is disabled', client({ status: 'disabled' })],
    ['names an office the catalogue lacks', client({ role: 'office', organizationId: 'fb-ost' })],
    ['names an institution for role office', client({ role: 'office' })],
  ])('that %s gets no role scope', async (_, registration) => {
    if (registration !== undefined) await registry.addClient(registration);

    expect(await grantToken(ports, { kind: 'client', clientId: 'cli-1' })).toBeUndefined();
  });
});
