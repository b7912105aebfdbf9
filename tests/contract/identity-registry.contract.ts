// What every IdentityRegistry does, written once: run against the in-memory fake (unit tier) and the DynamoDB adapter
// on DynamoDB Local (component tier). Ids and e-mails are unique per test, so the registry may be shared.
import { describe, expect, it } from 'vitest';
import type { IdentityRegistry } from '#application/ports.ts';
import { ResourceConflict } from '#domain/errors.ts';
import type { Account, Client } from '#domain/identity.ts';

let tests = 0;

function account(overrides: Partial<Account> = {}): Account {
  tests += 1;
  return {
    accountId: `account-${tests}`,
    email: `lotsin-${tests}@klinik.example`,
    name: 'Lotsin',
    role: 'referrer',
    organizationId: 'klinik-mitte',
    status: 'invited',
    createdAt: '2026-12-07T10:00:00.000Z',
    ...overrides,
  };
}

function client(overrides: Partial<Client> = {}): Client {
  tests += 1;
  return {
    clientId: `client-${tests}`,
    name: 'KIS der Klinik',
    role: 'referrer',
    organizationId: 'klinik-mitte',
    status: 'active',
    createdAt: '2026-12-07T10:00:00.000Z',
    ...overrides,
  };
}

export function identityRegistryContract(subject: string, setup: () => Promise<IdentityRegistry>): void {
  describe(`${subject}: accounts`, () => {
    it('adds an account that reads back as written and is listed in id order', async () => {
      const registry = await setup();
      const first = account({ accountId: `b-${tests}` });
      const second = account({ accountId: `a-${tests}`, role: 'coordinator', organizationId: null });

      await registry.addAccount(first);
      await registry.addAccount(second);

      expect(await registry.account(first.accountId)).toEqual(first);
      expect(await registry.account(second.accountId)).toEqual(second);
      const listed = (await registry.accounts()).filter((item) =>
        [first, second].some((a) => a.accountId === item.accountId),
      );
      expect(listed).toEqual([second, first]);
    });

    it('refuses a second account for the same e-mail, however it is capitalised, and keeps the first', async () => {
      const registry = await setup();
      const first = account();
      await registry.addAccount(first);

      const again = account({ email: first.email.toUpperCase() });
      await expect(registry.addAccount(again)).rejects.toBeInstanceOf(ResourceConflict);

      expect(await registry.account(again.accountId)).toBeNull();
      expect(await registry.account(first.accountId)).toEqual(first);
    });

    it('sets a status, conditionally on the current one when asked; null for no such account', async () => {
      const registry = await setup();
      const invited = account();
      await registry.addAccount(invited);

      expect(await registry.setAccountStatus(invited.accountId, 'disabled', 'active')).toBeNull();
      expect(await registry.setAccountStatus(invited.accountId, 'active', 'invited')).toEqual({
        ...invited,
        status: 'active',
      });
      expect(await registry.setAccountStatus(invited.accountId, 'disabled')).toEqual({
        ...invited,
        status: 'disabled',
      });
      expect(await registry.setAccountStatus('no-such-account', 'disabled')).toBeNull();
    });

    it('removes an account and frees its e-mail for a new one', async () => {
      const registry = await setup();
      const first = account();
      await registry.addAccount(first);

      expect(await registry.removeAccount(first.accountId)).toEqual(first);
      expect(await registry.account(first.accountId)).toBeNull();
      expect(await registry.removeAccount(first.accountId)).toBeNull();
      const successor = account({ email: first.email });
      await registry.addAccount(successor);
      expect(await registry.account(successor.accountId)).toEqual(successor);
    });
  });

  describe(`${subject}: clients`, () => {
    it('adds, lists, disables and removes a client', async () => {
      const registry = await setup();
      const registered = client();

      await registry.addClient(registered);

      expect(await registry.client(registered.clientId)).toEqual(registered);
      expect((await registry.clients()).filter((item) => item.clientId === registered.clientId)).toEqual([registered]);
      expect(await registry.setClientStatus(registered.clientId, 'disabled')).toEqual({
        ...registered,
        status: 'disabled',
      });
      expect(await registry.removeClient(registered.clientId)).toEqual({ ...registered, status: 'disabled' });
      expect(await registry.client(registered.clientId)).toBeNull();
      expect(await registry.setClientStatus(registered.clientId, 'active')).toBeNull();
    });

    it('refuses to register the same client id twice', async () => {
      const registry = await setup();
      const registered = client();
      await registry.addClient(registered);

      await expect(registry.addClient({ ...registered, name: 'Anderes System' })).rejects.toBeInstanceOf(
        ResourceConflict,
      );
      expect(await registry.client(registered.clientId)).toEqual(registered);
    });
  });
}
