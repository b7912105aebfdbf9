// The template reader: turns the stacks of a cloud assembly into what the local runtime runs (no hand-kept lists).
// It reads the resource kinds and properties the stacks in infra/stacks create, and refuses by name whatever else it
// would have to reproduce: support for more comes back with a test when a stack needs it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isRecord } from '#domain/json-value.ts';
import type { CfnResource, StackTemplate } from './cloud-assembly.ts';
import {
  functionShortName,
  IntrinsicResolver,
  type LocalBindings,
  type LocalIdentity,
  UnresolvableIntrinsic,
} from './intrinsics.ts';
import { STANDARD_ATTRIBUTES } from './local-user-pool.ts';

export type KeySchemaElement = { readonly AttributeName: string; readonly KeyType: 'HASH' | 'RANGE' };
export type SecondaryIndex = {
  readonly IndexName: string;
  readonly KeySchema: KeySchemaElement[];
  readonly Projection: { readonly ProjectionType?: string; readonly NonKeyAttributes?: string[] };
};

export type TableModel = {
  readonly name: string;
  readonly keySchema: KeySchemaElement[];
  readonly attributeDefinitions: { readonly AttributeName: string; readonly AttributeType: string }[];
  readonly globalSecondaryIndexes: SecondaryIndex[];
  readonly ttlAttribute?: string;
};

export type QueueModel = {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** SQS attributes as CreateQueue takes them (strings), without RedrivePolicy. */
  readonly attributes: Record<string, string>;
  readonly redrive?: { readonly deadLetterQueueName: string; readonly maxReceiveCount: number };
};

export type FunctionModel = {
  readonly name: string;
  readonly arn: string;
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  /** ReservedConcurrentExecutions: no more invocations run at once. */
  readonly reservedConcurrency?: number;
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
  /** `METHOD /path`, as the route's key in the template. */
  readonly routeKey: string;
  readonly method: string;
  readonly path: string;
  readonly authorization: RouteAuthorization;
  readonly functionName: string;
};

export type AuthorizerModel = {
  readonly id: string;
  readonly apiId: string;
  readonly name: string;
  readonly audiences: readonly string[];
  /** The issuer the template names (Cognito's); the local gateway checks tokens against the local issuer instead. */
  readonly issuer: string;
};

export type EventSourceMappingModel = {
  readonly functionName: string;
  readonly queueName: string;
  readonly queueArn: string;
  readonly batchSize: number;
  readonly reportBatchItemFailures: boolean;
  /** ScalingConfig.MaximumConcurrency: the most batches the mapping processes at once (Lambda's 1,000 without). */
  readonly maximumConcurrency?: number;
};

export type ScheduleModel = {
  readonly ruleName: string;
  readonly ruleArn: string;
  readonly expression: string;
  readonly enabled: boolean;
  readonly targets: readonly { readonly functionName: string }[];
};

export type UserPoolClientModel = {
  readonly logicalId: string;
  /** The client id as the templates reference it (the JWT authorizer's audience). */
  readonly clientId: string;
  readonly clientName: string;
  readonly generateSecret: boolean;
  readonly flows: readonly string[];
  readonly scopes: readonly string[];
  /** Redirect and logout URIs on the local gateway's origin (the web app is served there), with their paths kept. */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  readonly accessTokenSeconds?: number;
  readonly idTokenSeconds?: number;
  readonly refreshTokenSeconds?: number;
};

export type UserPoolModel = {
  readonly logicalId: string;
  /** The pool id as the templates reference it (e.g. a function's USER_POOL_ID). */
  readonly id: string;
  /** The pre-token-generation trigger (PreTokenGenerationConfig): the function and the event version. */
  readonly preTokenGeneration?: { readonly functionName: string; readonly version: 'V2_0' | 'V3_0' };
  /** Custom attributes of the schema, without the `custom:` prefix. */
  readonly customAttributes: readonly string[];
  readonly emailAlias: boolean;
  readonly invitation?: { readonly subject: string; readonly text: string };
  readonly groups: readonly string[];
  /** `<resource server identifier>/<scope name>` of each resource server scope. */
  readonly resourceScopes: readonly string[];
  readonly clients: readonly UserPoolClientModel[];
};

/**
 * A secret whose value Secrets Manager generates at deployment (infra/constructs/generated-secret.ts): the local
 * runtime generates one of the same form at every start and serves it under the secret's name and ARN.
 */
export type SecretModel = {
  readonly logicalId: string;
  readonly name: string;
  /** What the functions are given (Ref): the full ARN. */
  readonly arn: string;
  readonly generate: {
    readonly length: number;
    readonly excludePunctuation: boolean;
    readonly includeSpace: boolean;
    readonly excludeCharacters: string;
    /** A JSON value: the template object with the generated string under `key` (GenerateSecretString's pair). */
    readonly json?: { readonly template: string; readonly key: string };
  };
};

/** A resource the stacks create that the local runtime deliberately leaves out, and why. */
export type NotReproducedModel = {
  readonly stackName: string;
  readonly logicalId: string;
  readonly kind: string;
  readonly reason: string;
};

/**
 * Resource kinds the stacks create that have no local counterpart, each with the reason. The reader names each such
 * resource it skips (AppModel.notReproduced) rather than passing over it unseen.
 */
export const NOT_REPRODUCED_LOCALLY: Readonly<Record<string, string>> = {
  // The edge stack's web ACL (infra/constructs/web-app-firewall.ts).
  'AWS::WAFv2::WebACL':
    'a local runtime has no WAF: the per-address rate limits guard the CloudFront distribution in the cloud; ' +
    'the local gateway serves every request',
};

export type AppModel = {
  readonly tables: TableModel[];
  readonly queues: QueueModel[];
  readonly functions: FunctionModel[];
  readonly routes: RouteModel[];
  readonly authorizers: Map<string, AuthorizerModel>;
  readonly eventSourceMappings: EventSourceMappingModel[];
  readonly schedules: ScheduleModel[];
  readonly userPools: UserPoolModel[];
  readonly secrets: SecretModel[];
  /** What is skipped on purpose (NOT_REPRODUCED_LOCALLY). */
  readonly notReproduced: NotReproducedModel[];
};

/** Reads every stack of the assembly; cloud names, ARNs and URLs are replaced by the local ones `bindings` give. */
export function readAppModel(stacks: readonly StackTemplate[], bindings: LocalBindings): AppModel {
  const assembly = new AssemblyReader(stacks, bindings);
  const tables = assembly.ofType('AWS::DynamoDB::Table').map(readTable);
  const queues = assembly.ofType('AWS::SQS::Queue').map(readQueue);
  const functions = assembly.ofType('AWS::Lambda::Function').map(readFunction);
  const functionNamed = functionReferences(functions);
  const authorizers = byId(assembly.ofType('AWS::ApiGatewayV2::Authorizer').map(readAuthorizer));
  const integrations = byId(
    assembly.ofType('AWS::ApiGatewayV2::Integration').map((resource) => readIntegration(resource, functionNamed)),
  );
  const routes = assembly
    .ofType('AWS::ApiGatewayV2::Route')
    .map((resource) => readRoute(resource, integrations, authorizers));
  const eventSourceMappings = assembly
    .ofType('AWS::Lambda::EventSourceMapping')
    .map((resource) => readEventSourceMapping(resource, queues, functionNamed));
  const schedules = assembly.ofType('AWS::Events::Rule').map((resource) => readSchedule(resource, functionNamed));
  const userPools = readUserPools(assembly, functionNamed, bindings.apiUrl);
  const secrets = assembly.ofType('AWS::SecretsManager::Secret').map(readSecret);
  const notReproduced = Object.entries(NOT_REPRODUCED_LOCALLY).flatMap(([kind, reason]) =>
    assembly
      .ofType(kind)
      .map((resource) => ({ stackName: resource.stackName, logicalId: resource.logicalId, kind, reason })),
  );
  return {
    tables,
    queues,
    functions,
    routes,
    authorizers,
    eventSourceMappings,
    schedules,
    userPools,
    secrets,
    notReproduced,
  };
}

/** One resource of the assembly, read through the resolver of its stack. */
type Resource = {
  readonly stackName: string;
  readonly logicalId: string;
  readonly definition: CfnResource;
  /** The stack's assembly directory (asset paths are relative to it). */
  readonly directory: string;
  readonly identity: LocalIdentity;
  /** The named properties with intrinsics resolved: only these, as the rest may name things with no local meaning. */
  properties(...names: string[]): Record<string, unknown>;
  resolve(value: unknown): unknown;
  resolveString(value: unknown): string;
};

class AssemblyReader {
  readonly #stacks: readonly StackTemplate[];
  readonly #resolver: IntrinsicResolver;

  constructor(stacks: readonly StackTemplate[], bindings: LocalBindings) {
    this.#stacks = stacks;
    this.#resolver = new IntrinsicResolver(stacks, bindings);
  }

  ofType(type: string): Resource[] {
    return this.#stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {})
        .filter(([, definition]) => definition.Type === type)
        .map(([logicalId, definition]) => this.#resource(stack, logicalId, definition)),
    );
  }

  #resource(stack: StackTemplate, logicalId: string, definition: CfnResource): Resource {
    const { stackName } = stack;
    const resolver = this.#resolver;
    if (definition.Condition !== undefined) {
      throw new Error(`${stackName}/${logicalId}: conditional resources are not supported locally`);
    }
    const resolve = (value: unknown) => resolver.resolve(stackName, value);
    return {
      stackName,
      logicalId,
      definition,
      directory: stack.directory,
      identity: resolver.identity(stackName, logicalId),
      properties: (...names) =>
        Object.fromEntries(
          names.flatMap((name) => {
            const value = definition.Properties?.[name];
            return value === undefined ? [] : [[name, resolve(value)]];
          }),
        ),
      resolve,
      resolveString: (value) => resolver.resolveString(stackName, value),
    };
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function asNumber(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  return Number.isFinite(number) ? number : fallback;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => String(item)) : [];
}

function byId<T extends { readonly id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function readTable(table: Resource): TableModel {
  const props = table.properties(
    'KeySchema',
    'AttributeDefinitions',
    'GlobalSecondaryIndexes',
    'TimeToLiveSpecification',
  );
  const ttl = asRecord(props.TimeToLiveSpecification);
  const indexes = Array.isArray(props.GlobalSecondaryIndexes) ? props.GlobalSecondaryIndexes : [];
  return {
    name: table.identity.name,
    keySchema: props.KeySchema as KeySchemaElement[],
    attributeDefinitions: props.AttributeDefinitions as TableModel['attributeDefinitions'],
    globalSecondaryIndexes: indexes.map((index) => {
      const record = asRecord(index);
      return {
        IndexName: String(record.IndexName),
        KeySchema: record.KeySchema as KeySchemaElement[],
        Projection: asRecord(record.Projection) as SecondaryIndex['Projection'],
      };
    }),
    ...(ttl.Enabled === true && typeof ttl.AttributeName === 'string' ? { ttlAttribute: ttl.AttributeName } : {}),
  };
}

/** The queue properties the stacks set that CreateQueue takes as attributes of the same name. */
const QUEUE_ATTRIBUTES = ['VisibilityTimeout', 'MessageRetentionPeriod'] as const;

function readQueue(queue: Resource): QueueModel {
  const props = queue.properties(...QUEUE_ATTRIBUTES, 'RedrivePolicy');
  const attributes: Record<string, string> = {};
  for (const name of QUEUE_ATTRIBUTES) if (props[name] !== undefined) attributes[name] = String(props[name]);
  const redrivePolicy = asRecord(props.RedrivePolicy);
  const deadLetterArn = redrivePolicy.deadLetterTargetArn;
  return {
    logicalId: queue.logicalId,
    name: queue.identity.name,
    arn: queue.identity.attributes.Arn ?? '',
    attributes,
    ...(typeof deadLetterArn === 'string'
      ? {
          redrive: {
            deadLetterQueueName: deadLetterArn.slice(deadLetterArn.lastIndexOf(':') + 1),
            maxReceiveCount: asNumber(redrivePolicy.maxReceiveCount, 10),
          },
        }
      : {}),
  };
}

function readFunction(fn: Resource): FunctionModel {
  const name = functionShortName(fn.definition);
  if (name === undefined) throw new Error(`function ${fn.logicalId} has no lotse:function tag`);
  // The local synthesis records each bundle's directory in the asset metadata.
  const assetPath = fn.definition.Metadata?.['aws:asset:path'];
  const codeDirectory = typeof assetPath === 'string' ? path.resolve(fn.directory, assetPath) : undefined;
  if (codeDirectory === undefined || !existsSync(codeDirectory)) {
    throw new Error(`function ${name}: no bundle found (was the app synthesized with bundling on?)`);
  }
  const props = fn.definition.Properties ?? {};
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(asRecord(asRecord(props.Environment).Variables))) {
    try {
      environment[key] = fn.resolveString(value);
    } catch (error) {
      throw new Error(`function ${name}: environment variable ${key}: ${(error as Error).message}`);
    }
  }
  const logging = asRecord(props.LoggingConfig);
  const reservedConcurrency = asNumber(fn.resolve(props.ReservedConcurrentExecutions), Number.NaN);
  return {
    name,
    arn: fn.identity.attributes.Arn ?? '',
    handler: fn.resolveString(props.Handler),
    runtime: fn.resolveString(props.Runtime),
    timeoutSeconds: asNumber(fn.resolve(props.Timeout), 3),
    memorySize: asNumber(fn.resolve(props.MemorySize), 128),
    ...(Number.isFinite(reservedConcurrency) ? { reservedConcurrency } : {}),
    environment,
    ...(typeof logging.LogFormat === 'string' ? { logFormat: logging.LogFormat } : {}),
    ...(typeof logging.ApplicationLogLevel === 'string' ? { applicationLogLevel: logging.ApplicationLogLevel } : {}),
    codeDirectory,
  };
}

/** Finds a project function by any reference the templates use: its name (Ref) or its ARN (Fn::GetAtt). */
function functionReferences(functions: readonly FunctionModel[]): (reference: unknown) => string {
  const names = new Map(functions.flatMap((fn) => [[fn.name, fn.name] as const, [fn.arn, fn.name] as const]));
  return (reference) => {
    const name = typeof reference === 'string' ? names.get(reference) : undefined;
    if (name === undefined) throw new Error(`${String(reference)} is not a function of the project`);
    return name;
  };
}

function readAuthorizer(authorizer: Resource): AuthorizerModel {
  const props = authorizer.properties('AuthorizerType', 'ApiId', 'Name');
  if (props.AuthorizerType !== 'JWT') {
    throw new Error(`authorizer ${authorizer.logicalId}: type ${String(props.AuthorizerType)} is not supported`);
  }
  const jwt = asRecord(authorizer.definition.Properties?.JwtConfiguration);
  let issuer: string;
  try {
    issuer = authorizer.resolveString(jwt.Issuer);
  } catch (error) {
    // Shown by the local management API only: the tokens are checked against the local issuer.
    if (!(error instanceof UnresolvableIntrinsic)) throw error;
    issuer = '';
  }
  return {
    id: authorizer.identity.ref,
    apiId: String(props.ApiId),
    name: typeof props.Name === 'string' ? props.Name : authorizer.logicalId,
    audiences: stringsOf(authorizer.resolve(jwt.Audience)),
    issuer,
  };
}

type IntegrationModel = { readonly id: string; readonly functionName: string };

function readIntegration(integration: Resource, functionNamed: (reference: unknown) => string): IntegrationModel {
  const props = integration.properties('IntegrationType', 'IntegrationUri', 'PayloadFormatVersion');
  // The gateway builds payload 2.0 events for Lambda proxy integrations, and nothing else.
  if (props.IntegrationType !== 'AWS_PROXY' || props.PayloadFormatVersion !== '2.0') {
    throw new Error(`integration ${integration.logicalId}: only Lambda proxy integrations of payload 2.0 run locally`);
  }
  return { id: integration.identity.ref, functionName: functionNamed(props.IntegrationUri) };
}

function readRoute(
  route: Resource,
  integrations: ReadonlyMap<string, IntegrationModel>,
  authorizers: ReadonlyMap<string, AuthorizerModel>,
): RouteModel {
  const props = route.properties(
    'ApiId',
    'RouteKey',
    'Target',
    'AuthorizationType',
    'AuthorizerId',
    'AuthorizationScopes',
  );
  const routeKey = String(props.RouteKey);
  const integration = integrations.get(String(props.Target).replace(/^integrations\//, ''));
  if (integration === undefined) throw new Error(`route ${routeKey} has no Lambda integration`);
  const [, method, routePath] = /^([A-Z]+) (\/\S*)$/.exec(routeKey) ?? [];
  if (method === undefined || method === 'ANY' || routePath === undefined || routePath.includes('+}')) {
    throw new Error(`route ${routeKey}: only routes of one method and a path without greedy parameters run locally`);
  }
  return {
    apiId: String(props.ApiId),
    routeKey,
    method,
    path: routePath,
    authorization: routeAuthorization(routeKey, props, authorizers),
    functionName: integration.functionName,
  };
}

function routeAuthorization(
  routeKey: string,
  props: Record<string, unknown>,
  authorizers: ReadonlyMap<string, AuthorizerModel>,
): RouteAuthorization {
  const type = String(props.AuthorizationType ?? 'NONE');
  if (type === 'NONE') return { type: 'NONE' };
  if (type === 'JWT' && typeof props.AuthorizerId === 'string' && authorizers.has(props.AuthorizerId)) {
    return { type: 'JWT', authorizerId: props.AuthorizerId, scopes: stringsOf(props.AuthorizationScopes) };
  }
  // Fail closed: a route whose authorizer cannot be reproduced must not be served without one.
  throw new Error(`route ${routeKey}: authorization ${type} cannot be reproduced locally`);
}

function readEventSourceMapping(
  mapping: Resource,
  queues: readonly QueueModel[],
  functionNamed: (reference: unknown) => string,
): EventSourceMappingModel {
  const props = mapping.properties(
    'EventSourceArn',
    'FunctionName',
    'BatchSize',
    'FunctionResponseTypes',
    'ScalingConfig',
  );
  const maximumConcurrency = asNumber(asRecord(props.ScalingConfig).MaximumConcurrency, Number.NaN);
  const queue = queues.find((candidate) => candidate.arn === props.EventSourceArn);
  if (queue === undefined) throw new Error(`event source mapping ${mapping.logicalId}: its source is not a queue`);
  return {
    functionName: functionNamed(props.FunctionName),
    queueName: queue.name,
    queueArn: queue.arn,
    batchSize: asNumber(props.BatchSize, 10),
    reportBatchItemFailures: stringsOf(props.FunctionResponseTypes).includes('ReportBatchItemFailures'),
    ...(Number.isFinite(maximumConcurrency) ? { maximumConcurrency } : {}),
  };
}

function readSchedule(rule: Resource, functionNamed: (reference: unknown) => string): ScheduleModel {
  const props = rule.properties('ScheduleExpression', 'State', 'Targets');
  if (typeof props.ScheduleExpression !== 'string') {
    throw new Error(`rule ${rule.logicalId}: only schedule rules are supported locally`);
  }
  const targets = (Array.isArray(props.Targets) ? props.Targets : []).map((target) => {
    const record = asRecord(target);
    // The scheduled event itself is what the stacks' targets receive.
    if (record.Input !== undefined || record.InputPath !== undefined || record.InputTransformer !== undefined) {
      throw new Error(`rule ${rule.logicalId}: target inputs are not supported locally`);
    }
    return { functionName: functionNamed(record.Arn) };
  });
  return {
    ruleName: rule.identity.name,
    ruleArn: rule.identity.attributes.Arn ?? '',
    expression: props.ScheduleExpression,
    enabled: props.State === undefined || props.State === 'ENABLED',
    targets,
  };
}

/**
 * A secret with a generated value, plain or a JSON template with the generated string under a key, and no other
 * setting the local Secrets Manager would have to reproduce (a given value, rotation, replicas are refused by name).
 */
function readSecret(secret: Resource): SecretModel {
  const props = secret.definition.Properties ?? {};
  const unsupported = Object.keys(props).filter(
    (name) => !['Description', 'KmsKeyId', 'GenerateSecretString', 'Tags'].includes(name),
  );
  const generate = asRecord(secret.resolve(props.GenerateSecretString));
  const generateUnsupported = Object.keys(generate).filter(
    (name) =>
      ![
        'PasswordLength',
        'ExcludePunctuation',
        'IncludeSpace',
        'ExcludeCharacters',
        'SecretStringTemplate',
        'GenerateStringKey',
      ].includes(name),
  );
  const template = generate.SecretStringTemplate;
  const key = generate.GenerateStringKey;
  if ((template === undefined) !== (key === undefined) || !jsonTemplate(template)) {
    throw new Error(
      `secret ${secret.logicalId}: SecretStringTemplate (a JSON object) and GenerateStringKey come together or not at all`,
    );
  }
  if (props.GenerateSecretString === undefined || unsupported.length > 0 || generateUnsupported.length > 0) {
    throw new Error(
      `secret ${secret.logicalId}: only generated values run locally` +
        ` (unsupported: ${[...unsupported, ...generateUnsupported].join(', ') || 'no GenerateSecretString'})`,
    );
  }
  return {
    logicalId: secret.logicalId,
    name: secret.identity.name,
    arn: secret.identity.ref,
    generate: {
      length: asNumber(generate.PasswordLength, 32),
      excludePunctuation: generate.ExcludePunctuation === true || generate.ExcludePunctuation === 'true',
      includeSpace: generate.IncludeSpace === true || generate.IncludeSpace === 'true',
      excludeCharacters: typeof generate.ExcludeCharacters === 'string' ? generate.ExcludeCharacters : '',
      ...(typeof template === 'string' && typeof key === 'string' && { json: { template, key } }),
    },
  };
}

/** Undefined (no template) or a string holding a JSON object. */
function jsonTemplate(template: unknown): boolean {
  if (template === undefined) return true;
  if (typeof template !== 'string') return false;
  try {
    const value: unknown = JSON.parse(template);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Every user pool with its groups, resource server scopes and app clients (the domain has no local meaning). */
function readUserPools(
  assembly: AssemblyReader,
  functionNamed: (reference: unknown) => string,
  gatewayUrl: string,
): UserPoolModel[] {
  const ofPool = (type: string) =>
    assembly
      .ofType(type)
      .map((resource) => ({ resource, poolId: String(resource.properties('UserPoolId').UserPoolId) }));
  const groups = ofPool('AWS::Cognito::UserPoolGroup');
  const servers = ofPool('AWS::Cognito::UserPoolResourceServer');
  const clients = ofPool('AWS::Cognito::UserPoolClient');
  return assembly.ofType('AWS::Cognito::UserPool').map((pool) => {
    const id = pool.identity.ref;
    return {
      ...readUserPool(pool, functionNamed),
      id,
      groups: groups
        .filter((group) => group.poolId === id)
        .map(({ resource }) => String(resource.properties('GroupName').GroupName)),
      resourceScopes: servers
        .filter((server) => server.poolId === id)
        .flatMap(({ resource }) => {
          const props = resource.properties('Identifier', 'Scopes');
          const scopes = Array.isArray(props.Scopes) ? props.Scopes : [];
          return scopes.map((scope) => `${String(props.Identifier)}/${String(asRecord(scope).ScopeName)}`);
        }),
      clients: clients
        .filter((client) => client.poolId === id)
        .map(({ resource }) => readUserPoolClient(resource, gatewayUrl)),
    };
  });
}

/** The triggers a user pool may have locally: the pre-token-generation trigger of event version 2 or 3, no other. */
function readUserPool(
  pool: Resource,
  functionNamed: (reference: unknown) => string,
): Omit<UserPoolModel, 'id' | 'groups' | 'resourceScopes' | 'clients'> {
  const props = pool.properties('LambdaConfig', 'Schema', 'AliasAttributes', 'AdminCreateUserConfig');
  const { PreTokenGenerationConfig, ...otherTriggers } = asRecord(props.LambdaConfig);
  const unsupported = Object.keys(otherTriggers);
  if (unsupported.length > 0) {
    throw new Error(`user pool ${pool.logicalId}: trigger(s) ${unsupported.join(', ')} are not reproduced locally`);
  }
  let preTokenGeneration: UserPoolModel['preTokenGeneration'];
  if (PreTokenGenerationConfig !== undefined) {
    const config = asRecord(PreTokenGenerationConfig);
    const version = config.LambdaVersion;
    if (version !== 'V2_0' && version !== 'V3_0') {
      throw new Error(
        `user pool ${pool.logicalId}: pre-token-generation events of version ${String(version)} are not reproduced locally (V2_0 and V3_0 are)`,
      );
    }
    preTokenGeneration = { functionName: functionNamed(config.LambdaArn), version };
  }
  const schema = Array.isArray(props.Schema) ? props.Schema.map(asRecord) : [];
  const invitation = asRecord(asRecord(props.AdminCreateUserConfig).InviteMessageTemplate);
  return {
    logicalId: pool.logicalId,
    ...(preTokenGeneration === undefined ? {} : { preTokenGeneration }),
    // Standard attributes in the schema carry their own names; custom ones are declared without the prefix.
    customAttributes: schema
      .map((attribute) => String(attribute.Name))
      .filter((name) => !STANDARD_ATTRIBUTES.has(name)),
    emailAlias: stringsOf(props.AliasAttributes).includes('email'),
    ...(typeof invitation.EmailSubject === 'string' && typeof invitation.EmailMessage === 'string'
      ? { invitation: { subject: invitation.EmailSubject, text: invitation.EmailMessage } }
      : {}),
  };
}

const VALIDITY_UNITS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

function readUserPoolClient(client: Resource, gatewayUrl: string): UserPoolClientModel {
  const props = client.properties(
    'ClientName',
    'GenerateSecret',
    'AllowedOAuthFlows',
    'AllowedOAuthScopes',
    'AccessTokenValidity',
    'IdTokenValidity',
    'RefreshTokenValidity',
    'TokenValidityUnits',
  );
  const units = asRecord(props.TokenValidityUnits);
  // CloudFormation's units when none are given: hours for access and ID tokens, days for refresh tokens.
  const validity = (value: unknown, unit: unknown, fallbackUnit: string) => {
    if (value === undefined) return undefined;
    return asNumber(value, 0) * (VALIDITY_UNITS[String(unit ?? fallbackUnit)] ?? 0);
  };
  const accessTokenSeconds = validity(props.AccessTokenValidity, units.AccessToken, 'hours');
  const idTokenSeconds = validity(props.IdTokenValidity, units.IdToken, 'hours');
  const refreshTokenSeconds = validity(props.RefreshTokenValidity, units.RefreshToken, 'days');
  // The gateway listens on 127.0.0.1; a developer may open it as localhost too, and each is its own origin.
  const origins = [gatewayUrl, gatewayUrl.replace('//127.0.0.1:', '//localhost:')].filter(
    (origin, index, all) => all.indexOf(origin) === index,
  );
  const urls = (name: string) => {
    const value = client.definition.Properties?.[name];
    const paths = (Array.isArray(value) ? value : []).map((url) => urlPath(client, url));
    return origins.flatMap((origin) => paths.map((path) => `${origin}${path}`));
  };
  return {
    logicalId: client.logicalId,
    clientId: client.identity.ref,
    clientName: typeof props.ClientName === 'string' ? props.ClientName : client.logicalId,
    generateSecret: props.GenerateSecret === true || props.GenerateSecret === 'true',
    flows: stringsOf(props.AllowedOAuthFlows),
    scopes: stringsOf(props.AllowedOAuthScopes),
    callbackUrls: urls('CallbackURLs'),
    logoutUrls: urls('LogoutURLs'),
    ...(accessTokenSeconds === undefined ? {} : { accessTokenSeconds }),
    ...(idTokenSeconds === undefined ? {} : { idTokenSeconds }),
    ...(refreshTokenSeconds === undefined ? {} : { refreshTokenSeconds }),
  };
}

/**
 * The path (and query) of a redirect or logout URI. Its origin is the web app's in the cloud, often a distribution's
 * domain with no local value: then the URI must be a join whose last part is the literal path.
 */
function urlPath(client: Resource, value: unknown): string {
  try {
    const url = new URL(client.resolveString(value));
    return `${url.pathname}${url.search}`;
  } catch (error) {
    if (!(error instanceof UnresolvableIntrinsic)) throw error;
    const join = asRecord(value)['Fn::Join'];
    const parts = Array.isArray(join) && join[0] === '' && Array.isArray(join[1]) ? join[1] : [];
    const last = parts.at(-1);
    if (typeof last === 'string' && last.startsWith('/')) return last;
    if (parts.length > 0 && typeof last !== 'string') return '/';
    throw new Error(`client ${client.logicalId}: cannot tell the path of the URI ${JSON.stringify(value)}`);
  }
}
