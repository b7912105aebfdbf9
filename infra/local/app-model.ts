// The template reader: turns the stacks of a cloud assembly into what the local runtime runs (no hand-kept lists).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CfnResource, StackTemplate } from './cloud-assembly.ts';
import { functionShortName, IntrinsicResolver, type LocalBindings, UnresolvableIntrinsic } from './intrinsics.ts';

export type KeySchemaElement = { readonly AttributeName: string; readonly KeyType: 'HASH' | 'RANGE' };
export type SecondaryIndex = {
  readonly IndexName: string;
  readonly KeySchema: KeySchemaElement[];
  readonly Projection: { readonly ProjectionType?: string; readonly NonKeyAttributes?: string[] };
};

export type TableModel = {
  readonly logicalId: string;
  readonly stackName: string;
  readonly name: string;
  readonly keySchema: KeySchemaElement[];
  readonly attributeDefinitions: { readonly AttributeName: string; readonly AttributeType: string }[];
  readonly globalSecondaryIndexes: SecondaryIndex[];
  readonly localSecondaryIndexes: SecondaryIndex[];
  readonly ttlAttribute?: string;
  readonly streamViewType?: string;
};

export type QueueModel = {
  readonly logicalId: string;
  readonly stackName: string;
  readonly name: string;
  readonly arn: string;
  /** SQS attributes as CreateQueue takes them (strings), without RedrivePolicy. */
  readonly attributes: Record<string, string>;
  readonly redrive?: { readonly deadLetterQueueName: string; readonly maxReceiveCount: number };
};

export type FunctionModel = {
  readonly logicalId: string;
  readonly stackName: string;
  readonly name: string;
  readonly arn: string;
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  readonly environment: Record<string, string>;
  /** LoggingConfig: Lambda exposes these as AWS_LAMBDA_LOG_FORMAT / AWS_LAMBDA_LOG_LEVEL. */
  readonly logFormat?: string;
  readonly applicationLogLevel?: string;
  /** Absolute path of the bundle's directory (the unzipped asset). */
  readonly codeDirectory: string;
};

export type RouteAuthorization =
  | { readonly type: 'NONE' }
  | { readonly type: 'JWT'; readonly authorizerId: string; readonly scopes: readonly string[] };

export type RouteModel = {
  readonly apiId: string;
  readonly routeKey: string;
  /** Upper-case method or `ANY`; `$default` routes have method `ANY` and path undefined. */
  readonly method: string;
  readonly path?: string;
  readonly authorization: RouteAuthorization;
  readonly functionName: string;
  readonly payloadFormatVersion: string;
};

export type AuthorizerModel = {
  readonly id: string;
  readonly name: string;
  readonly identitySource: readonly string[];
  readonly audiences: readonly string[];
  /** The issuer the cloud template names (locally replaced by the local issuer). */
  readonly cloudIssuer: string;
};

export type EventSourceMappingModel = {
  readonly functionName: string;
  readonly queueName: string;
  readonly queueArn: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly enabled: boolean;
  readonly maximumConcurrency?: number;
};

export type ScheduleModel = {
  readonly ruleName: string;
  readonly ruleArn: string;
  readonly expression: string;
  readonly enabled: boolean;
  readonly targets: readonly { readonly functionName: string; readonly input?: unknown }[];
};

export type AppModel = {
  readonly tables: TableModel[];
  readonly queues: QueueModel[];
  readonly functions: FunctionModel[];
  readonly routes: RouteModel[];
  readonly authorizers: Map<string, AuthorizerModel>;
  readonly eventSourceMappings: EventSourceMappingModel[];
  readonly schedules: ScheduleModel[];
  /** Things in the templates the local runtime does not run, with the reason (printed once at start). */
  readonly notes: string[];
};

type Located = { readonly stack: StackTemplate; readonly logicalId: string; readonly resource: CfnResource };

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asNumber(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  return Number.isFinite(number) ? number : fallback;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => String(item)) : [];
}

const QUEUE_ATTRIBUTES: Record<string, string> = {
  VisibilityTimeout: 'VisibilityTimeout',
  MessageRetentionPeriod: 'MessageRetentionPeriod',
  DelaySeconds: 'DelaySeconds',
  MaximumMessageSize: 'MaximumMessageSize',
  ReceiveMessageWaitTimeSeconds: 'ReceiveMessageWaitTimeSeconds',
  FifoQueue: 'FifoQueue',
  ContentBasedDeduplication: 'ContentBasedDeduplication',
  DeduplicationScope: 'DeduplicationScope',
  FifoThroughputLimit: 'FifoThroughputLimit',
};

/** Finds a function's bundle directory: asset metadata first, else the asset manifest entry of its S3 key. */
function codeDirectoryOf(stack: StackTemplate, resource: CfnResource, resolver: IntrinsicResolver): string | undefined {
  const assetPath = resource.Metadata?.['aws:asset:path'];
  if (typeof assetPath === 'string') return path.resolve(stack.directory, assetPath);
  const code = asRecord(resource.Properties?.Code);
  if (code.S3Key === undefined) return undefined;
  const key = resolver.resolve(stack.stackName, code.S3Key);
  return typeof key === 'string' ? stack.assetsByObjectKey.get(key) : undefined;
}

/** Reads every stack of the assembly; cloud names, ARNs and URLs are replaced by the local ones `bindings` give. */
export function readAppModel(stacks: readonly StackTemplate[], bindings: LocalBindings): AppModel {
  const resolver = new IntrinsicResolver(stacks, bindings);
  const notes: string[] = [];
  const resources: Located[] = [];
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      if (resolver.isIncluded(stack.stackName, resource)) resources.push({ stack, logicalId, resource });
    }
  }
  const ofType = (...types: string[]) => resources.filter((located) => types.includes(located.resource.Type));
  const resolve = (located: Located, value: unknown) => resolver.resolve(located.stack.stackName, value);
  const resolveString = (located: Located, value: unknown) => resolver.resolveString(located.stack.stackName, value);
  // Only the properties the local runtime uses are resolved: the rest may name things that have no local meaning.
  const propertiesOf = (located: Located, names: readonly string[]) => {
    const props: Record<string, unknown> = {};
    for (const name of names) {
      const value = located.resource.Properties?.[name];
      if (value !== undefined) props[name] = resolve(located, value);
    }
    return props;
  };

  const tables = ofType('AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable').map((located): TableModel => {
    const props = propertiesOf(located, [
      'KeySchema',
      'AttributeDefinitions',
      'GlobalSecondaryIndexes',
      'LocalSecondaryIndexes',
      'TimeToLiveSpecification',
      'StreamSpecification',
    ]);
    const ttl = asRecord(props.TimeToLiveSpecification);
    const stream = asRecord(props.StreamSpecification);
    const indexes = (value: unknown) =>
      (Array.isArray(value) ? value : []).map((index) => {
        const record = asRecord(index);
        return {
          IndexName: String(record.IndexName),
          KeySchema: record.KeySchema as KeySchemaElement[],
          Projection: asRecord(record.Projection) as SecondaryIndex['Projection'],
        };
      });
    return {
      logicalId: located.logicalId,
      stackName: located.stack.stackName,
      name: resolver.localName(located.stack.stackName, located.logicalId),
      keySchema: props.KeySchema as KeySchemaElement[],
      attributeDefinitions: props.AttributeDefinitions as TableModel['attributeDefinitions'],
      globalSecondaryIndexes: indexes(props.GlobalSecondaryIndexes),
      localSecondaryIndexes: indexes(props.LocalSecondaryIndexes),
      ...(ttl.Enabled === true && typeof ttl.AttributeName === 'string' ? { ttlAttribute: ttl.AttributeName } : {}),
      ...(typeof stream.StreamViewType === 'string' ? { streamViewType: stream.StreamViewType } : {}),
    };
  });

  const queueByArn = new Map<string, string>();
  const queues = ofType('AWS::SQS::Queue').map((located): QueueModel => {
    const props = propertiesOf(located, [...Object.keys(QUEUE_ATTRIBUTES), 'RedrivePolicy']);
    const identity = resolver.identity(located.stack.stackName, located.logicalId);
    const attributes: Record<string, string> = {};
    for (const [property, attribute] of Object.entries(QUEUE_ATTRIBUTES)) {
      if (props[property] !== undefined) attributes[attribute] = String(props[property]);
    }
    const redrivePolicy = asRecord(props.RedrivePolicy);
    const arn = identity.attributes.Arn ?? '';
    queueByArn.set(arn, identity.name);
    return {
      logicalId: located.logicalId,
      stackName: located.stack.stackName,
      name: identity.name,
      arn,
      attributes,
      ...(typeof redrivePolicy.deadLetterTargetArn === 'string'
        ? {
            redrive: {
              deadLetterQueueName: redrivePolicy.deadLetterTargetArn.slice(
                redrivePolicy.deadLetterTargetArn.lastIndexOf(':') + 1,
              ),
              maxReceiveCount: asNumber(redrivePolicy.maxReceiveCount, 10),
            },
          }
        : {}),
    };
  });

  const functionByArn = new Map<string, string>();
  const functionByRef = new Map<string, string>();
  const functions: FunctionModel[] = [];
  for (const located of ofType('AWS::Lambda::Function')) {
    const shortName = functionShortName(located.resource);
    if (shortName === undefined) {
      notes.push(`function ${located.stack.stackName}/${located.logicalId} has no lotse:function tag: not run locally`);
      continue;
    }
    const props = located.resource.Properties ?? {};
    const identity = resolver.identity(located.stack.stackName, located.logicalId);
    const codeDirectory = codeDirectoryOf(located.stack, located.resource, resolver);
    if (codeDirectory === undefined || !existsSync(codeDirectory)) {
      throw new Error(`function ${shortName}: no bundle found (was the app synthesized with bundling on?)`);
    }
    const variables = asRecord(asRecord(props.Environment).Variables);
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(variables)) {
      try {
        environment[key] = resolveString(located, value);
      } catch (error) {
        throw new Error(`function ${shortName}: environment variable ${key}: ${(error as Error).message}`);
      }
    }
    const logging = asRecord(props.LoggingConfig);
    const arn = identity.attributes.Arn ?? '';
    functionByArn.set(arn, shortName);
    functionByRef.set(identity.ref, shortName);
    functions.push({
      logicalId: located.logicalId,
      stackName: located.stack.stackName,
      name: shortName,
      arn,
      handler: resolveString(located, props.Handler),
      runtime: props.Runtime === undefined ? 'nodejs' : resolveString(located, props.Runtime),
      timeoutSeconds: asNumber(resolve(located, props.Timeout), 3),
      memorySize: asNumber(resolve(located, props.MemorySize), 128),
      environment,
      ...(typeof logging.LogFormat === 'string' ? { logFormat: logging.LogFormat } : {}),
      ...(typeof logging.ApplicationLogLevel === 'string' ? { applicationLogLevel: logging.ApplicationLogLevel } : {}),
      codeDirectory,
    });
  }
  // Lambda accepts a function's name, ARN or partial ARN wherever it is referenced.
  const functionNamed = (reference: string): string | undefined =>
    functionByArn.get(reference) ??
    functionByRef.get(reference) ??
    functionByArn.get(reference.replace(/\/invocations$/, '').replace(/^.*\/functions\//, ''));

  const authorizers = new Map<string, AuthorizerModel>();
  for (const located of ofType('AWS::ApiGatewayV2::Authorizer')) {
    const props = propertiesOf(located, ['AuthorizerType', 'JwtConfiguration', 'IdentitySource', 'Name']);
    if (props.AuthorizerType !== 'JWT') {
      notes.push(`authorizer ${located.logicalId} of type ${String(props.AuthorizerType)} is not supported locally`);
      continue;
    }
    const jwt = asRecord(props.JwtConfiguration);
    const id = resolver.identity(located.stack.stackName, located.logicalId).ref;
    authorizers.set(id, {
      id,
      name: typeof props.Name === 'string' ? props.Name : located.logicalId,
      identitySource: stringsOf(props.IdentitySource),
      audiences: stringsOf(jwt.Audience),
      cloudIssuer: String(jwt.Issuer ?? ''),
    });
  }

  const integrations = new Map<string, { functionName: string; payloadFormatVersion: string }>();
  for (const located of ofType('AWS::ApiGatewayV2::Integration')) {
    const props = propertiesOf(located, ['IntegrationType', 'IntegrationUri', 'PayloadFormatVersion']);
    const functionName = typeof props.IntegrationUri === 'string' ? functionNamed(props.IntegrationUri) : undefined;
    if (props.IntegrationType !== 'AWS_PROXY' || functionName === undefined) {
      notes.push(`integration ${located.logicalId} is not a Lambda proxy integration of a project function`);
      continue;
    }
    const id = resolver.identity(located.stack.stackName, located.logicalId).ref;
    integrations.set(id, { functionName, payloadFormatVersion: String(props.PayloadFormatVersion ?? '2.0') });
  }

  const routes: RouteModel[] = [];
  for (const located of ofType('AWS::ApiGatewayV2::Route')) {
    const props = propertiesOf(located, [
      'ApiId',
      'RouteKey',
      'Target',
      'AuthorizationType',
      'AuthorizerId',
      'AuthorizationScopes',
    ]);
    const routeKey = String(props.RouteKey);
    const target = typeof props.Target === 'string' ? props.Target.replace(/^integrations\//, '') : '';
    const integration = integrations.get(target);
    if (integration === undefined) {
      notes.push(`route ${routeKey} has no Lambda integration: not served locally`);
      continue;
    }
    const authorizationType = String(props.AuthorizationType ?? 'NONE');
    let authorization: RouteAuthorization;
    if (authorizationType === 'NONE') authorization = { type: 'NONE' };
    else if (
      authorizationType === 'JWT' &&
      typeof props.AuthorizerId === 'string' &&
      authorizers.has(props.AuthorizerId)
    ) {
      authorization = { type: 'JWT', authorizerId: props.AuthorizerId, scopes: stringsOf(props.AuthorizationScopes) };
    } else {
      // Fail closed: a route whose authorizer cannot be reproduced must not be served without one.
      throw new Error(`route ${routeKey}: authorization ${authorizationType} cannot be reproduced locally`);
    }
    const [method, routePath] = routeKey === '$default' ? ['ANY', undefined] : routeKey.split(' ');
    routes.push({
      apiId: String(props.ApiId),
      routeKey,
      method: String(method).toUpperCase(),
      ...(routePath === undefined ? {} : { path: routePath }),
      authorization,
      functionName: integration.functionName,
      payloadFormatVersion: integration.payloadFormatVersion,
    });
  }

  const eventSourceMappings: EventSourceMappingModel[] = [];
  for (const located of ofType('AWS::Lambda::EventSourceMapping')) {
    const props = propertiesOf(located, [
      'EventSourceArn',
      'FunctionName',
      'BatchSize',
      'MaximumBatchingWindowInSeconds',
      'FunctionResponseTypes',
      'Enabled',
      'ScalingConfig',
    ]);
    const sourceArn = String(props.EventSourceArn ?? '');
    const queueName = queueByArn.get(sourceArn);
    const functionName = functionNamed(String(props.FunctionName ?? ''));
    if (queueName === undefined || functionName === undefined) {
      notes.push(`event source mapping ${located.logicalId} (${sourceArn}) is not an SQS queue → project function`);
      continue;
    }
    const scaling = asRecord(props.ScalingConfig);
    eventSourceMappings.push({
      functionName,
      queueName,
      queueArn: sourceArn,
      batchSize: asNumber(props.BatchSize, 10),
      maximumBatchingWindowSeconds: asNumber(props.MaximumBatchingWindowInSeconds, 0),
      reportBatchItemFailures: stringsOf(props.FunctionResponseTypes).includes('ReportBatchItemFailures'),
      enabled: props.Enabled !== false && props.Enabled !== 'false',
      ...(scaling.MaximumConcurrency === undefined
        ? {}
        : { maximumConcurrency: asNumber(scaling.MaximumConcurrency, 2) }),
    });
  }

  const schedules: ScheduleModel[] = [];
  for (const located of ofType('AWS::Events::Rule')) {
    const props = propertiesOf(located, ['ScheduleExpression', 'State', 'Targets']);
    if (typeof props.ScheduleExpression !== 'string') continue;
    const identity = resolver.identity(located.stack.stackName, located.logicalId);
    const targets: { functionName: string; input?: unknown }[] = [];
    for (const target of Array.isArray(props.Targets) ? props.Targets : []) {
      const record = asRecord(target);
      const functionName = functionNamed(String(record.Arn ?? ''));
      if (functionName === undefined) {
        notes.push(`schedule ${identity.name}: target ${String(record.Id)} is not a project function`);
        continue;
      }
      if (record.InputPath !== undefined || record.InputTransformer !== undefined) {
        notes.push(`schedule ${identity.name}: InputPath/InputTransformer not supported, the whole event is passed`);
      }
      targets.push({
        functionName,
        ...(typeof record.Input === 'string' ? { input: JSON.parse(record.Input) as unknown } : {}),
      });
    }
    schedules.push({
      ruleName: identity.name,
      ruleArn: identity.attributes.Arn ?? '',
      expression: props.ScheduleExpression,
      enabled: props.State === undefined || props.State === 'ENABLED',
      targets,
    });
  }

  return { tables, queues, functions, routes, authorizers, eventSourceMappings, schedules, notes };
}

export { UnresolvableIntrinsic };
