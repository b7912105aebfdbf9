// The template reader against a small hand-written cloud assembly: routes, scopes, intrinsics, mappings, queues, schedules.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AppModel, readAppModel } from '#infra/local/app-model.ts';
import { readCloudAssembly } from '#infra/local/cloud-assembly.ts';

const ASSEMBLY = path.resolve(import.meta.dirname, 'fixtures', 'assembly');
const bindings = {
  region: 'eu-central-1',
  accountId: '000000000000',
  queueUrl: (name: string) => `http://127.0.0.1:9324/000000000000/${name}`,
  apiUrl: 'http://127.0.0.1:3000',
};

function model(): AppModel {
  return readAppModel(readCloudAssembly(ASSEMBLY), bindings);
}

function fn(name: string) {
  const found = model().functions.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no function ${name}`);
  return found;
}

describe('reading the cloud assembly', () => {
  it('reads every stack of the manifest', () => {
    const stacks = readCloudAssembly(ASSEMBLY);

    expect(stacks.map((stack) => stack.stackName).sort()).toEqual(['Test-Stateful', 'Test-Stateless']);
  });

  it('runs only functions tagged lotse:function, under the tag value', () => {
    const { functions, notes } = model();

    expect(functions.map((candidate) => candidate.name).sort()).toEqual(['intake', 'router']);
    expect(notes.some((note) => note.includes('CdkHelperFunction'))).toBe(true);
  });

  it('takes handler, timeout and memory size from the template', () => {
    const intake = fn('intake');

    expect([intake.handler, intake.timeoutSeconds, intake.memorySize]).toEqual(['index.handler', 10, 512]);
  });

  it('finds a bundle through its asset metadata', () => {
    expect(fn('intake').codeDirectory).toBe(path.join(ASSEMBLY, 'asset.intake'));
  });

  it('finds a bundle without metadata through the asset manifest entry of its S3 key', () => {
    expect(fn('router').codeDirectory).toBe(path.join(ASSEMBLY, 'asset.router'));
  });

  it('replaces an imported table name with the local table name', () => {
    expect(fn('intake').environment.TABLE_NAME).toBe('TableCD117FA1');
  });

  it('replaces an imported queue reference with the local queue URL', () => {
    expect(fn('intake').environment.ROUTING_QUEUE_URL).toBe('http://127.0.0.1:9324/000000000000/RoutingQueue1');
  });

  it('resolves Fn::Select over Fn::Split of an imported ARN, whose export name is itself a Fn::Join', () => {
    expect(fn('intake').environment.QUEUE_NAME).toBe('RoutingQueue1');
  });

  it('resolves pseudo parameters and attribute references in Fn::Sub', () => {
    const { environment } = fn('intake');

    expect([environment.WHERE, environment.SELF_ARN]).toEqual([
      'eu-central-1/000000000000/Test-Stateless',
      'arn:aws:lambda:eu-central-1:000000000000:function:router',
    ]);
  });

  it('keeps literal environment variables and reads the logging configuration', () => {
    const intake = fn('intake');

    expect([intake.environment.STAGE, intake.logFormat, intake.applicationLogLevel]).toEqual(['dev', 'JSON', 'DEBUG']);
  });

  it('reads each route key with its function, authorizer and scopes', () => {
    const routes = model().routes.map((route) => ({
      routeKey: route.routeKey,
      method: route.method,
      path: route.path,
      functionName: route.functionName,
      authorization: route.authorization,
    }));

    expect(routes).toEqual([
      {
        routeKey: 'POST /v1/things',
        method: 'POST',
        path: '/v1/things',
        functionName: 'intake',
        authorization: { type: 'JWT', authorizerId: 'Authorizer1', scopes: ['lotse/referrer', 'lotse/coordinator'] },
      },
      {
        routeKey: 'GET /v1/things/{thingId}',
        method: 'GET',
        path: '/v1/things/{thingId}',
        functionName: 'intake',
        authorization: { type: 'NONE' },
      },
    ]);
  });

  it('reads the JWT authorizer with its audiences resolved to local client ids', () => {
    const authorizer = model().authorizers.get('Authorizer1');

    expect(authorizer?.audiences).toEqual(['local-ReferrerClient1']);
    expect(authorizer?.identitySource).toEqual(['$request.header.Authorization']);
  });

  it('reads the SQS event source mapping with batch size, window and partial batch responses', () => {
    expect(model().eventSourceMappings).toEqual([
      {
        functionName: 'router',
        queueName: 'RoutingQueue1',
        queueArn: 'arn:aws:sqs:eu-central-1:000000000000:RoutingQueue1',
        batchSize: 10,
        maximumBatchingWindowSeconds: 2,
        reportBatchItemFailures: true,
        enabled: true,
      },
    ]);
  });

  it('reads queues with their visibility timeout and redrive policy', () => {
    const routing = model().queues.find((queue) => queue.logicalId === 'RoutingQueue1');

    expect(routing?.attributes.VisibilityTimeout).toBe('180');
    expect(routing?.redrive).toEqual({ deadLetterQueueName: 'RoutingDeadLetterQueue1', maxReceiveCount: 5 });
  });

  it('leaves out resources whose condition does not hold', () => {
    const names = model().queues.map((queue) => queue.name);

    expect(names.sort()).toEqual(['RoutingDeadLetterQueue1', 'RoutingQueue1']);
  });

  it('reads the table with keys, indexes and TTL attribute', () => {
    const [table] = model().tables;

    expect(table?.keySchema.map((key) => key.AttributeName)).toEqual(['pk', 'sk']);
    expect(table?.globalSecondaryIndexes.map((index) => index.IndexName)).toEqual(['GSI1']);
    expect(table?.ttlAttribute).toBe('expiresAt');
  });

  it('reads the schedule with its expression and the target input as the event', () => {
    expect(model().schedules).toEqual([
      {
        ruleName: 'Schedule1',
        ruleArn: 'arn:aws:events:eu-central-1:000000000000:rule/Schedule1',
        expression: 'rate(1 minute)',
        enabled: true,
        targets: [{ functionName: 'router', input: { olderThanSeconds: 0 } }],
      },
    ]);
  });
});
