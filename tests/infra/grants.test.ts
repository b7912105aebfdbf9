// Least privilege: what each function's role allows, and just as much what it does not.
import type { Template } from 'aws-cdk-lib/assertions';
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
  queueIdsOf,
  roleStatements,
  type SynthesizedStage,
  synthStage,
} from './synth.ts';

const FUNCTION_NAMES = ['intake', 'referrer', 'office', 'router', 'sweeper', 'notifier', 'coordinator'] as const;
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
// TransactWriteItems has no IAM action of its own: it is authorised per contained Put, Update, Delete, ConditionCheck.
const TRANSACT_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];
const QUEUE_CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'];
// The partition is a literal (@aws-cdk/core:enablePartitionLiterals): the stacks' region is always known.
const WEBHOOK_SECRETS = {
  'Fn::Join': [
    '',
    ['arn:aws:secretsmanager:eu-central-1:', { Ref: 'AWS::AccountId' }, ':secret:lotse/musterstadt/dev/webhook/*'],
  ],
};

describe('function grants', () => {
  let synthesized: SynthesizedStage;
  let stateful: Template;
  let stateless: Template;
  let tableArn: unknown;
  let routingQueueArn: unknown;
  let notificationQueueArn: unknown;
  let deadLetterQueueArns: unknown[];
  let keyArn: unknown;

  beforeAll(() => {
    synthesized = synthStage('dev');
    ({ stateful, stateless } = synthesized);
    const tableId = onlyLogicalId(stateful, 'AWS::DynamoDB::Table');
    const routing = queueIdsOf(synthesized, 'routing');
    const notification = queueIdsOf(synthesized, 'notification');
    tableArn = importOf(stateful, { 'Fn::GetAtt': [tableId, 'Arn'] });
    routingQueueArn = importOf(stateful, { 'Fn::GetAtt': [routing.queueId, 'Arn'] });
    notificationQueueArn = importOf(stateful, { 'Fn::GetAtt': [notification.queueId, 'Arn'] });
    deadLetterQueueArns = [routing.deadLetterQueueId, notification.deadLetterQueueId].map((id) => ({
      'Fn::GetAtt': [id, 'Arn'],
    }));
    keyArn = importOf(stateful, { 'Fn::GetAtt': [onlyLogicalId(stateful, 'AWS::KMS::Key'), 'Arn'] });
  });

  const statements = (name: string): PolicyStatementJson[] => roleStatements(stateless, name);
  const indexResources = (name: string): string[] =>
    statements(name)
      .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]))
      .map((resource) => JSON.stringify(resource))
      .filter((resource) => resource.includes('/index/'));
  const indexArn = (indexName: string): string =>
    JSON.stringify({ 'Fn::Join': ['', [tableArn, `/index/${indexName}`]] });
  const queryOnlyOnIndexes = (name: string): void => {
    for (const statement of statements(name).filter((candidate) => indexResourcesOf(candidate).length > 0)) {
      expect(actionsOf(statement)).toEqual(['dynamodb:Query']);
    }
  };

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
      expect(allowedActionsOn(statements('intake'), routingQueueArn)).toEqual(['sqs:SendMessage']);
    });

    it('has no access to the notification queue', () => {
      expect(allowedActionsOn(statements('intake'), notificationQueueArn)).toEqual([]);
    });
  });

  describe('referrer', () => {
    it('can delete items (erasure on withdrawal) and write transitions in a transaction', () => {
      expect(allowedActionsOn(statements('referrer'), tableArn)).toEqual(
        expect.arrayContaining([...TRANSACT_WRITE_ACTIONS, 'dynamodb:Query']),
      );
    });

    it("may query the referrals index GSI4 (its institution's referrals) and no other index", () => {
      expect(indexResources('referrer')).toEqual([indexArn('GSI4')]);
      queryOnlyOnIndexes('referrer');
    });

    it('sends to the notification queue only, and has no access to the routing queue', () => {
      expect(allowedActionsOn(statements('referrer'), notificationQueueArn)).toEqual(['sqs:SendMessage']);
      expect(allowedActionsOn(statements('referrer'), routingQueueArn)).toEqual([]);
    });
  });

  describe('office', () => {
    it('can TransactWriteItems (put, update, delete and condition-check items of the table)', () => {
      expect(allowedActionsOn(statements('office'), tableArn)).toEqual(expect.arrayContaining(TRANSACT_WRITE_ACTIONS));
    });

    it('may query the inbox index GSI1 and the all-cases index GSI3, and no other index', () => {
      expect(indexResources('office').sort()).toEqual([indexArn('GSI1'), indexArn('GSI3')].sort());
      queryOnlyOnIndexes('office');
    });

    it('sends to the notification queue only, and has no access to the routing queue', () => {
      expect(allowedActionsOn(statements('office'), notificationQueueArn)).toEqual(['sqs:SendMessage']);
      expect(allowedActionsOn(statements('office'), routingQueueArn)).toEqual([]);
    });
  });

  describe('router', () => {
    it('can write the table', () => {
      expect(allowedActionsOn(statements('router'), tableArn)).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
    });

    it('can consume the routing queue but cannot send to it', () => {
      const onQueue = allowedActionsOn(statements('router'), routingQueueArn);

      expect(onQueue).toEqual(expect.arrayContaining(QUEUE_CONSUME_ACTIONS));
      expect(onQueue).not.toContain('sqs:SendMessage');
    });

    it('can send to the notification queue but not consume it', () => {
      expect(allowedActionsOn(statements('router'), notificationQueueArn)).toEqual(['sqs:SendMessage']);
    });
  });

  describe('sweeper', () => {
    it('can write the table (deadline escalations, outbox re-publication)', () => {
      expect(allowedActionsOn(statements('sweeper'), tableArn)).toEqual(expect.arrayContaining(TRANSACT_WRITE_ACTIONS));
    });

    it('may query the sweep index GSI2 and no other index', () => {
      expect(indexResources('sweeper')).toEqual([indexArn('GSI2')]);
      queryOnlyOnIndexes('sweeper');
    });

    it('sends to the routing and the notification queue but consumes neither', () => {
      expect(allowedActionsOn(statements('sweeper'), routingQueueArn)).toEqual(['sqs:SendMessage']);
      expect(allowedActionsOn(statements('sweeper'), notificationQueueArn)).toEqual(['sqs:SendMessage']);
    });
  });

  describe('notifier', () => {
    it('reads the table without any write action', () => {
      const onTable = allowedActionsOn(statements('notifier'), tableArn);

      expect(onTable).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      expect(onTable.filter((action) => TABLE_WRITE_ACTIONS.includes(action))).toEqual([]);
    });

    it('consumes the notification queue, including ChangeMessageVisibility for its backoff, and cannot send', () => {
      const onQueue = allowedActionsOn(statements('notifier'), notificationQueueArn);

      expect(onQueue).toEqual(expect.arrayContaining(QUEUE_CONSUME_ACTIONS));
      expect(onQueue).not.toContain('sqs:SendMessage');
    });

    it('has no access to the routing queue', () => {
      expect(allowedActionsOn(statements('notifier'), routingQueueArn)).toEqual([]);
    });

    it('may GetSecretValue on the webhook secrets of its municipality and stage, and nothing else of Secrets Manager', () => {
      const secretStatements = statements('notifier').filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
      );

      expect(secretStatements).toEqual([
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: WEBHOOK_SECRETS },
      ]);
    });

    it('may decrypt with the key only through Secrets Manager and only for the webhook secrets', () => {
      const secretKeyStatements = statements('notifier').filter(
        (statement) =>
          statement.Condition?.StringEquals?.['kms:ViaService'] === 'secretsmanager.eu-central-1.amazonaws.com',
      );

      expect(secretKeyStatements).toEqual([
        expect.objectContaining({
          Action: 'kms:Decrypt',
          Resource: keyArn,
          Condition: {
            StringEquals: { 'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:SecretARN': WEBHOOK_SECRETS },
          },
        }),
      ]);
    });
  });

  describe('coordinator', () => {
    it('can write catalogue items one by one and in BatchWriteItem chunks, and read cases and aggregates', () => {
      expect(allowedActionsOn(statements('coordinator'), tableArn)).toEqual(
        expect.arrayContaining([
          ...TRANSACT_WRITE_ACTIONS,
          'dynamodb:BatchWriteItem',
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
        ]),
      );
    });

    it('may query the office inbox index GSI1 (open cases of an office) and no other index', () => {
      expect(indexResources('coordinator')).toEqual([indexArn('GSI1')]);
      queryOnlyOnIndexes('coordinator');
    });

    it('can encrypt and decrypt table items only through DynamoDB', () => {
      const keyStatements = statements('coordinator').filter(
        (statement) => JSON.stringify(statement.Resource) === JSON.stringify(keyArn),
      );

      expect(keyStatements).toEqual([
        expect.objectContaining({
          Action: expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']),
          Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-central-1.amazonaws.com' } },
        }),
      ]);
    });

    it('has no SQS action at all', () => {
      expect(allAllowedActions(statements('coordinator')).filter((action) => action.startsWith('sqs:'))).toEqual([]);
    });

    it('administers accounts and clients with exactly the actions it uses, on this user pool only', () => {
      const userPoolArn = importOf(stateful, {
        'Fn::GetAtt': [onlyLogicalId(stateful, 'AWS::Cognito::UserPool'), 'Arn'],
      });
      const cognito = statements('coordinator').filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('cognito-idp:')),
      );

      expect(cognito).toHaveLength(1);
      expect(cognito[0]?.Resource).toEqual(userPoolArn);
      expect(actionsOf(cognito[0] as PolicyStatementJson).sort()).toEqual(
        [
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminDeleteUser',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminUserGlobalSignOut',
          'cognito-idp:CreateUserPoolClient',
          'cognito-idp:DeleteUserPoolClient',
        ].sort(),
      );
    });
  });

  it.each(['coordinator', 'sweeper'])(
    "%s may read and update the API's authorizer (its audience), and nothing else of API Gateway",
    (name) => {
      const apiGateway = statements(name).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('apigateway:')),
      );

      expect(apiGateway).toHaveLength(1);
      expect(actionsOf(apiGateway[0] as PolicyStatementJson).sort()).toEqual(['apigateway:GET', 'apigateway:PATCH']);
      const arn = JSON.stringify(apiGateway[0]?.Resource);
      expect(arn).toContain(':apigateway:eu-central-1::/apis/');
      expect(arn).toContain(`"${onlyLogicalId(stateless, 'AWS::ApiGatewayV2::Authorizer')}"`);
    },
  );

  it.each(FUNCTION_NAMES.filter((name) => name !== 'coordinator' && name !== 'sweeper'))(
    '%s has no API Gateway action',
    (name) => {
      expect(allAllowedActions(statements(name)).filter((action) => action.startsWith('apigateway:'))).toEqual([]);
    },
  );

  it.each(FUNCTION_NAMES.filter((name) => name !== 'coordinator'))('%s has no user-pool action', (name) => {
    expect(allAllowedActions(statements(name)).filter((action) => action.startsWith('cognito-idp:'))).toEqual([]);
  });

  it('lets the token trigger read registrations and the catalogue and update nothing but items of the table', () => {
    const trigger = roleStatements(stateful, 'token');
    const tableId = onlyLogicalId(stateful, 'AWS::DynamoDB::Table');

    expect(allowedActionsOn(trigger, { 'Fn::GetAtt': [tableId, 'Arn'] })).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']),
    );
    expect(allAllowedActions(trigger).filter((action) => /^(sqs|cognito-idp|secretsmanager):/.test(action))).toEqual(
      [],
    );
    expect(allAllowedActions(trigger)).not.toContain('dynamodb:BatchWriteItem');
  });

  it.each(FUNCTION_NAMES.filter((name) => name !== 'coordinator'))(
    '%s may not BatchWriteItem (bulk writes are the catalogue import only)',
    (name) => {
      expect(allAllowedActions(statements(name))).not.toContain('dynamodb:BatchWriteItem');
    },
  );

  // Intake (received), router (routed, unmatched) and office (accepted, connected, first-action histogram) ADD to
  // the coverage aggregate items of the same table in the transaction of the case change that causes them.
  it.each(['intake', 'router', 'office'])(
    '%s can update coverage aggregate items of the table inside its TransactWriteItems',
    (name) => {
      const onTable = allowedActionsOn(statements(name), tableArn);
      const viaDynamoDb = statements(name)
        .filter(
          (statement) =>
            JSON.stringify(statement.Resource) === JSON.stringify(keyArn) &&
            statement.Condition?.StringEquals?.['kms:ViaService'] === 'dynamodb.eu-central-1.amazonaws.com',
        )
        .flatMap(actionsOf);

      expect(onTable).toEqual(expect.arrayContaining(TRANSACT_WRITE_ACTIONS));
      expect(viaDynamoDb).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']));
      // No per-item condition (dynamodb:LeadingKeys) could keep them from the STATS# partitions.
      expect(
        statements(name).filter((statement) => JSON.stringify(statement.Condition ?? {}).includes('dynamodb:')),
      ).toEqual([]);
    },
  );

  // The notifier reads the webhook secrets, intake the key of its body hashes (tests/infra/body-hash-secret.test.ts).
  it.each(FUNCTION_NAMES.filter((name) => name !== 'notifier' && name !== 'intake'))(
    '%s may read no secret',
    (name) => {
      expect(allAllowedActions(statements(name)).filter((action) => action.startsWith('secretsmanager:'))).toEqual([]);
    },
  );

  it.each(['intake', 'router', 'notifier'])('%s may query no index', (name) => {
    expect(indexResources(name)).toEqual([]);
  });

  it.each(FUNCTION_NAMES)('%s has no access to a dead-letter queue', (name) => {
    for (const deadLetterQueueArn of deadLetterQueueArns) {
      expect(JSON.stringify(statements(name))).not.toContain(JSON.stringify(deadLetterQueueArn));
    }
    expect(JSON.stringify(statements(name))).not.toContain('DeadLetter');
  });

  it.each(FUNCTION_NAMES)('%s allows no wildcard action and "*" resources only for X-Ray', (name) => {
    const all = statements(name);

    expect(allAllowedActions(all).filter((action) => action.includes('*'))).toEqual([]);
    for (const statement of all.filter((candidate) => JSON.stringify(candidate.Resource) === '"*"')) {
      expect(actionsOf(statement).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });

  it.each(FUNCTION_NAMES)('%s names every other resource without a wildcard, but for the webhook secrets', (name) => {
    const wildcardResources = statements(name)
      .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]))
      .filter((resource) => JSON.stringify(resource) !== '"*"' && JSON.stringify(resource).includes('*'));

    expect(wildcardResources).toEqual(name === 'notifier' ? [WEBHOOK_SECRETS] : []);
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

  it.each(FUNCTION_NAMES)('%s uses the key only through DynamoDB, SQS or Secrets Manager, never directly', (name) => {
    const keyStatements = statements(name).filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify(keyArn),
    );

    expect(keyStatements.length).toBeGreaterThan(0);
    for (const statement of keyStatements) {
      expect(statement.Condition?.StringEquals?.['kms:ViaService']).toMatch(
        /^(dynamodb|sqs|secretsmanager)\.eu-central-1\.amazonaws\.com$/,
      );
    }
  });

  it.each(['router', 'notifier'])(
    '%s can decrypt its queue messages through SQS (the poller reads as the function)',
    (name) => {
      const viaSqs = statements(name).filter(
        (statement) =>
          JSON.stringify(statement.Resource) === JSON.stringify(keyArn) &&
          statement.Condition?.StringEquals?.['kms:ViaService'] === 'sqs.eu-central-1.amazonaws.com',
      );

      expect(viaSqs.flatMap(actionsOf)).toContain('kms:Decrypt');
    },
  );

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
