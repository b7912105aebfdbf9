// The template reader's user pool: groups, schema, e-mail alias, invitation, resource server scopes, app clients with
// their redirect URIs moved to the local gateway, the pre-token-generation trigger, and what it refuses.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAppModel } from '#infra/local/app-model.ts';
import { type CfnResource, readCloudAssembly } from '#infra/local/cloud-assembly.ts';

const ASSEMBLY = path.resolve(import.meta.dirname, 'fixtures', 'assembly');
const bindings = {
  region: 'eu-central-1',
  accountId: '000000000000',
  queueUrl: (name: string) => `http://127.0.0.1:9324/000000000000/${name}`,
  apiUrl: 'http://127.0.0.1:4321',
};

const pool = (properties: Record<string, unknown> = {}): CfnResource => ({
  Type: 'AWS::Cognito::UserPool',
  Properties: {
    AliasAttributes: ['email'],
    Schema: [
      { Name: 'email', Required: true, Mutable: true },
      { Name: 'name', Required: true, Mutable: true },
      { Name: 'organization_id', AttributeDataType: 'String', Mutable: true },
    ],
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: true,
      InviteMessageTemplate: { EmailSubject: 'Ihr Zugang', EmailMessage: 'Benutzername {username}, Passwort {####}' },
    },
    LambdaConfig: {
      PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': ['RouterFunction1', 'Arn'] }, LambdaVersion: 'V3_0' },
    },
    ...properties,
  },
});

const COGNITO: Record<string, CfnResource> = {
  AuthUserPool1: pool(),
  GroupReferrer: {
    Type: 'AWS::Cognito::UserPoolGroup',
    Properties: { GroupName: 'referrer', UserPoolId: { Ref: 'AuthUserPool1' } },
  },
  GroupOffice: {
    Type: 'AWS::Cognito::UserPoolGroup',
    Properties: { GroupName: 'office', UserPoolId: { Ref: 'AuthUserPool1' } },
  },
  ResourceServer1: {
    Type: 'AWS::Cognito::UserPoolResourceServer',
    Properties: {
      Identifier: 'lotse',
      Name: 'Lotse API',
      Scopes: [
        { ScopeName: 'referrer', ScopeDescription: 'r' },
        { ScopeName: 'office', ScopeDescription: 'o' },
      ],
      UserPoolId: { Ref: 'AuthUserPool1' },
    },
  },
  WebClient1: {
    Type: 'AWS::Cognito::UserPoolClient',
    Properties: {
      UserPoolId: { Ref: 'AuthUserPool1' },
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', { 'Fn::Join': ['', [{ Ref: 'ResourceServer1' }, '/referrer']] }],
      // The web app's origin in the cloud: a distribution's domain, which has no local value.
      CallbackURLs: [
        { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['Distribution1', 'DomainName'] }, '/anmeldung/rueckkehr']] },
      ],
      LogoutURLs: ['https://lotse.musterstadt.example/'],
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    },
  },
  Distribution1: { Type: 'AWS::CloudFront::Distribution', Properties: {} },
};

/** The fixture with the Cognito resources in its stateless stack (where the trigger's function lives). */
function withCognito(resources: Record<string, CfnResource>) {
  return readCloudAssembly(ASSEMBLY).map((stack) =>
    stack.stackName === 'Test-Stateless'
      ? { ...stack, template: { ...stack.template, Resources: { ...stack.template.Resources, ...resources } } }
      : stack,
  );
}

function thePool(resources: Record<string, CfnResource> = COGNITO) {
  const found = readAppModel(withCognito(resources), bindings).userPools.find(
    (candidate) => candidate.logicalId === 'AuthUserPool1',
  );
  if (found === undefined) throw new Error('no pool read');
  return found;
}

describe('reading the user pool', () => {
  it('gives the pool an id of Cognito’s form, and its groups, custom attributes, alias and invitation', () => {
    expect(thePool()).toMatchObject({
      id: 'eu-central-1_AuthUserPool1',
      groups: ['referrer', 'office'],
      customAttributes: ['organization_id'],
      emailAlias: true,
      invitation: { subject: 'Ihr Zugang', text: 'Benutzername {username}, Passwort {####}' },
    });
  });

  it('names the resource server scopes as the clients do', () => {
    expect(thePool().resourceScopes).toEqual(['lotse/referrer', 'lotse/office']);
  });

  it('finds the pre-token-generation trigger function and its event version', () => {
    expect(thePool().preTokenGeneration).toEqual({ functionName: 'router', version: 'V3_0' });
  });

  it("reads the web client with its scopes and validity, its redirect URIs on the gateway's origin", () => {
    expect(thePool().clients).toEqual([
      {
        logicalId: 'WebClient1',
        clientId: 'local-WebClient1',
        clientName: 'WebClient1',
        generateSecret: false,
        flows: ['code'],
        scopes: ['openid', 'lotse/referrer'],
        callbackUrls: ['http://127.0.0.1:4321/anmeldung/rueckkehr', 'http://localhost:4321/anmeldung/rueckkehr'],
        logoutUrls: ['http://127.0.0.1:4321/', 'http://localhost:4321/'],
        accessTokenSeconds: 900,
        idTokenSeconds: 900,
        refreshTokenSeconds: 43_200,
      },
    ]);
  });

  it('reads a client without validity as one with Cognito’s defaults (no value given)', () => {
    const machine = {
      Type: 'AWS::Cognito::UserPoolClient',
      Properties: {
        UserPoolId: { Ref: 'AuthUserPool1' },
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
      },
    };
    const client = thePool({ ...COGNITO, Machine1: machine }).clients.find((c) => c.logicalId === 'Machine1');

    expect(client).toMatchObject({ generateSecret: true, flows: ['client_credentials'] });
    expect(client?.accessTokenSeconds).toBeUndefined();
  });

  it("resolves a function's reference to the pool to the pool's local id", () => {
    const router = readCloudAssembly(ASSEMBLY).find((stack) => stack.stackName === 'Test-Stateless')?.template.Resources
      ?.RouterFunction1 as CfnResource;
    const withPoolId: CfnResource = {
      ...router,
      Properties: { ...router.Properties, Environment: { Variables: { USER_POOL_ID: { Ref: 'AuthUserPool1' } } } },
    };

    const model = readAppModel(withCognito({ ...COGNITO, RouterFunction1: withPoolId }), bindings);

    expect(model.functions.find((fn) => fn.name === 'router')?.environment.USER_POOL_ID).toBe(
      'eu-central-1_AuthUserPool1',
    );
  });
});

describe('what the template reader refuses of a user pool', () => {
  it('refuses another trigger, naming it', () => {
    const resources = { ...COGNITO, AuthUserPool1: pool({ LambdaConfig: { PostConfirmation: 'arn' } }) };

    expect(() => thePool(resources)).toThrow(/PostConfirmation are not reproduced locally/);
  });

  it('refuses a pre-token-generation trigger of event version 1', () => {
    const resources = {
      ...COGNITO,
      AuthUserPool1: pool({
        LambdaConfig: {
          PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': ['RouterFunction1', 'Arn'] }, LambdaVersion: 'V1_0' },
        },
      }),
    };

    expect(() => thePool(resources)).toThrow(/version V1_0 are not reproduced locally/);
  });
});
