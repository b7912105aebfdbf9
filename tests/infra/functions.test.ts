// Function settings fixed by ServiceFunction, each function's environment per the contract, and the sweeper schedule.

import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeList } from '#http/routes.ts';
import {
  type CfnResource,
  dataIdsOf,
  functionNamed,
  generatedSecretIdOf,
  importOf,
  queueIdsOf,
  type SynthesizedStage,
  synthStage,
} from './synth.ts';

// The authorizer whose audience the coordinator sets and the sweeper reconciles.
const API_AUDIENCE = ['API_ID', 'API_AUTHORIZER_ID', 'API_AUTHORIZER_ISSUER', 'API_FIXED_AUDIENCE'] as const;
const FUNCTIONS = [
  {
    name: 'intake',
    timeout: 10,
    memory: 512,
    extra: ['TABLE_NAME', 'PERSONAL_TABLE_NAME', 'ROUTING_QUEUE_URL', 'BODY_HASH_SECRET_ARN'],
  },
  {
    name: 'referrer',
    timeout: 10,
    memory: 512,
    extra: ['TABLE_NAME', 'PERSONAL_TABLE_NAME', 'NOTIFICATION_QUEUE_URL'],
  },
  {
    name: 'office',
    timeout: 10,
    memory: 512,
    extra: ['TABLE_NAME', 'PERSONAL_TABLE_NAME', 'NOTIFICATION_QUEUE_URL', 'RETENTION_DAYS', 'RESPONSE_DEADLINE_DAYS'],
  },
  {
    name: 'router',
    timeout: 30,
    memory: 1024,
    extra: ['TABLE_NAME', 'PERSONAL_TABLE_NAME', 'NOTIFICATION_QUEUE_URL', 'RESPONSE_DEADLINE_DAYS'],
  },
  {
    name: 'sweeper',
    timeout: 60,
    memory: 512,
    extra: [
      'TABLE_NAME',
      'PERSONAL_TABLE_NAME',
      'ROUTING_QUEUE_URL',
      'NOTIFICATION_QUEUE_URL',
      'STUCK_AFTER_SECONDS',
      'RETENTION_DAYS',
      'OPEN_CASE_RETENTION_DAYS',
      ...API_AUDIENCE,
    ],
  },
  {
    name: 'notifier',
    timeout: 30,
    memory: 512,
    extra: ['TABLE_NAME', 'NOTIFICATION_QUEUE_URL', 'WEBHOOK_SECRET_ARN'],
  },
  {
    name: 'coordinator',
    timeout: 29,
    memory: 1024,
    extra: ['TABLE_NAME', 'USER_POOL_ID', 'REPORTING_PERIOD', ...API_AUDIENCE],
  },
] as const;
const DEFAULT_RESPONSE_DEADLINE_DAYS = '{"urgent":1,"soon":3,"routine":5}';
const COMMON_ENVIRONMENT = [
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'LOG_LEVEL',
  'MUNICIPALITY_ID',
  'STAGE',
];

describe('functions', () => {
  let synthesized: SynthesizedStage;
  let stateful: Template;
  let stateless: Template;

  beforeAll(() => {
    synthesized = synthStage('dev');
    ({ stateful, stateless } = synthesized);
  });

  const environmentOf = (name: string) =>
    (functionNamed(stateless, name).resource.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;

  it('defines exactly the seven functions, each tagged with its name', () => {
    const tagged = Object.values(stateless.findResources('AWS::Lambda::Function')).map(
      (fn) =>
        ((fn as CfnResource).Properties.Tags as { Key: string; Value: string }[]).find(
          (tag) => tag.Key === 'lotse:function',
        )?.Value,
    );

    expect(tagged.sort()).toEqual(['coordinator', 'intake', 'notifier', 'office', 'referrer', 'router', 'sweeper']);
  });

  describe.each(FUNCTIONS)('$name', ({ name, timeout, memory, extra }) => {
    it('runs bundled ESM on nodejs24.x, arm64, with active tracing', () => {
      expect(functionNamed(stateless, name).resource.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        Timeout: timeout,
        MemorySize: memory,
      });
    });

    it('logs as JSON to its own KMS-encrypted log group with retention', () => {
      const logging = functionNamed(stateless, name).resource.Properties.LoggingConfig as {
        LogFormat: string;
        LogGroup: { Ref: string };
      };

      expect(logging.LogFormat).toBe('JSON');
      expect(stateless.findResources('AWS::Logs::LogGroup')[logging.LogGroup.Ref]).toMatchObject({
        Properties: {
          RetentionInDays: 7,
          KmsKeyId: importOf(stateful, { 'Fn::GetAtt': [dataIdsOf(synthesized).key, 'Arn'] }),
        },
      });
    });

    it('gets the common environment plus exactly its own variables (no source maps read at start-up)', () => {
      expect(Object.keys(environmentOf(name)).sort()).toEqual([...COMMON_ENVIRONMENT, ...extra].sort());
      expect(environmentOf(name)).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'lotse',
        POWERTOOLS_METRICS_NAMESPACE: 'Lotse',
        LOG_LEVEL: 'DEBUG',
        MUNICIPALITY_ID: 'musterstadt',
        STAGE: 'dev',
      });
    });

    it('names the table it is bound to', () => {
      const tableId = dataIdsOf(synthesized).table;

      expect(environmentOf(name).TABLE_NAME).toEqual(importOf(stateful, { Ref: tableId }));
    });
  });

  it.each(['intake', 'sweeper'])('gives %s the routing queue URL', (name) => {
    const { queueId } = queueIdsOf(synthesized, 'routing');

    expect(environmentOf(name).ROUTING_QUEUE_URL).toEqual(importOf(stateful, { Ref: queueId }));
  });

  it.each(['referrer', 'office', 'router', 'sweeper', 'notifier'])('gives %s the notification queue URL', (name) => {
    const { queueId } = queueIdsOf(synthesized, 'notification');

    expect(environmentOf(name).NOTIFICATION_QUEUE_URL).toEqual(importOf(stateful, { Ref: queueId }));
  });

  it.each(['office', 'router'])('gives %s the default response deadlines as JSON', (name) => {
    expect(environmentOf(name).RESPONSE_DEADLINE_DAYS).toBe(DEFAULT_RESPONSE_DEADLINE_DAYS);
  });

  it('tells the office to keep personal data 180 days after closure', () => {
    expect(environmentOf('office').RETENTION_DAYS).toBe('180');
  });

  it('tells the sweeper when to erase closed cases (180 days) and never-closed ones (365 days after their last change)', () => {
    expect(environmentOf('sweeper')).toMatchObject({ RETENTION_DAYS: '180', OPEN_CASE_RETENTION_DAYS: '365' });
  });

  it("publishes the webhook secret's ARN for the operations command, and no per-office secret prefix", () => {
    const outputs = synthesized.stateful.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;

    expect(outputs.WebhookSecretArn?.Value).toEqual({
      Ref: generatedSecretIdOf(synthesized.statefulStack.webhookSecret),
    });
    expect(outputs.WebhookSecretArn?.Description).toMatch(/npm run webhook-secret -- --secret-id/);
    expect(JSON.stringify(stateless.toJSON())).not.toContain('/webhook/');
  });

  it.each(['intake', 'referrer', 'office', 'coordinator'])(
    'ends %s before the HTTP API gives up on its integration (30 s)',
    (name) => {
      expect(functionNamed(stateless, name).resource.Properties.Timeout).toBeLessThan(30);
    },
  );

  it('tells the sweeper to re-enqueue cases received more than 120 s ago', () => {
    expect(environmentOf('sweeper').STUCK_AFTER_SECONDS).toBe('120');
  });

  it('runs the sweeper every minute with the scheduled event itself, whose time is its now', () => {
    const sweeper = functionNamed(stateless, 'sweeper');

    stateless.resourceCountIs('AWS::Events::Rule', 1);
    stateless.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweeper.logicalId, 'Arn'] }, Input: Match.absent() })],
    });
  });

  it('lets only API Gateway and EventBridge invoke functions, each scoped to its source', () => {
    const permissions = Object.values(stateless.findResources('AWS::Lambda::Permission')).map(
      (permission) => (permission as CfnResource).Properties,
    );

    for (const permission of permissions) {
      expect(['apigateway.amazonaws.com', 'events.amazonaws.com']).toContain(permission.Principal);
      expect(permission.SourceArn).toBeDefined();
    }
    // One per route and one for the schedule; the queue consumers are invoked by their event source mappings.
    expect(permissions).toHaveLength(routeList().length + 1);
  });
});
