// Cognito's pre-token-generation trigger as the local issuer runs it: the V2_0/V3_0 event it sends the function, and
// how it applies the function's answer to the tokens (scopes requested and allowed, minus suppressed, plus added; claims
// added or suppressed, but never the ones that make a token what it is).
import { isRecord } from '#domain/json-value.ts';
import type { PoolUser } from './local-user-pool.ts';

export type TriggerVersion = 'V2_0' | 'V3_0';

export type TokenGenerationSource =
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_ClientCredentials';

/**
 * Claims a trigger can neither add, override nor suppress: Cognito keeps them as it set them. (A trigger changes
 * `scope` through scopesToAdd/scopesToSuppress and `cognito:groups` through groupOverrideDetails only.)
 */
export const PROTECTED_CLAIMS: ReadonlySet<string> = new Set([
  'acr',
  'amr',
  'at_hash',
  'aud',
  'auth_time',
  'azp',
  'client_id',
  'cognito:groups',
  'cognito:username',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
  'version',
]);

/** Whether a trigger of this version is invoked for this source: V2_0 leaves client-credentials tokens alone. */
export function triggerApplies(version: TriggerVersion, source: TokenGenerationSource): boolean {
  return version === 'V3_0' || source !== 'TokenGeneration_ClientCredentials';
}

/** The event Cognito sends: a person's user name, attributes, groups and requested scopes, or just the client. */
export function tokenGenerationEvent(input: {
  readonly version: TriggerVersion;
  readonly source: TokenGenerationSource;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The person; absent for a client-credentials token. */
  readonly user?: PoolUser;
  readonly scopes: readonly string[];
}) {
  const { user } = input;
  return {
    version: input.version === 'V3_0' ? '3' : '2',
    triggerSource: input.source,
    region: input.region,
    userPoolId: input.userPoolId,
    ...(user === undefined ? {} : { userName: user.username }),
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: input.clientId },
    request: {
      userAttributes:
        user === undefined
          ? {}
          : { ...user.attributes, 'cognito:user_status': 'CONFIRMED', ...aliasAttributes(user.attributes) },
      groupConfiguration: {
        groupsToOverride: [...(user?.groups ?? [])],
        iamRolesToOverride: [],
        preferredRole: null,
      },
      scopes: [...input.scopes],
    },
    response: { claimsAndScopeOverrideDetails: null },
  };
}

function aliasAttributes(attributes: Readonly<Record<string, string>>): Record<string, string> {
  return attributes.email_verified === 'true' && attributes.email !== undefined
    ? { 'cognito:email_alias': attributes.email }
    : {};
}

type TokenChanges = {
  readonly claimsToAddOrOverride: Readonly<Record<string, unknown>>;
  readonly claimsToSuppress: readonly string[];
};

/** What a trigger answered, read strictly: a malformed answer fails the token request, as it does at Cognito. */
export type TokenCustomization = {
  readonly accessToken: TokenChanges & {
    readonly scopesToAdd: readonly string[];
    readonly scopesToSuppress: readonly string[];
  };
  readonly idToken: TokenChanges;
  /** Replaces the `cognito:groups` claim of both tokens when given. */
  readonly groupsToOverride: readonly string[] | undefined;
};

export const NO_CUSTOMIZATION: TokenCustomization = {
  accessToken: { claimsToAddOrOverride: {}, claimsToSuppress: [], scopesToAdd: [], scopesToSuppress: [] },
  idToken: { claimsToAddOrOverride: {}, claimsToSuppress: [] },
  groupsToOverride: undefined,
};

export class InvalidTriggerResponse extends Error {
  override readonly name = 'InvalidTriggerResponse';
}

function strings(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new InvalidTriggerResponse(`${field} must be a list of strings`);
  }
  return value;
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new InvalidTriggerResponse(`${field} must be an object`);
  return value;
}

/** Reads the trigger's result (the event it returns) into the changes it asks for. */
export function readTokenCustomization(result: unknown): TokenCustomization {
  const response = record(isRecord(result) ? result.response : undefined, 'response');
  const details = record(response.claimsAndScopeOverrideDetails, 'claimsAndScopeOverrideDetails');
  const access = record(details.accessTokenGeneration, 'accessTokenGeneration');
  const id = record(details.idTokenGeneration, 'idTokenGeneration');
  const groups = record(details.groupOverrideDetails, 'groupOverrideDetails');
  return {
    accessToken: {
      claimsToAddOrOverride: record(access.claimsToAddOrOverride, 'accessTokenGeneration.claimsToAddOrOverride'),
      claimsToSuppress: strings(access.claimsToSuppress, 'accessTokenGeneration.claimsToSuppress'),
      scopesToAdd: strings(access.scopesToAdd, 'accessTokenGeneration.scopesToAdd'),
      scopesToSuppress: strings(access.scopesToSuppress, 'accessTokenGeneration.scopesToSuppress'),
    },
    idToken: {
      claimsToAddOrOverride: record(id.claimsToAddOrOverride, 'idTokenGeneration.claimsToAddOrOverride'),
      claimsToSuppress: strings(id.claimsToSuppress, 'idTokenGeneration.claimsToSuppress'),
    },
    groupsToOverride:
      groups.groupsToOverride === undefined || groups.groupsToOverride === null
        ? undefined
        : strings(groups.groupsToOverride, 'groupOverrideDetails.groupsToOverride'),
  };
}

/** The scopes of the access token: those requested (and allowed), minus the suppressed, plus the added. */
export function customizedScopes(requested: readonly string[], changes: TokenCustomization): string[] {
  const { scopesToAdd, scopesToSuppress } = changes.accessToken;
  const kept = requested.filter((scope) => !scopesToSuppress.includes(scope));
  return [...new Set([...kept, ...scopesToAdd])];
}

/** Claims after the changes: suppressed ones removed, added ones set; protected claims are left as they were. */
export function customizedClaims(
  claims: Readonly<Record<string, unknown>>,
  changes: TokenChanges,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...claims };
  for (const name of changes.claimsToSuppress) if (!PROTECTED_CLAIMS.has(name)) delete result[name];
  for (const [name, value] of Object.entries(changes.claimsToAddOrOverride)) {
    if (!PROTECTED_CLAIMS.has(name)) result[name] = value;
  }
  return result;
}
