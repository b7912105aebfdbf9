// The template reader against a small hand-written cloud assembly shaped like the stacks' own (routes, scopes,
// intrinsics, mappings, queues, schedules), and what it refuses to run.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AppModel, readAppModel } from '#infra/local/app-model.ts';
import { type CfnResource, readCloudAssembly } from '#infra/local/cloud-assembly.ts';

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

  it('names each function by its lotse:function tag', () => {
    expect(
      model()
        .functions.map((candidate) => candidate.name)
        .sort(),
    ).toEqual(['intake', 'router']);
  });

  it('takes handler, timeout and memory size from the template', () => {
    const intake = fn('intake');

    expect([intake.handler, intake.timeoutSeconds, intake.memorySize]).toEqual(['index.handler', 10, 512]);
  });

  it('finds a bundle through its asset metadata', () => {
    expect(fn('intake').codeDirectory).toBe(path.join(ASSEMBLY, 'asset.intake'));
  });

  it('replaces an imported table name with the local table name', () => {
    expect(fn('intake').environment.TABLE_NAME).toBe('TableCD117FA1');
  });

  it('replaces an imported queue reference with the local queue URL', () => {
    expect(fn('intake').environment.ROUTING_QUEUE_URL).toBe('http://127.0.0.1:9324/000000000000/RoutingQueue1');
  });

  it('resolves the ARNs of another function and of an imported queue to local ARNs', () => {
    const { environment } = fn('intake');

    expect([environment.ROUTER_ARN, environment.ROUTING_QUEUE_ARN]).toEqual([
      'arn:aws:lambda:eu-central-1:000000000000:function:router',
      'arn:aws:sqs:eu-central-1:000000000000:RoutingQueue1',
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
    expect(model().authorizers.get('Authorizer1')?.audiences).toEqual(['local-ReferrerClient1']);
  });

  it('reads the SQS event source mapping with batch size, partial batch responses and maximum concurrency', () => {
    expect(model().eventSourceMappings).toEqual([
      {
        functionName: 'router',
        queueName: 'RoutingQueue1',
        queueArn: 'arn:aws:sqs:eu-central-1:000000000000:RoutingQueue1',
        batchSize: 10,
        reportBatchItemFailures: true,
        maximumConcurrency: 10,
      },
    ]);
  });

  it('reads the reserved concurrency of a function, and none where the template reserves none', () => {
    const functions = model().functions;

    expect(functions.find((fn) => fn.name === 'router')?.reservedConcurrency).toBe(10);
    expect(functions.find((fn) => fn.name === 'intake')).not.toHaveProperty('reservedConcurrency');
  });

  it('reads queues with their visibility timeout and redrive policy', () => {
    const routing = model().queues.find((queue) => queue.logicalId === 'RoutingQueue1');

    expect(routing?.attributes.VisibilityTimeout).toBe('180');
    expect(routing?.redrive).toEqual({ deadLetterQueueName: 'RoutingDeadLetterQueue1', maxReceiveCount: 5 });
  });

  it('reads the table with keys, indexes and TTL attribute', () => {
    const [table] = model().tables;

    expect(table?.keySchema.map((key) => key.AttributeName)).toEqual(['pk', 'sk']);
    expect(table?.globalSecondaryIndexes.map((index) => index.IndexName)).toEqual(['GSI1']);
    expect(table?.ttlAttribute).toBe('expiresAt');
  });

  it('reads the schedule with its expression and target', () => {
    expect(model().schedules).toEqual([
      {
        ruleName: 'Schedule1',
        ruleArn: 'arn:aws:events:eu-central-1:000000000000:rule/Schedule1',
        expression: 'rate(1 minute)',
        enabled: true,
        targets: [{ functionName: 'router' }],
      },
    ]);
  });
});

describe('what the template reader refuses to run', () => {
  const fixture = readCloudAssembly(ASSEMBLY);
  // The fixture with one resource of the stateless stack replaced.
  const withResource = (logicalId: string, resource: CfnResource) =>
    fixture.map((stack) =>
      stack.stackName === 'Test-Stateless'
        ? {
            ...stack,
            template: { ...stack.template, Resources: { ...stack.template.Resources, [logicalId]: resource } },
          }
        : stack,
    );
  const router = fixture.find((stack) => stack.stackName === 'Test-Stateless')?.template.Resources?.RouterFunction1;
  const routerWith = (properties: Record<string, unknown>): CfnResource => ({
    ...(router as CfnResource),
    Properties: { ...router?.Properties, ...properties },
  });

  it('refuses an intrinsic function no stack uses, naming it', () => {
    const stacks = withResource(
      'RouterFunction1',
      routerWith({ Environment: { Variables: { FIRST: { 'Fn::Select': [0, ['a', 'b']] } } } }),
    );

    expect(() => readAppModel(stacks, bindings)).toThrow(/FIRST: .*Fn::Select is not supported/);
  });

  it('refuses a function without the lotse:function tag', () => {
    expect(() => readAppModel(withResource('RouterFunction1', routerWith({ Tags: [] })), bindings)).toThrow(
      /RouterFunction1 has no lotse:function tag/,
    );
  });

  it('refuses a conditional resource', () => {
    const stacks = withResource('RouterFunction1', { ...routerWith({}), Condition: 'IsProd' });

    expect(() => readAppModel(stacks, bindings)).toThrow(/conditional resources are not supported/);
  });

  it('refuses a route whose authorizer it cannot reproduce', () => {
    const stacks = withResource('GetThingRoute1', {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'HttpApi1' },
        RouteKey: 'GET /v1/things/{thingId}',
        AuthorizationType: 'AWS_IAM',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'IntakeIntegration1' }]] },
      },
    });

    expect(() => readAppModel(stacks, bindings)).toThrow(/authorization AWS_IAM cannot be reproduced locally/);
  });

  it('refuses a catch-all route', () => {
    const route = fixture.find((stack) => stack.stackName === 'Test-Stateless')?.template.Resources?.GetThingRoute1;
    const stacks = withResource('GetThingRoute1', {
      ...(route as CfnResource),
      Properties: { ...route?.Properties, RouteKey: 'ANY /v1/{proxy+}' },
    });

    expect(() => readAppModel(stacks, bindings)).toThrow(/ANY \/v1\/\{proxy\+\}: only routes of one method/);
  });
});
