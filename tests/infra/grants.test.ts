// Least privilege: what each function's role allows, and just as much what it does not.
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedSecret } from '#infra/constructs/generated-secret.ts';
import {
  actionsOf,
  allAllowedActions,
  allowedActionsOn,
  type CfnResource,
  dataIdsOf,
  functionNamed,
  generatedSecretIdOf,
  importOf,
  onlyLogicalId,
  type PolicyStatementJson,
  queueIdsOf,
  roleStatements,
  type SynthesizedStage,
  synthStage,
} from './synth.ts';

const FUNCTION_NAMES = ['intake', 'referrer', 'office', 'router', 'sweeper', 'notifier', 'coordinator'] as const;
type GrantedFunction = (typeof FUNCTION_NAMES)[number] | 'token';

// What each function may do with the items of each table, as IAM actions. TransactWriteItems has no IAM action of its
// own: it is authorised per contained Put, Update, Delete and ConditionCheck, so a transaction across both tables
// needs each item's action on that item's table. Checked against the adapters each handler builds (functions/*).
const READ = ['dynamodb:GetItem', 'dynamodb:Query'];
const CONDITION_CHECK = ['dynamodb:ConditionCheckItem'];
const PUT = ['dynamodb:PutItem'];
const UPDATE = ['dynamodb:UpdateItem'];
const DELETE = ['dynamodb:DeleteItem'];
const BATCH_WRITE = ['dynamodb:BatchWriteItem'];
const TABLE_GRANTS: Record<GrantedFunction, { main: string[]; personal: string[] }> = {
  // Idempotency record, case, first event (Put), coverage and refusal counters (Update); the personal item Put in
  // the same transaction, never read back.
  intake: { main: [...READ, ...PUT, ...UPDATE], personal: [...PUT] },
  // Its referrals and a referral (read, with the reference from the personal item); withdrawal: the case update and
  // event (Update, Put) and the erasure of the personal item and proposals (Delete).
  referrer: { main: [...READ, ...PUT, ...UPDATE], personal: [...READ, ...DELETE] },
  // Case reads, audit entries (Put), transitions; personal: the case view, notes and retention (Update), proposals of
  // a case assigned without any (Put), erasure (Delete).
  office: { main: [...READ, ...PUT, ...UPDATE], personal: [...READ, ...PUT, ...UPDATE, ...DELETE] },
  // Matching reads languages and accessibility; the proposals are put.
  router: { main: [...READ, ...PUT, ...UPDATE], personal: [...READ, ...PUT] },
  // Escalations, the outbox and retention's tombstone on the main table; retention erases the personal items
  // (Delete) without reading them.
  sweeper: { main: [...READ, ...PUT, ...UPDATE], personal: [...DELETE] },
  notifier: { main: [...READ], personal: [] },
  // The only deleter on the main table (catalogue entities, accounts, clients, e-mail claims) and bulk writer (import).
  // ConditionCheck: an office or institution is written only while no removal marker holds its id.
  coordinator: { main: [...READ, ...CONDITION_CHECK, ...PUT, ...UPDATE, ...DELETE, ...BATCH_WRITE], personal: [] },
  // Registrations and catalogue (read), an invited account marked active (Update).
  token: { main: [...READ, ...UPDATE], personal: [] },
};
const PERSONAL_TABLE_FUNCTIONS = (Object.keys(TABLE_GRANTS) as GrantedFunction[]).filter(
  (name) => TABLE_GRANTS[name].personal.length > 0,
);
/** What DynamoDB asks of a table's key on the caller's behalf, for the item actions granted on that table. */
function expectedKeyActions(itemActions: readonly string[]): string[] {
  if (itemActions.length === 0) return [];
  const writesData = itemActions.some((action) => [...PUT, ...UPDATE, ...BATCH_WRITE].includes(action));
  return ['kms:Decrypt', 'kms:DescribeKey', ...(writesData ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])].sort();
}
const QUEUE_CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'];

describe('function grants', () => {
  let synthesized: SynthesizedStage;
  let stateful: Template;
  let stateless: Template;
  let tableArn: unknown;
  let personalTableArn: unknown;
  let personalKeyArn: unknown;
  let ids: ReturnType<typeof dataIdsOf>;
  let routingQueueArn: unknown;
  let notificationQueueArn: unknown;
  let deadLetterQueueArns: unknown[];
  let keyArn: unknown;
  /** The deployment's webhook secret, as the stateless stack imports its ARN. */
  let webhookSecretArn: unknown;
  let bodyHashSecretArn: unknown;

  beforeAll(() => {
    synthesized = synthStage('dev');
    ({ stateful, stateless } = synthesized);
    ids = dataIdsOf(synthesized);
    const tableId = ids.table;
    personalTableArn = importOf(stateful, { 'Fn::GetAtt': [ids.personalTable, 'Arn'] });
    personalKeyArn = importOf(stateful, { 'Fn::GetAtt': [ids.personalKey, 'Arn'] });
    const routing = queueIdsOf(synthesized, 'routing');
    const notification = queueIdsOf(synthesized, 'notification');
    tableArn = importOf(stateful, { 'Fn::GetAtt': [tableId, 'Arn'] });
    routingQueueArn = importOf(stateful, { 'Fn::GetAtt': [routing.queueId, 'Arn'] });
    notificationQueueArn = importOf(stateful, { 'Fn::GetAtt': [notification.queueId, 'Arn'] });
    deadLetterQueueArns = [routing.deadLetterQueueId, notification.deadLetterQueueId].map((id) => ({
      'Fn::GetAtt': [id, 'Arn'],
    }));
    keyArn = importOf(stateful, { 'Fn::GetAtt': [ids.key, 'Arn'] });
    const secretArnOf = (secret: GeneratedSecret) => importOf(stateful, { Ref: generatedSecretIdOf(secret) });
    webhookSecretArn = secretArnOf(synthesized.statefulStack.webhookSecret);
    bodyHashSecretArn = secretArnOf(synthesized.statefulStack.bodyHashSecret);
  });

  /** A function's statements; the token trigger's are in the stateful stack, where it refers to resources directly. */
  const grantsOf = (name: GrantedFunction) => {
    if (name !== 'token') {
      return { statements: roleStatements(stateless, name), table: tableArn, personalTable: personalTableArn };
    }
    const local = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    return {
      statements: roleStatements(stateful, 'token'),
      table: local(ids.table),
      personalTable: local(ids.personalTable),
    };
  };
  // Statements naming `key` among their resources (the minimized policy merges equal statements over resources).
  const keyStatementsOf = (statements: PolicyStatementJson[], key: unknown) =>
    statements.filter((statement) =>
      (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]).some(
        (resource) => JSON.stringify(resource) === JSON.stringify(key),
      ),
    );

  describe('the two tables', () => {
    it.each(Object.keys(TABLE_GRANTS) as GrantedFunction[])(
      '%s may do exactly its actions on the items of each table, and nothing on the other',
      (name) => {
        const { statements, table, personalTable } = grantsOf(name);

        expect(allowedActionsOn(statements, table).sort()).toEqual([...TABLE_GRANTS[name].main].sort());
        expect(allowedActionsOn(statements, personalTable).sort()).toEqual([...TABLE_GRANTS[name].personal].sort());
      },
    );

    it.each(Object.keys(TABLE_GRANTS) as GrantedFunction[])(
      '%s has DynamoDB actions on the two tables and the main table indexes only',
      (name) => {
        const { statements, table, personalTable } = grantsOf(name);
        const allowed = [JSON.stringify(table), JSON.stringify(personalTable)];
        for (const statement of statements.filter((candidate) =>
          actionsOf(candidate).some((action) => action.startsWith('dynamodb:')),
        )) {
          const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
          for (const resource of resources) {
            const text = JSON.stringify(resource);
            expect(
              allowed.includes(text) || text.startsWith(`{"Fn::Join":["",[${JSON.stringify(table)},"/index/`),
            ).toBe(true);
          }
        }
      },
    );

    it.each(FUNCTION_NAMES)(
      '%s may use the key of each table through DynamoDB for exactly what its item actions need',
      (name) => {
        const statements = roleStatements(stateless, name);
        const viaDynamoDb = (key: unknown) =>
          keyStatementsOf(statements, key)
            .filter(
              (statement) =>
                statement.Condition?.StringEquals?.['kms:ViaService'] === 'dynamodb.eu-central-1.amazonaws.com',
            )
            .flatMap(actionsOf)
            .sort();

        expect(viaDynamoDb(keyArn)).toEqual(expectedKeyActions(TABLE_GRANTS[name].main));
        expect(viaDynamoDb(personalKeyArn)).toEqual(expectedKeyActions(TABLE_GRANTS[name].personal));
      },
    );

    it('lets the token trigger use the main key through DynamoDB for reading and updating only', () => {
      const statements = roleStatements(stateful, 'token');
      const local = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

      expect(keyStatementsOf(statements, local(ids.key)).flatMap(actionsOf).sort()).toEqual(
        expectedKeyActions(TABLE_GRANTS.token.main),
      );
      expect(keyStatementsOf(statements, local(ids.personalKey))).toEqual([]);
    });

    it.each(
      (Object.keys(TABLE_GRANTS) as GrantedFunction[]).filter((name) => !PERSONAL_TABLE_FUNCTIONS.includes(name)),
    )('%s has neither the personal table name, nor any grant on the personal table or its key', (name) => {
      const { statements } = grantsOf(name);
      const template = name === 'token' ? stateful : stateless;
      const environment = (
        functionNamed(template, name).resource.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;

      expect(environment).not.toHaveProperty('PERSONAL_TABLE_NAME');
      expect(JSON.stringify(statements)).not.toContain(ids.personalTable);
      expect(JSON.stringify(statements)).not.toContain(ids.personalKey);
    });

    it.each(PERSONAL_TABLE_FUNCTIONS)('%s is given the personal table by name in PERSONAL_TABLE_NAME', (name) => {
      const environment = (
        functionNamed(stateless, name).resource.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;

      expect(environment.PERSONAL_TABLE_NAME).toEqual(importOf(stateful, { Ref: ids.personalTable }));
    });

    it('grants the personal table to exactly intake, referrer, office, router and sweeper', () => {
      expect([...PERSONAL_TABLE_FUNCTIONS].sort()).toEqual(['intake', 'office', 'referrer', 'router', 'sweeper']);
    });

    it('lets only the coordinator delete items of the main table', () => {
      const deleters = (Object.keys(TABLE_GRANTS) as GrantedFunction[]).filter((name) => {
        const { statements, table } = grantsOf(name);
        return allowedActionsOn(statements, table).includes('dynamodb:DeleteItem');
      });

      expect(deleters).toEqual(['coordinator']);
    });
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
    it('can only send to the routing queue, not consume from it', () => {
      expect(allowedActionsOn(statements('intake'), routingQueueArn)).toEqual(['sqs:SendMessage']);
    });

    it('has no access to the notification queue', () => {
      expect(allowedActionsOn(statements('intake'), notificationQueueArn)).toEqual([]);
    });
  });

  describe('referrer', () => {
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
    it('consumes the notification queue, including ChangeMessageVisibility for its backoff, and cannot send', () => {
      const onQueue = allowedActionsOn(statements('notifier'), notificationQueueArn);

      expect(onQueue).toEqual(expect.arrayContaining(QUEUE_CONSUME_ACTIONS));
      expect(onQueue).not.toContain('sqs:SendMessage');
    });

    it('has no access to the routing queue', () => {
      expect(allowedActionsOn(statements('notifier'), routingQueueArn)).toEqual([]);
    });

    it("may GetSecretValue on the deployment's webhook secret, and nothing else of Secrets Manager", () => {
      const secretStatements = statements('notifier').filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
      );

      expect(secretStatements).toEqual([
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: webhookSecretArn },
      ]);
    });

    it('may decrypt with the key only through Secrets Manager and only for the webhook secret', () => {
      const secretKeyStatements = statements('notifier').filter(
        (statement) =>
          statement.Condition?.StringEquals?.['kms:ViaService'] === 'secretsmanager.eu-central-1.amazonaws.com',
      );

      expect(secretKeyStatements).toEqual([
        expect.objectContaining({
          Action: 'kms:Decrypt',
          Resource: keyArn,
          Condition: {
            StringEquals: {
              'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com',
              'kms:EncryptionContext:SecretARN': webhookSecretArn,
            },
          },
        }),
      ]);
    });
  });

  describe('coordinator', () => {
    it('may query the office inbox index GSI1 (open cases of an office) and no other index', () => {
      expect(indexResources('coordinator')).toEqual([indexArn('GSI1')]);
      queryOnlyOnIndexes('coordinator');
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

  it.each(FUNCTION_NAMES.filter((name) => name !== 'coordinator'))(
    '%s may not BatchWriteItem (bulk writes are the catalogue import only)',
    (name) => {
      expect(allAllowedActions(statements(name))).not.toContain('dynamodb:BatchWriteItem');
    },
  );

  // The notifier reads the webhook secret, intake the key of its body hashes (tests/infra/generated-secrets.test.ts).
  it.each(FUNCTION_NAMES.filter((name) => name !== 'notifier' && name !== 'intake'))(
    '%s may read no secret',
    (name) => {
      expect(allAllowedActions(statements(name)).filter((action) => action.startsWith('secretsmanager:'))).toEqual([]);
    },
  );

  it.each([
    ['notifier', () => webhookSecretArn, () => bodyHashSecretArn],
    ['intake', () => bodyHashSecretArn, () => webhookSecretArn],
  ])('%s reads its own generated secret and not the other one', (name, own, other) => {
    const secretResources = statements(name)
      .filter((statement) => actionsOf(statement).some((action) => action.startsWith('secretsmanager:')))
      .map((statement) => statement.Resource);

    expect(secretResources).toEqual([own()]);
    expect(JSON.stringify(statements(name))).not.toContain(JSON.stringify(other()));
  });

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

  it.each(FUNCTION_NAMES)('%s names every other resource without a wildcard (no secret per office either)', (name) => {
    const wildcardResources = statements(name)
      .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]))
      .filter((resource) => JSON.stringify(resource) !== '"*"' && JSON.stringify(resource).includes('*'));

    expect(wildcardResources).toEqual([]);
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

  it.each(FUNCTION_NAMES)('%s uses the keys only through DynamoDB, SQS or Secrets Manager, never directly', (name) => {
    const keyStatements = [
      ...keyStatementsOf(statements(name), keyArn),
      ...keyStatementsOf(statements(name), personalKeyArn),
    ];

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
