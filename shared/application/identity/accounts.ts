// Use cases (coordinator): invite, list, disable, enable and delete people's accounts; register, list and delete
// systems' clients; and, when the catalogue loses an institution or office, disable everything bound to it.
import type {
  ApiAudience,
  CatalogueSource,
  Clock,
  IdentityProvider,
  IdentityRegistry,
  IdGenerator,
} from '#application/ports.ts';
import type { Role } from '#domain/case.ts';
import { NotFound, UnknownOrganization } from '#domain/errors.ts';
import {
  type Account,
  type AccountBody,
  bindingProblem,
  type Client,
  type ClientBody,
  scopeOf,
} from '#domain/identity.ts';
import { knownOrganizations } from './known-organizations.ts';

export type IdentityPorts = {
  readonly registry: IdentityRegistry;
  readonly provider: IdentityProvider;
  readonly audience: ApiAudience;
  readonly catalogue: CatalogueSource;
  readonly clock: Clock;
  readonly ids: IdGenerator;
};

export const ACCOUNT_PAGE_LIMIT = { default: 50, max: 200 } as const;

const NO_ORGANIZATIONS = { institutionIds: new Set<string>(), officeIds: new Set<string>() };

/** A coordinator is bound to nothing, so inviting one needs no catalogue (the first one comes before any import). */
async function checkBinding(ports: Pick<IdentityPorts, 'catalogue'>, role: Role, organizationId: string | undefined) {
  const known = role === 'coordinator' ? NO_ORGANIZATIONS : knownOrganizations(await ports.catalogue.current());
  const problem = bindingProblem(role, organizationId, known);
  if (problem !== undefined) throw new UnknownOrganization(problem);
}

/**
 * Registers the account first (which claims the e-mail), then has the token service invite the person; should the
 * invitation fail, the registration is taken back, so a retry starts clean.
 */
export async function inviteAccount(
  ports: Pick<IdentityPorts, 'registry' | 'provider' | 'catalogue' | 'clock' | 'ids'>,
  input: { body: AccountBody },
): Promise<Account> {
  const { email, name, role, organizationId } = input.body;
  await checkBinding(ports, role, organizationId);
  const account: Account = {
    accountId: ports.ids.next(),
    email,
    name,
    role,
    organizationId: organizationId ?? null,
    status: 'invited',
    createdAt: ports.clock.now().toISOString(),
  };
  await ports.registry.addAccount(account);
  try {
    await ports.provider.inviteUser(account);
  } catch (error) {
    await ports.registry.removeAccount(account.accountId);
    throw error;
  }
  return account;
}

export type AccountPage = { items: Account[]; nextCursor: string | null };

/** Accounts ordered by id, filtered by role and organization; the cursor is the last id of the page before. */
export async function listAccounts(
  ports: Pick<IdentityPorts, 'registry'>,
  input: {
    role?: Role | undefined;
    organizationId?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
): Promise<AccountPage> {
  const { role, organizationId, cursor } = input;
  const limit = input.limit ?? ACCOUNT_PAGE_LIMIT.default;
  const matching = (await ports.registry.accounts()).filter(
    (account) =>
      (role === undefined || account.role === role) &&
      (organizationId === undefined || account.organizationId === organizationId) &&
      (cursor === undefined || account.accountId > cursor),
  );
  const items = matching.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: matching.length > limit && last !== undefined ? last.accountId : null };
}

/** Disables or enables an account, at the token service first (so a disabled person is locked out at once). */
export async function setAccountEnabled(
  ports: Pick<IdentityPorts, 'registry' | 'provider'>,
  input: { accountId: string; enabled: boolean },
): Promise<Account> {
  const account = await ports.registry.account(input.accountId);
  if (account === null) throw new NotFound();
  await ports.provider.setUserEnabled(account.accountId, input.enabled);
  // An enabled account that never signed in is still only invited; the token trigger marks the first sign-in.
  const status = input.enabled ? (account.status === 'disabled' ? 'active' : account.status) : 'disabled';
  const updated = await ports.registry.setAccountStatus(account.accountId, status);
  if (updated === null) throw new NotFound();
  return updated;
}

export async function deleteAccount(
  ports: Pick<IdentityPorts, 'registry' | 'provider'>,
  input: { accountId: string },
): Promise<void> {
  const account = await ports.registry.account(input.accountId);
  if (account === null) throw new NotFound();
  await ports.provider.deleteUser(account.accountId);
  await ports.registry.removeAccount(account.accountId);
}

export type RegisteredClient = Client & { readonly clientSecret: string };

/**
 * The API accepts exactly the registered clients' tokens: set from the registry as it is now, so that a lost race or
 * a redeployed authorizer is healed by the next call (the sweeper calls it too).
 */
export async function syncApiAudience(ports: Pick<IdentityPorts, 'registry' | 'audience'>): Promise<void> {
  await ports.audience.set((await ports.registry.clients()).map((client) => client.clientId));
}

/**
 * Creates the client at the token service, registers it (the trigger grants nothing to an unregistered one) and lets
 * the API accept its tokens.
 */
export async function registerClient(ports: IdentityPorts, input: { body: ClientBody }): Promise<RegisteredClient> {
  const { name, role, organizationId } = input.body;
  await checkBinding(ports, role, organizationId);
  const { clientId, clientSecret } = await ports.provider.createClient({ name, scope: scopeOf(role) });
  const client: Client = {
    clientId,
    name,
    role,
    organizationId: organizationId ?? null,
    status: 'active',
    createdAt: ports.clock.now().toISOString(),
  };
  try {
    await ports.registry.addClient(client);
  } catch (error) {
    await ports.provider.deleteClient(clientId);
    throw error;
  }
  await syncApiAudience(ports);
  return { ...client, clientSecret };
}

export async function listClients(ports: Pick<IdentityPorts, 'registry'>): Promise<{ items: Client[] }> {
  return { items: await ports.registry.clients() };
}

export async function deleteClient(
  ports: Pick<IdentityPorts, 'registry' | 'provider' | 'audience'>,
  input: { clientId: string },
): Promise<void> {
  const client = await ports.registry.client(input.clientId);
  if (client === null) throw new NotFound();
  await ports.provider.deleteClient(client.clientId);
  await ports.registry.removeClient(client.clientId);
  await syncApiAudience(ports);
}

/**
 * The catalogue no longer has `organizationId`: its people are disabled at the token service and in the registry,
 * its clients in the registry (the trigger then grants them nothing). Returns how many of each were disabled.
 */
export async function disableOrganization(
  ports: Pick<IdentityPorts, 'registry' | 'provider'>,
  organizationId: string,
): Promise<{ accounts: number; clients: number }> {
  const accounts = (await ports.registry.accounts()).filter(
    (account) => account.organizationId === organizationId && account.status !== 'disabled',
  );
  for (const account of accounts) await setAccountEnabled(ports, { accountId: account.accountId, enabled: false });
  const clients = (await ports.registry.clients()).filter(
    (client) => client.organizationId === organizationId && client.status !== 'disabled',
  );
  for (const client of clients) await ports.registry.setClientStatus(client.clientId, 'disabled');
  return { accounts: accounts.length, clients: clients.length };
}
