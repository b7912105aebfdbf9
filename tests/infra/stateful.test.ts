// The stateful stack: keys, the main and the personal table, user pool; and what differs (and what does not) between
// dev and prod.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INBOX_INDEX_ATTRIBUTES, REFERRALS_INDEX_ATTRIBUTES, SWEEP_INDEX_ATTRIBUTES } from '#adapters/keys.ts';
import {
  type CfnResource,
  dataIdsOf,
  functionNamed,
  onlyLogicalId,
  type SynthesizedStage,
  synthStage,
} from './synth.ts';

describe('stateful resources', () => {
  let dev: SynthesizedStage;
  let prod: SynthesizedStage;

  beforeAll(() => {
    dev = synthStage('dev');
    prod = synthStage('prod');
  });

  /** The main table (or the personal table) of a stage's stateful stack. */
  const tableOf = (stage: SynthesizedStage, which: 'table' | 'personalTable' = 'table') =>
    stage.stateful.findResources('AWS::DynamoDB::Table')[dataIdsOf(stage)[which]] as CfnResource;

  it('encrypts with a customer-managed key that rotates', () => {
    dev.stateful.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('lets CloudWatch Logs use the key only for log groups of this account and region', () => {
    dev.stateful.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('keeps exactly two tables, the main and the personal one, each under its own key', () => {
    const ids = dataIdsOf(dev);

    expect(Object.keys(dev.stateful.findResources('AWS::DynamoDB::Table')).sort()).toEqual(
      [ids.table, ids.personalTable].sort(),
    );
    expect(Object.keys(dev.stateful.findResources('AWS::KMS::Key')).sort()).toEqual([ids.key, ids.personalKey].sort());
    expect(ids.key).not.toBe(ids.personalKey);
  });

  it('keeps the main table on demand with pk/sk, TTL on expiresAt and KMS encryption', () => {
    const keyId = dataIdsOf(dev).key;

    expect(tableOf(dev).Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
  });

  it.each([
    ['GSI1', 'gsi1pk', 'gsi1sk', INBOX_INDEX_ATTRIBUTES],
    ['GSI2', 'gsi2pk', 'gsi2sk', SWEEP_INDEX_ATTRIBUTES],
    ['GSI3', 'gsi3pk', 'gsi3sk', INBOX_INDEX_ATTRIBUTES],
    ['GSI4', 'gsi4pk', 'gsi4sk', REFERRALS_INDEX_ATTRIBUTES],
  ])('has index %s on %s/%s projecting only what its readers use', (indexName, partitionKey, sortKey, attributes) => {
    expect(tableOf(dev).Properties.GlobalSecondaryIndexes).toContainEqual({
      IndexName: indexName,
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...attributes] },
    });
  });

  it('has exactly the four indexes', () => {
    const indexes = tableOf(dev).Properties.GlobalSecondaryIndexes as { IndexName: string }[];

    expect(indexes.map((index) => index.IndexName).sort()).toEqual(['GSI1', 'GSI2', 'GSI3', 'GSI4']);
  });

  it('keeps the personal table on demand with pk/sk, TTL on expiresAt, no index and its own KMS key', () => {
    const { personalKey } = dataIdsOf(dev);

    expect(tableOf(dev, 'personalTable').Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [personalKey, 'Arn'] } },
    });
    expect(tableOf(dev, 'personalTable').Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  it("rotates the personal table's key, names it by its own alias and lets no service but the account use it", () => {
    const { key, personalKey } = dataIdsOf(dev);
    const keys = dev.stateful.findResources('AWS::KMS::Key');
    const statementsOf = (id: string) =>
      ((keys[id] as CfnResource).Properties.KeyPolicy as { Statement: { Principal: unknown }[] }).Statement;

    expect((keys[personalKey] as CfnResource).Properties).toMatchObject({ EnableKeyRotation: true });
    expect((keys[key] as CfnResource).Properties).toMatchObject({ EnableKeyRotation: true });
    // The main key's policy: the account, and CloudWatch Logs for log groups; the personal key's: the account alone.
    expect(statementsOf(personalKey)).toEqual(
      statementsOf(key).filter((statement) => JSON.stringify(statement.Principal).includes(':root')),
    );
    expect(statementsOf(personalKey)).toHaveLength(1);
    dev.stateful.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/lotse/musterstadt/dev/personal',
      TargetKeyId: { 'Fn::GetAtt': [personalKey, 'Arn'] },
    });
  });

  it('declares every key attribute as a string', () => {
    const definitions = tableOf(dev).Properties.AttributeDefinitions as { AttributeType: string }[];

    expect(definitions).toHaveLength(10);
    expect(new Set(definitions.map((definition) => definition.AttributeType))).toEqual(new Set(['S']));
  });

  it('lets nobody sign up to the user pool', () => {
    dev.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('enforces threat protection on the Plus plan', () => {
    dev.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('defines the resource server lotse with the three role scopes', () => {
    dev.stateful.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'lotse',
      Scopes: [
        Match.objectLike({ ScopeName: 'referrer' }),
        Match.objectLike({ ScopeName: 'office' }),
        Match.objectLike({ ScopeName: 'coordinator' }),
      ],
    });
  });

  describe('identity', () => {
    it.each(['referrer', 'office', 'coordinator'])('has a group for role %s', (role) => {
      dev.stateful.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    });

    it("keeps each person's organization in a custom attribute and lets people sign in by e-mail", () => {
      dev.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
        AliasAttributes: ['email'],
        Schema: Match.arrayWith([
          Match.objectLike({ Name: 'organization_id', AttributeDataType: 'String', Mutable: true }),
        ]),
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      });
    });

    it("runs the token trigger on every token, people's and machines' (event version V3_0)", () => {
      const trigger = functionNamed(dev.stateful, 'token');

      dev.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
        LambdaConfig: {
          PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [trigger.logicalId, 'Arn'] }, LambdaVersion: 'V3_0' },
        },
      });
      dev.stateful.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [trigger.logicalId, 'Arn'] },
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [onlyLogicalId(dev.stateful, 'AWS::Cognito::UserPool'), 'Arn'] },
      });
      expect(trigger.resource.Properties.Timeout).toBeLessThanOrEqual(5);
    });

    it('gives the web app a public code + PKCE client with short, rotating tokens returning only to its origin', () => {
      const clients = Object.values(dev.stateful.findResources('AWS::Cognito::UserPoolClient')).map(
        (client) => (client as CfnResource).Properties,
      );

      expect(clients).toHaveLength(1);
      expect(clients[0]).toMatchObject({
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        CallbackURLs: ['http://localhost:3000/anmeldung/rueckkehr'],
        LogoutURLs: ['http://localhost:3000/'],
        SupportedIdentityProviders: ['COGNITO'],
        AccessTokenValidity: 15,
        TokenValidityUnits: expect.objectContaining({ AccessToken: 'minutes' }),
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
      });
      expect(clients[0]?.ExplicitAuthFlows ?? ['ALLOW_REFRESH_TOKEN_AUTH']).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
      prod.stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        CallbackURLs: ['https://lotse.musterstadt.example/anmeldung/rueckkehr'],
      });
    });

    it('serves managed login for the web client', () => {
      dev.stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
      dev.stateful.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
    });
  });

  describe('prod versus dev', () => {
    it.each(['table', 'personalTable'] as const)(
      'turns on deletion protection and point-in-time recovery of the %s only in prod',
      (which) => {
        expect(tableOf(prod, which).Properties).toMatchObject({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        });
        expect(tableOf(dev, which).Properties).toMatchObject({
          DeletionProtectionEnabled: false,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
        });
      },
    );

    it.each(['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Cognito::UserPool', 'AWS::SQS::Queue'])(
      'retains %s in prod and deletes it in dev',
      (type) => {
        const policies = (template: Template) =>
          Object.values(template.findResources(type)).map((resource) => (resource as CfnResource).DeletionPolicy);

        expect(new Set(policies(prod.stateful))).toEqual(new Set(['Retain']));
        expect(new Set(policies(dev.stateful))).toEqual(new Set(['Delete']));
      },
    );

    it('protects the prod user pool and stack from deletion', () => {
      prod.stateful.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
      dev.stateful.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
    });

    it('keeps logs for 90 days in prod and 7 days in dev', () => {
      const retentions = (template: Template) =>
        new Set(
          Object.values(template.findResources('AWS::Logs::LogGroup')).map(
            (group) => (group as CfnResource).Properties.RetentionInDays,
          ),
        );

      expect(retentions(prod.stateless)).toEqual(new Set([90]));
      expect(retentions(dev.stateless)).toEqual(new Set([7]));
    });

    it('logs at INFO in prod and DEBUG in dev', () => {
      const levels = (template: Template) =>
        new Set(
          Object.values(template.findResources('AWS::Lambda::Function')).map(
            (fn) =>
              ((fn as CfnResource).Properties.Environment as { Variables: { LOG_LEVEL: string } }).Variables.LOG_LEVEL,
          ),
        );

      expect(levels(prod.stateless)).toEqual(new Set(['INFO']));
      expect(levels(dev.stateless)).toEqual(new Set(['DEBUG']));
    });

    it('gives both stages the same queue settings', () => {
      const settings = (template: Template) =>
        Object.values(template.findResources('AWS::SQS::Queue'))
          .map((queue) => {
            const { VisibilityTimeout, MessageRetentionPeriod, RedrivePolicy } = (queue as CfnResource).Properties;
            return JSON.stringify({
              VisibilityTimeout,
              MessageRetentionPeriod,
              maxReceiveCount: (RedrivePolicy as { maxReceiveCount?: number } | undefined)?.maxReceiveCount,
            });
          })
          .sort();

      expect(settings(prod.stateful)).toEqual(settings(dev.stateful));
    });

    it('gives both stages the same deadlines and retention', () => {
      const variables = (template: Template, name: string) =>
        (functionNamed(template, name).resource.Properties.Environment as { Variables: Record<string, unknown> })
          .Variables;

      expect(variables(prod.stateless, 'office').RESPONSE_DEADLINE_DAYS).toBe(
        variables(dev.stateless, 'office').RESPONSE_DEADLINE_DAYS,
      );
      expect(variables(prod.stateless, 'office').RETENTION_DAYS).toBe(
        variables(dev.stateless, 'office').RETENTION_DAYS,
      );
    });

    it('uses the same logical ids in both stages', () => {
      const ids = (template: Template) => Object.keys(template.toJSON().Resources as object).sort();

      expect(ids(prod.stateful)).toEqual(ids(dev.stateful));
      expect(ids(prod.stateless)).toEqual(ids(dev.stateless));
    });
  });
});
