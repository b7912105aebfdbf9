// Who may act: people's accounts and systems' registered clients, each bound to one role and, for referrer and office,
// one institution or office of the catalogue; and the rule that turns a registration into an access token's grant.
import * as z from 'zod';
import { ROLES, type Role } from './case.ts';
import { emailAddress, entityId, oneOf, text } from './field-rules.ts';
import { lazily } from './lazily.ts';

/** The OAuth resource server of the API: one scope per role, e.g. `lotse/referrer`. */
export const RESOURCE_SERVER_ID = 'lotse';

/** The scope string as it appears in an access token's `scope` claim, e.g. `lotse/referrer`. */
export function scopeOf(role: Role): string {
  return `${RESOURCE_SERVER_ID}/${role}`;
}

/** Every role scope: a token service suppresses all of them but the one a registration earns. */
export const ROLE_SCOPES: readonly string[] = ROLES.map(scopeOf);

/** The user attribute (Cognito: a custom attribute) that names a person's institution or office. */
export const ORGANIZATION_ATTRIBUTE = 'custom:organization_id';

export const ACCOUNT_STATUSES = ['invited', 'active', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const CLIENT_STATUSES = ['active', 'disabled'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

/** A person's account as the coordinator sees it. `organizationId` is null for a coordinator. */
export type Account = {
  readonly accountId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly organizationId: string | null;
  readonly status: AccountStatus;
  readonly createdAt: string;
};

/** A system registered as an OAuth client; its secret is never stored here (the token service keeps it). */
export type Client = {
  readonly clientId: string;
  readonly name: string;
  readonly role: Role;
  readonly organizationId: string | null;
  readonly status: ClientStatus;
  readonly createdAt: string;
};

const organizationId = lazily(() => entityId().optional());

/** `POST /v1/accounts`. The e-mail is compared case-insensitively, so it is kept as written but checked lowercased. */
export const accountBodySchema = lazily(() =>
  z
    .object({
      email: emailAddress(),
      name: text(200),
      role: oneOf(ROLES),
      organizationId: organizationId(),
    })
    .strict(),
);
export type AccountBody = z.infer<ReturnType<typeof accountBodySchema>>;

/** `POST /v1/clients`: a system of an institution or office (or a coordinator's reporting system). */
export const clientBodySchema = lazily(() =>
  z
    .object({
      name: text(200),
      role: oneOf(ROLES),
      organizationId: organizationId(),
    })
    .strict(),
);
export type ClientBody = z.infer<ReturnType<typeof clientBodySchema>>;

export const accountFilterSchema = lazily(() =>
  z
    .object({
      role: oneOf(ROLES).optional(),
      organizationId: entityId().optional(),
    })
    .strict(),
);

/** The ids of the catalogue's institutions and offices: what a registration may be bound to. */
export type KnownOrganizations = {
  readonly institutionIds: ReadonlySet<string>;
  readonly officeIds: ReadonlySet<string>;
};

/** Whether `organizationId` is what `role` must be bound to: an institution, an office, or nothing (coordinator). */
export function bindingProblem(
  role: Role,
  organizationId: string | null | undefined,
  known: KnownOrganizations,
): string | undefined {
  switch (role) {
    case 'referrer':
      return organizationId != null && known.institutionIds.has(organizationId)
        ? undefined
        : 'organizationId must name an institution of the catalogue for role referrer';
    case 'office':
      return organizationId != null && known.officeIds.has(organizationId)
        ? undefined
        : 'organizationId must name an office of the catalogue for role office';
    case 'coordinator':
      return organizationId == null ? undefined : 'organizationId is not given for role coordinator';
  }
}

/** What an access token carries: exactly one role scope and the binding claim. */
export type TokenGrant = { readonly scope: string; readonly claims: Readonly<Record<string, string>> };

/**
 * The grant a registration earns, or none (fails closed): no registration, a disabled one, or one whose binding the
 * catalogue no longer has, gets no role scope at all.
 */
export function grantFor(
  registration: { readonly role: Role; readonly organizationId: string | null; readonly enabled: boolean } | undefined,
  known: KnownOrganizations,
): TokenGrant | undefined {
  if (registration === undefined || !registration.enabled) return undefined;
  const { role, organizationId } = registration;
  if (bindingProblem(role, organizationId, known) !== undefined) return undefined;
  const claims: Record<string, string> =
    role === 'referrer' && organizationId !== null
      ? { institution_id: organizationId }
      : role === 'office' && organizationId !== null
        ? { office_id: organizationId }
        : {};
  return { scope: scopeOf(role), claims };
}

/** A person's role from their groups: exactly one group, and it names a role; anything else earns none. */
export function roleOfGroups(groups: readonly string[]): Role | undefined {
  if (groups.length !== 1) return undefined;
  return ROLES.find((role) => role === groups[0]);
}
