// The local user pool made from the template's (groups, schema, resource server scopes, app clients, token trigger),
// and the accounts it starts with: one per institution and office of the catalogue and one coordinator, each also
// registered in the table, so that the token trigger grants them their role as it would in the cloud.
import { randomBytes } from 'node:crypto';
import type { IdentityRegistry } from '#application/ports.ts';
import type { Role } from '#domain/case.ts';
import type { Catalogue } from '#domain/catalogue.ts';
import { ORGANIZATION_ATTRIBUTE } from '#domain/identity.ts';
import type { AppModel, UserPoolModel } from './app-model.ts';
import { DEFAULT_VALIDITY, LocalUserPool, OAUTH_FLOWS, OPENID_SCOPES } from './local-user-pool.ts';

/** The coordinator's user name. */
export const COORDINATOR_USERNAME = 'koordination';

/** The password every local account signs in with: LOTSE_LOCAL_PASSWORD, else a random one for this start. */
export function localPassword(environment: NodeJS.ProcessEnv): string {
  const given = environment.LOTSE_LOCAL_PASSWORD;
  if (given !== undefined && given.length > 0) return given;
  return `Lotse-${randomBytes(9).toString('base64url')}`;
}

/** The one user pool of the assembly (the local runtime runs one), or undefined when the app has none. */
export function theUserPool(model: AppModel): UserPoolModel | undefined {
  const [pool, ...others] = model.userPools;
  if (others.length > 0) {
    throw new Error(`the local runtime runs one user pool; the assembly defines ${model.userPools.length}`);
  }
  return pool;
}

/** The pool with the template's clients under their template ids (a confidential one gets a random secret). */
export function createLocalUserPool(model: UserPoolModel, password: string): LocalUserPool {
  const pool = new LocalUserPool({
    id: model.id,
    groups: model.groups,
    customAttributes: model.customAttributes,
    emailAlias: model.emailAlias,
    scopes: [...OPENID_SCOPES, ...model.resourceScopes],
    ...(model.invitation === undefined ? {} : { invitation: model.invitation }),
    password,
  });
  for (const client of model.clients) {
    const flows = client.flows.map((flow) => {
      const known = OAUTH_FLOWS.find((candidate) => candidate === flow);
      if (known === undefined) throw new Error(`client ${client.logicalId}: OAuth flow ${flow} is unknown`);
      return known;
    });
    pool.addClient({
      clientId: client.clientId,
      clientName: client.clientName,
      secret: client.generateSecret ? randomBytes(38).toString('base64url') : undefined,
      flows,
      scopes: client.scopes,
      callbackUrls: client.callbackUrls,
      logoutUrls: client.logoutUrls,
      accessTokenSeconds: client.accessTokenSeconds ?? DEFAULT_VALIDITY.accessTokenSeconds,
      idTokenSeconds: client.idTokenSeconds ?? DEFAULT_VALIDITY.idTokenSeconds,
      refreshTokenSeconds: client.refreshTokenSeconds ?? DEFAULT_VALIDITY.refreshTokenSeconds,
      createdAt: new Date(),
    });
  }
  return pool;
}

/** The web app's client: the template's one client of the authorization-code flow without a secret. */
export function webClientOf(pool: LocalUserPool) {
  const client = pool.clients.find((candidate) => candidate.flows.includes('code') && candidate.secret === undefined);
  return client === undefined
    ? null
    : { clientId: client.clientId, redirectUris: [...client.callbackUrls], logoutUris: [...client.logoutUrls] };
}

export type SeededAccount = {
  readonly username: string;
  readonly role: Role;
  readonly organizationId: string | null;
  readonly email: string;
  readonly name: string;
};

/**
 * The accounts the local runtime starts with: per institution (referrer) and office (office) one whose user name is
 * the organization's id, and the coordinator. E-mail: an office's own, else a fictional one of the municipality's
 * local domain (also when two entries would share an address: an address belongs to one account).
 */
export function seededAccounts(catalogue: Catalogue): SeededAccount[] {
  const domain = `${catalogue.municipality.id}.lotse.local`;
  const taken = new Set<string>();
  const usernames = new Set<string>();
  const accounts: SeededAccount[] = [];
  const add = (username: string, role: Role, organizationId: string | null, name: string, email?: string) => {
    if (usernames.has(username.toLowerCase())) return;
    usernames.add(username.toLowerCase());
    const address = email !== undefined && !taken.has(email.toLowerCase()) ? email : `${username}@${domain}`;
    taken.add(address.toLowerCase());
    accounts.push({ username, role, organizationId, email: address, name });
  };
  add(COORDINATOR_USERNAME, 'coordinator', null, 'Koordination');
  for (const institution of catalogue.institutions) add(institution.id, 'referrer', institution.id, institution.name);
  for (const office of catalogue.offices) add(office.id, 'office', office.id, office.name, office.email);
  return accounts;
}

/** Creates each account in the pool (no invitation) and registers it, active, in the table. */
export async function seedAccounts(
  pool: LocalUserPool,
  registry: Pick<IdentityRegistry, 'addAccount'>,
  accounts: readonly SeededAccount[],
  now: Date = new Date(),
): Promise<void> {
  for (const account of accounts) {
    pool.createUser(
      account.username,
      {
        email: account.email,
        email_verified: 'true',
        name: account.name,
        ...(account.organizationId === null ? {} : { [ORGANIZATION_ATTRIBUTE]: account.organizationId }),
      },
      false,
    );
    pool.addUserToGroup(account.username, account.role);
    await registry.addAccount({
      accountId: account.username,
      email: account.email,
      name: account.name,
      role: account.role,
      organizationId: account.organizationId,
      status: 'active',
      createdAt: now.toISOString(),
    });
  }
}
