// Least privilege: what each function's role allows, and just as much what it does not.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  allAllowedActions,
  allowedActionsOn,
  type CfnResource,
  functionNamed,
  importOf,
  onlyLogicalId,
  type PolicyStatementJson,
  roleStatements,
  synthStage,
} from './synth.ts';

const FUNCTION_NAMES = ['intake', 'referrer', 'office', 'router', 'sweeper'] as const;
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const QUEUE_CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'];

describe('function grants', () => {
  let stateful: Template;
  let stateless: Template;
  let tableArn: unknown;
  let queueArn: unknown;
  let deadLetterQueueArn: unknown;
  let keyArn: unknown;

  beforeAll(() => {
    ({ stateful, stateless } = synthStage('dev'));
    const tableId = onlyLogicalId(stateful, 'AWS::DynamoDB::Table');
    const queueId = onlyLogicalId(stateful, 'AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } });
    const deadLetterId = onlyLogicalId(stateful, 'AWS::SQS::Queue', {
      Properties: { MessageRetentionPeriod: 1209600 },
    });
    tableArn = importOf(stateful, { 'Fn::GetAtt': [tableId, 'Arn'] });
    queueArn = importOf(stateful, { 'Fn::GetAtt': [queueId, 'Arn'] });
    deadLetterQueueArn = { 'Fn::GetAtt': [deadLetterId, 'Arn'] };
    keyArn = importOf(stateful, { 'Fn::GetAtt': [onlyLogicalId(stateful, 'AWS::KMS::Key'), 'Arn'] });
  });

  const statements = (name: string): PolicyStatementJson[] => roleStatements(stateless, name);
  const indexResources = (name: string): string[] =>
    statements(name)
      .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]))
      .map((resource) => JSON.stringify(resource))
      .filter((resource) => resource.includes('/index/'));

  describe('intake', () => {
    it('can read and write the table (put, update, condition checks for transactions)', () => {
      expect(allowedActionsOn(statements('intake'), tableArn)).toEqual(
        expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:ConditionCheckItem',
        ]),
      );
    });

    it('can only send to the routing queue, not consume from it', () => {
      expect(allowedActionsOn(statements('intake'), queueArn)).toEqual(['sqs:SendMessage']);
    });
  });

  it.each(['referrer', 'office'])('%s can read the table but has no write action and no queue access', (name) => {
    const onTable = allowedActionsOn(statements(name), tableArn);

    expect(onTable).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(onTable.filter((action) => TABLE_WRITE_ACTIONS.includes(action))).toEqual([]);
    expect(allAllowedActions(statements(name)).filter((action) => action.startsWith('sqs:'))).toEqual([]);
  });

  describe('router', () => {
    it('can write the table', () => {
      expect(allowedActionsOn(statements('router'), tableArn)).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
    });

    it('can consume the routing queue but cannot send to it', () => {
      const onQueue = allowedActionsOn(statements('router'), queueArn);

      expect(onQueue).toEqual(expect.arrayContaining(QUEUE_CONSUME_ACTIONS));
      expect(onQueue).not.toContain('sqs:SendMessage');
    });
  });

  describe('sweeper', () => {
    it('reads the table without any write action', () => {
      const onTable = allowedActionsOn(statements('sweeper'), tableArn);

      expect(onTable).toContain('dynamodb:GetItem');
      expect(onTable.filter((action) => TABLE_WRITE_ACTIONS.includes(action))).toEqual([]);
    });

    it('may query the sweep index GSI2 and no other index', () => {
      const queryStatement = statements('sweeper').find((statement) => indexResourcesOf(statement).length > 0);

      expect(indexResources('sweeper')).toEqual([JSON.stringify({ 'Fn::Join': ['', [tableArn, '/index/GSI2']] })]);
      expect(queryStatement && actionsOf(queryStatement)).toEqual(['dynamodb:Query']);
    });

    it('sends to the routing queue but does not consume it', () => {
      expect(allowedActionsOn(statements('sweeper'), queueArn)).toEqual(['sqs:SendMessage']);
    });
  });

  it.each(['intake', 'referrer', 'office', 'router'])('%s may query no index', (name) => {
    expect(indexResources(name)).toEqual([]);
  });

  it.each(FUNCTION_NAMES)('%s has no access to the dead-letter queue', (name) => {
    expect(JSON.stringify(statements(name))).not.toContain(JSON.stringify(deadLetterQueueArn));
    expect(JSON.stringify(statements(name))).not.toContain('DeadLetter');
  });

  it.each(FUNCTION_NAMES)('%s allows no wildcard action and "*" resources only for X-Ray', (name) => {
    const all = statements(name);

    expect(allAllowedActions(all).filter((action) => action.includes('*'))).toEqual([]);
    for (const statement of all.filter((candidate) => JSON.stringify(candidate.Resource) === '"*"')) {
      expect(actionsOf(statement).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });

  it.each(FUNCTION_NAMES)('%s writes logs only to its own log group', (name) => {
    const logGroupId = (
      functionNamed(stateless, name).resource.Properties.LoggingConfig as { LogGroup: { Ref: string } }
    ).LogGroup.Ref;
    const logStatements = statements(name).filter((statement) =>
      actionsOf(statement).some((a) => a.startsWith('logs:')),
    );

    expect(logStatements.map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [logGroupId, 'Arn'] }]);
  });

  it.each(FUNCTION_NAMES)('%s uses the key only through DynamoDB or SQS', (name) => {
    const keyStatements = statements(name).filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify(keyArn),
    );
    // The SQS event source's own grant (router) lets the Lambda poller decrypt messages on the function's behalf.
    const ownKeyStatements = keyStatements.filter((statement) => statement.Condition !== undefined);

    expect(ownKeyStatements.length).toBeGreaterThan(0);
    for (const statement of ownKeyStatements) {
      expect(statement.Condition?.StringEquals?.['kms:ViaService']).toMatch(
        /^(dynamodb|sqs)\.eu-central-1\.amazonaws\.com$/,
      );
    }
    expect(keyStatements.length - ownKeyStatements.length).toBe(name === 'router' ? 1 : 0);
  });

  it('attaches no managed policy to any function role', () => {
    const roles = Object.values(stateless.findResources('AWS::IAM::Role')).map(
      (role) => (role as CfnResource).Properties,
    );

    expect(roles).toHaveLength(FUNCTION_NAMES.length);
    for (const role of roles) expect(role.ManagedPolicyArns).toBeUndefined();
  });
});

function indexResourcesOf(statement: PolicyStatementJson): unknown[] {
  const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  return resources.filter((resource) => JSON.stringify(resource).includes('/index/'));
}
