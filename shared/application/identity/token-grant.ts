// Use case (token trigger): what an access token may carry, decided from the registration alone, failing closed.
import type { CatalogueSource, IdentityRegistry } from '#application/ports.ts';
import { grantFor, roleOfGroups, type TokenGrant } from '#domain/identity.ts';
import { knownOrganizations } from './known-organizations.ts';

export type TokenGrantPorts = {
  readonly registry: Pick<IdentityRegistry, 'account' | 'client' | 'setAccountStatus'>;
  readonly catalogue: CatalogueSource;
};

export type TokenSubject =
  /** A person: the account id (the token service's user name) and the groups the token service has them in. */
  | { readonly kind: 'person'; readonly accountId: string; readonly groups: readonly string[] }
  /** A system: the app client that asked with the client-credentials grant. */
  | { readonly kind: 'client'; readonly clientId: string };

/**
 * A person earns their registered role when they are in exactly that one group, their account is not disabled and
 * their organization is in the catalogue; a client earns its registered role when it is active and its organization
 * is in the catalogue. Everyone else gets no role scope. A person's first grant marks an invited account active.
 */
export async function grantToken(ports: TokenGrantPorts, subject: TokenSubject): Promise<TokenGrant | undefined> {
  const known = knownOrganizations(await ports.catalogue.current());
  if (subject.kind === 'client') {
    const client = await ports.registry.client(subject.clientId);
    return grantFor(client === null ? undefined : { ...client, enabled: client.status === 'active' }, known);
  }
  const account = await ports.registry.account(subject.accountId);
  if (account === null || roleOfGroups(subject.groups) !== account.role) return undefined;
  const grant = grantFor({ ...account, enabled: account.status !== 'disabled' }, known);
  if (grant !== undefined && account.status === 'invited') {
    await ports.registry.setAccountStatus(account.accountId, 'active', 'invited');
  }
  return grant;
}
