// The Cognito user pool that issues the API's access tokens: resource server `lotse` with one scope per role.
//
// Clients authenticate with the OAuth client-credentials flow (machine to machine: the referring institution's
// system, the family office's system). The scope says the role; the binding claims the API also needs
// (`institution_id` for a referrer, `office_id` for an office) are NOT issued yet. A later issue adds a
// pre-token-generation Lambda trigger (event version V3_0, which Cognito invokes for client-credentials grants on
// the Essentials/Plus feature plans) that looks the calling app client up in the catalogue and adds the claim via
// `claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride`. Until then one client per role
// exists and the binding claim has to come from that trigger before real institutions are onboarded.
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

import { ROLES, type Role } from '#domain/case.ts';
import { RESOURCE_SERVER_ID } from '#http/scopes.ts';

export type ApiUserPoolProps = {
  readonly domainPrefix: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly accessTokenValidity: Duration;
};

export class ApiUserPool extends Construct {
  readonly userPool: UserPool;
  readonly resourceServer: UserPoolResourceServer;
  readonly domain: UserPoolDomain;
  /** One client-credentials app client per role; their ids are the JWT authorizer's audience. */
  readonly clients: Record<Role, UserPoolClient>;

  constructor(scope: Construct, id: string, props: ApiUserPoolProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      // Plus plan with threat protection enforced: adaptive authentication and compromised-credential checks
      // for any human sign-in added later, and the plan that lets the token trigger enrich M2M tokens.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });

    const roleScopes = Object.fromEntries(
      ROLES.map((role) => [role, new ResourceServerScope({ scopeName: role, scopeDescription: `Lotse ${role} API` })]),
    ) as Record<Role, ResourceServerScope>;

    this.resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: 'Lotse API',
      scopes: ROLES.map((role) => roleScopes[role]),
    });

    // The token endpoint for the client-credentials grant lives on the hosted domain.
    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    const client = (role: Role, clientId: string): UserPoolClient =>
      this.userPool.addClient(clientId, {
        generateSecret: true,
        authFlows: {},
        oAuth: {
          flows: { clientCredentials: true },
          scopes: [OAuthScope.resourceServer(this.resourceServer, roleScopes[role])],
        },
        accessTokenValidity: props.accessTokenValidity,
        enableTokenRevocation: true,
        preventUserExistenceErrors: true,
      });
    this.clients = {
      referrer: client('referrer', 'ReferrerClient'),
      office: client('office', 'OfficeClient'),
      coordinator: client('coordinator', 'CoordinatorClient'),
    };
  }
}
