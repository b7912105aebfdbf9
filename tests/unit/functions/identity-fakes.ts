// In-memory identity registry and token-service side for the use-case tests; the registry meets the same contract as
// the DynamoDB adapter (tests/contract/identity-registry.contract.ts).
import type { ApiAudience, IdentityProvider, IdentityRegistry } from '#application/ports.ts';
import { ResourceConflict } from '#domain/errors.ts';
import type { Account, Client } from '#domain/identity.ts';

const CREATED_AT = '2026-12-07T10:00:00.000Z';

/** An active referrer account of klinik-mitte, id acc-1, unless overridden. */
export function anAccount(overrides: Partial<Account> = {}): Account {
  return {
    accountId: 'acc-1',
    email: 'a@x.example',
    name: 'N',
    role: 'referrer',
    organizationId: 'klinik-mitte',
    status: 'active',
    createdAt: CREATED_AT,
    ...overrides,
  };
}

/** An active referrer client of klinik-mitte, id cli-1, unless overridden. */
export function aClient(overrides: Partial<Client> = {}): Client {
  return {
    clientId: 'cli-1',
    name: 'KIS',
    role: 'referrer',
    organizationId: 'klinik-mitte',
    status: 'active',
    createdAt: CREATED_AT,
    ...overrides,
  };
}

const byKey =
  <T>(key: (value: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export class InMemoryIdentityRegistry implements IdentityRegistry {
  readonly accountsById = new Map<string, Account>();
  readonly clientsById = new Map<string, Client>();

  async addAccount(account: Account) {
    const email = account.email.toLowerCase();
    if ([...this.accountsById.values()].some((other) => other.email.toLowerCase() === email)) {
      throw new ResourceConflict('This e-mail address already has an account.');
    }
    if (this.accountsById.has(account.accountId)) throw new ResourceConflict('This account exists.');
    this.accountsById.set(account.accountId, { ...account });
  }
  async account(accountId: string) {
    return this.accountsById.get(accountId) ?? null;
  }
  async accounts() {
    return [...this.accountsById.values()].sort(byKey((account) => account.accountId));
  }
  async setAccountStatus(accountId: string, status: Account['status'], onlyFrom?: Account['status']) {
    const account = this.accountsById.get(accountId);
    if (account === undefined || (onlyFrom !== undefined && account.status !== onlyFrom)) return null;
    const updated = { ...account, status };
    this.accountsById.set(accountId, updated);
    return updated;
  }
  async removeAccount(accountId: string) {
    const account = this.accountsById.get(accountId) ?? null;
    this.accountsById.delete(accountId);
    return account;
  }
  async addClient(client: Client) {
    if (this.clientsById.has(client.clientId)) throw new ResourceConflict('This client is already registered.');
    this.clientsById.set(client.clientId, { ...client });
  }
  async client(clientId: string) {
    return this.clientsById.get(clientId) ?? null;
  }
  async clients() {
    return [...this.clientsById.values()].sort(byKey((client) => client.clientId));
  }
  async setClientStatus(clientId: string, status: Client['status']) {
    const client = this.clientsById.get(clientId);
    if (client === undefined) return null;
    const updated = { ...client, status };
    this.clientsById.set(clientId, updated);
    return updated;
  }
  async removeClient(clientId: string) {
    const client = this.clientsById.get(clientId) ?? null;
    this.clientsById.delete(clientId);
    return client;
  }
}

/** The token service's side: who exists there, who is enabled, which clients with which scope; can be made to fail. */
export class InMemoryIdentityProvider implements IdentityProvider {
  readonly users = new Map<string, { account: Account; enabled: boolean }>();
  readonly clients = new Map<string, { name: string; scope: string }>();
  failNext: Error | undefined;
  #clients = 0;

  #fail() {
    const error = this.failNext;
    this.failNext = undefined;
    if (error !== undefined) throw error;
  }
  async inviteUser(account: Account) {
    this.#fail();
    this.users.set(account.accountId, { account, enabled: true });
  }
  async setUserEnabled(accountId: string, enabled: boolean) {
    this.#fail();
    const user = this.users.get(accountId);
    if (user !== undefined) user.enabled = enabled;
  }
  async deleteUser(accountId: string) {
    this.#fail();
    this.users.delete(accountId);
  }
  async createClient(input: { name: string; scope: string }) {
    this.#fail();
    this.#clients += 1;
    const clientId = `client-${this.#clients}`;
    this.clients.set(clientId, input);
    return { clientId, clientSecret: `secret-${this.#clients}` };
  }
  async deleteClient(clientId: string) {
    this.#fail();
    this.clients.delete(clientId);
  }
}

/** The client ids the API accepts, as last set. */
export class InMemoryApiAudience implements ApiAudience {
  clientIds: readonly string[] = [];
  async set(clientIds: readonly string[]) {
    this.clientIds = [...clientIds];
  }
}
