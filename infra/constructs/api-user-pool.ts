// The Cognito user pool that issues the API's access tokens. People are users (user name = their account id, e-mail
// as sign-in alias) in exactly one group per role, with their institution or office as a custom attribute; they sign
// in through managed login with the web app's public client (authorization code + PKCE). Systems are app clients
// the coordinator registers at run time (client credentials). Either way the pre-token-generation trigger puts
// exactly one role scope and the binding claim into the access token, from the registration alone, or none.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import {
  CfnManagedLoginBranding,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolOperation,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ROLES, type Role } from '#domain/case.ts';
import { ORGANIZATION_ATTRIBUTE, RESOURCE_SERVER_ID } from '#domain/identity.ts';

/** People's access tokens live 15 minutes: a disabled account's token stops working within that. */
export const PEOPLE_ACCESS_TOKEN_VALIDITY = Duration.minutes(15);
/** A working day; refresh tokens rotate on every use. */
export const PEOPLE_REFRESH_TOKEN_VALIDITY = Duration.hours(12);
/** The web app's sign-in return and sign-out landing paths (UI.md). */
export const SIGN_IN_RETURN_PATH = '/anmeldung/rueckkehr';
export const SIGN_OUT_PATH = '/';

/** The custom attribute's name without Cognito's `custom:` prefix. */
const ORGANIZATION_ATTRIBUTE_NAME = ORGANIZATION_ATTRIBUTE.replace(/^custom:/, '');

export type ApiUserPoolProps = {
  readonly domainPrefix: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** The web app's origin: the only place sign-in returns to. */
  readonly webAppOrigin: string;
  /** The pre-token-generation trigger (V3_0 events: people's and client-credentials tokens alike). */
  readonly tokenTrigger: IFunction;
};

export class ApiUserPool extends Construct {
  readonly userPool: UserPool;
  readonly resourceServer: UserPoolResourceServer;
  readonly domain: UserPoolDomain;
  /** The web app's public client (no secret); its id is the JWT authorizer's audience for people's tokens. */
  readonly webClient: UserPoolClient;
  readonly roleScopes: Readonly<Record<Role, ResourceServerScope>>;

  constructor(scope: Construct, id: string, props: ApiUserPoolProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      // Invited by a coordinator only; they sign in with the e-mail address (or the user name, their account id).
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true, mutable: true } },
      customAttributes: {
        [ORGANIZATION_ATTRIBUTE_NAME]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      // Plus plan with threat protection enforced: adaptive authentication and compromised-credential checks for
      // people, and the plan whose trigger customises access tokens (V2_0/V3_0).
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
        tempPasswordValidity: Duration.days(7),
      },
      userInvitation: {
        emailSubject: 'Ihr Zugang zu Lotse',
        emailBody:
          'Guten Tag, Sie wurden zu Lotse eingeladen. Ihr Benutzername: {username} – Ihr vorläufiges Passwort: {####}. ' +
          'Bei der ersten Anmeldung legen Sie ein eigenes Passwort und einen zweiten Faktor (Authenticator-App) fest.',
      },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, props.tokenTrigger, LambdaVersion.V3_0);

    // One group per role; the trigger grants a person nothing unless they are in exactly the group of their role.
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Lotse role ${role}`,
      });
    }

    this.roleScopes = Object.fromEntries(
      ROLES.map((role) => [role, new ResourceServerScope({ scopeName: role, scopeDescription: `Lotse ${role} API` })]),
    ) as Record<Role, ResourceServerScope>;
    this.resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: 'Lotse API',
      scopes: ROLES.map((role) => this.roleScopes[role]),
    });

    // Managed login (authorize, sign-in pages) and the token endpoint of both grants live on the domain.
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    // A browser cannot keep a secret: authorization code with PKCE, no user-password flows, revocable and rotating
    // refresh tokens. It may ask for every role scope; the trigger keeps only the account's own.
    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [
          OAuthScope.OPENID,
          OAuthScope.EMAIL,
          OAuthScope.PROFILE,
          ...ROLES.map((role) => OAuthScope.resourceServer(this.resourceServer, this.roleScopes[role])),
        ],
        callbackUrls: [`${props.webAppOrigin}${SIGN_IN_RETURN_PATH}`],
        logoutUrls: [`${props.webAppOrigin}${SIGN_OUT_PATH}`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      writeAttributes: new ClientAttributes(),
      accessTokenValidity: PEOPLE_ACCESS_TOKEN_VALIDITY,
      idTokenValidity: PEOPLE_ACCESS_TOKEN_VALIDITY,
      refreshTokenValidity: PEOPLE_REFRESH_TOKEN_VALIDITY,
      refreshTokenRotationGracePeriod: Duration.seconds(0),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
    // Managed login pages need a style for the client; Cognito's own look, German texts come with the browser.
    new CfnManagedLoginBranding(this, 'WebClientLogin', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.webClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }
}
