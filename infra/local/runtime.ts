// The local runtime: synthesizes the CDK app and runs what the assembly describes on one machine — DynamoDB Local,
// fauxqs, each function's own bundle in its own processes, the HTTP API with its JWT authorizer, the SQS event
// source mappings, the schedules, DynamoDB's TTL deletions, the webhook secrets (a minimal Secrets Manager) and the
// user pool (sign-in, the admin API, the token trigger) — with cloud names replaced by local ones. startLocalRuntime reads as the list of its steps; each step follows it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { createIdentityRegistry } from '#adapters/identity-registry.ts';
import type { Catalogue } from '#domain/catalogue.ts';
import { type AppModel, type FunctionModel, readAppModel } from './app-model.ts';
import { DEFAULT_CATALOGUE, loadCatalogue } from './catalogue-file.ts';
import { readCloudAssembly } from './cloud-assembly.ts';
import { createTables, startDynamoDbLocal } from './dynamodb-local.ts';
import { FunctionPool, type InvokeOutcome } from './function-pool.ts';
import { API_GATEWAY_PATH, COGNITO_PATH, type Fault, type Gateway, type LocalSignIn, startGateway } from './gateway.ts';
import { generatedSecrets } from './generated-secrets.ts';
import { createJwtAuthorizer } from './jwt-authorizer.ts';
import { localAuthorizers } from './local-api-gateway.ts';
import {
  createLocalUserPool,
  localPassword,
  seedAccounts,
  seededAccounts,
  theUserPool,
  webClientOf,
} from './local-identity.ts';
import { createLocalIssuer } from './local-issuer.ts';
import { createLocalOAuth } from './local-oauth.ts';
import type { LocalUserPool } from './local-user-pool.ts';
import { createRouteMatcher } from './route-matcher.ts';
import { startScheduler } from './schedules.ts';
import { startSecretsManagerLocal } from './secrets-manager-local.ts';
import { createQueues, LOCAL_ACCOUNT_ID, localQueueUrl, startSqsLocal } from './sqs-local.ts';
import { mappingMaximum, startSqsPoller } from './sqs-poller.ts';
import { startSqsProxy } from './sqs-proxy.ts';
import { synthesize } from './synth.ts';
import { startTtlSweeper, type TtlSweeper, type TtlTable } from './ttl-sweeper.ts';
import { type BuiltWebApp, buildLocalWebApp, createWebAppServer } from './web-app.ts';
import {
  checkedWebhookKey,
  officeWebhookSecrets,
  webhookKeyFromEnvironment,
  webhookSecretArns,
} from './webhook-secrets.ts';

export const LOCAL_REGION = 'eu-central-1';
export const LOCAL_STAGE = 'dev';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/**
 * Execution environments per function unless the options say otherwise (and never above its reservation). Lambda
 * starts an environment for every concurrent request up to the reservation; below that, requests beyond the local cap
 * wait for a busy environment, which Lambda never makes them do. Eight covers the concurrency the benchmark reads at
 * (bench section 8: at a cap of 4, requests at concurrency 8 spent more time waiting for an environment than in the
 * function); environments start on demand only, so a quiet function keeps its one.
 */
export const DEFAULT_MAX_INSTANCES = 8;

/** The environments a function may run at once locally: the cap, but never more than its reserved concurrency. */
export function environmentsOf(fn: Pick<FunctionModel, 'reservedConcurrency'>, maxInstances: number): number {
  return Math.max(1, Math.min(maxInstances, fn.reservedConcurrency ?? maxInstances));
}

export type LocalRuntimeOptions = {
  /** Gateway port on 127.0.0.1; 0 picks a free one. Default 3000. */
  readonly port?: number;
  /** Catalogue document to seed; default the Musterstadt seed. */
  readonly cataloguePath?: string;
  /** Receives every log line (function output prefixed with `[name]`); default stdout. */
  readonly log?: (line: string) => void;
  /** Run the schedule rules (default true). */
  readonly schedules?: boolean;
  /** Execution environments per function at most (default DEFAULT_MAX_INSTANCES, 8). */
  readonly maxInstancesPerFunction?: number;
  /**
   * The master key of the deployment's webhook secret, from which every office's signing secret is derived (at least
   * 32 letters and digits). Default: LOTSE_WEBHOOK_KEY, else a random one for this start.
   */
  readonly webhookKey?: string;
  /** The password of every local account. Default: LOTSE_LOCAL_PASSWORD, else a random one for this start. */
  readonly localPassword?: string;
  /** Build and serve the web app at `/` (default true). */
  readonly webApp?: boolean;
};

export type LocalResources = {
  /** The main table (the functions' TABLE_NAME). */
  readonly tableName: string;
  /** The personal table (PERSONAL_TABLE_NAME of the functions that have it). */
  readonly personalTableName: string;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  /** By the queue's logical id in its template. */
  readonly queues: Record<string, { readonly url: string; readonly arn: string }>;
  /** The local Secrets Manager (GetSecretValue only) the functions are pointed at. */
  readonly secretsManagerEndpoint: string;
  /**
   * Webhook signing secret by catalogue office id, for local webhook receivers: derived from the webhook secret's
   * current version when read (so a rotation shows at once); empty when no function uses webhooks.
   */
  readonly webhookSecrets: Record<string, string>;
  /** The deployment's webhook secret (the notifier's WEBHOOK_SECRET_ARN), for `npm run webhook-secret`. */
  readonly webhookSecretArn?: string;
  /** The local Cognito admin API the functions are pointed at. */
  readonly cognitoEndpoint: string;
  /** The local API Gateway management API (the JWT authorizers' audiences) the functions are pointed at. */
  readonly apiGatewayEndpoint: string;
};

export type LocalRuntime = {
  readonly url: string;
  readonly resources: LocalResources;
  /** Wall time from the call to "everything up", in milliseconds. */
  readonly startupMs: number;
  /** Ids of the seeded catalogue for examples: its first institution, office and postal code. */
  readonly example: { readonly institutionId?: string; readonly officeId?: string; readonly postalCode?: string };
  /** The password every local account signs in with. */
  readonly localPassword: string;
  /** The web app's build (served at `url`), unless the runtime was started without it. */
  readonly webApp?: BuiltWebApp;
  stop(): Promise<void>;
};

type Log = (line: string) => void;
type Invoke = (functionName: string, event: unknown) => Promise<InvokeOutcome>;

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const startedAt = performance.now();
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // What the developer gives is checked before anything is started: a bad file stops start-up at once.
  const catalogue = await loadCatalogue(options.cataloguePath ?? DEFAULT_CATALOGUE);
  const webhookKey =
    options.webhookKey === undefined
      ? webhookKeyFromEnvironment(process.env)
      : checkedWebhookKey(options.webhookKey, 'webhookKey');
  const password = options.localPassword ?? localPassword(process.env);
  const shutdown = new Shutdown(log);
  try {
    const gateway = await startTheGateway(options.port ?? 3000, shutdown);
    const services = await synthesizeWhileServicesStart(catalogue.municipality.id, options.webApp !== false, shutdown);
    const model = readTheAssembly(services.assemblyDirectory, services.sqsEndpoint, gateway.url);
    const clients = createClients(services, shutdown);
    const table = await startTheTables(clients.dynamo, model, catalogue, log, shutdown);
    const queueUrls = await createQueues(clients.sqs, model.queues, (name) =>
      localQueueUrl(services.sqsEndpoint, name),
    );
    const secrets = await startTheSecretsManager(model, catalogue, webhookKey, shutdown);
    const userPool = await startTheUserPool(model, catalogue, {
      client: clients.dynamo,
      tableName: table.name,
      password,
    });
    const cognitoEndpoint = `${gateway.url}${COGNITO_PATH}`;
    const apiGatewayEndpoint = `${gateway.url}${API_GATEWAY_PATH}`;
    const faults = new ArmedFaults();
    const invoke = await startTheFunctionPools(model, {
      endpoints: {
        dynamoEndpoint: services.dynamoEndpoint,
        sqsEndpoint: services.sqsEndpoint,
        secretsManagerEndpoint: secrets.endpoint,
        cognitoEndpoint,
        apiGatewayEndpoint,
      },
      faults,
      maxInstances: options.maxInstancesPerFunction ?? DEFAULT_MAX_INSTANCES,
      log,
      shutdown,
    });
    wireEventSourceMappings(model, {
      queueUrls,
      sqs: clients.sqs,
      invoke,
      maxInstances: options.maxInstancesPerFunction ?? DEFAULT_MAX_INSTANCES,
      log,
      shutdown,
    });
    if (options.schedules !== false) startTheSchedules(model, { invoke, log, shutdown });
    const resources: LocalResources = {
      tableName: table.name,
      personalTableName: table.personalName,
      dynamoEndpoint: services.dynamoEndpoint,
      sqsEndpoint: services.sqsEndpoint,
      queues: Object.fromEntries(
        model.queues.map((queue) => [queue.logicalId, { url: queueUrls.get(queue.name) ?? '', arn: queue.arn }]),
      ),
      secretsManagerEndpoint: secrets.endpoint,
      get webhookSecrets() {
        return secrets.webhookSecrets();
      },
      ...(secrets.webhookSecretArn === undefined ? {} : { webhookSecretArn: secrets.webhookSecretArn }),
      cognitoEndpoint,
      apiGatewayEndpoint,
    };
    await openTheGateway(gateway, {
      model,
      catalogue,
      resources,
      webApp: services.webApp,
      invoke,
      faults,
      ttlSweeper: table.ttlSweeper,
      userPool,
      log,
    });
    // Closed first on stop (steps stop in reverse): no new requests while the rest goes down.
    shutdown.add(gateway.close);
    return {
      url: gateway.url,
      resources,
      startupMs: Math.round(performance.now() - startedAt),
      example: exampleIds(catalogue),
      localPassword: password,
      ...(services.webApp === undefined ? {} : { webApp: services.webApp }),
      stop: () => shutdown.run(),
    };
  } catch (error) {
    await shutdown.run();
    throw error;
  }
}

/** What start-up started, stopped in reverse order, once however often `run` is called; a failing step is logged. */
class Shutdown {
  readonly #steps: (() => Promise<void> | void)[] = [];
  readonly #log: Log;
  #done: Promise<void> | undefined;

  constructor(log: Log) {
    this.#log = log;
  }

  add(step: () => Promise<void> | void): void {
    this.#steps.push(step);
  }

  run(): Promise<void> {
    this.#done ??= (async () => {
      for (const step of this.#steps.reverse()) {
        try {
          await step();
        } catch (error) {
          this.#log(`[local] while stopping: ${String(error)}`);
        }
      }
    })();
    return this.#done;
  }
}

/**
 * The gateway listens first, so that a port in use fails start-up at once; it answers 503 (but /health) until it is
 * opened. Its close is registered here and again once everything is up: it closes once, at the first of the two.
 */
async function startTheGateway(port: number, shutdown: Shutdown): Promise<Gateway> {
  const gateway = await startGateway(port);
  shutdown.add(gateway.close);
  return gateway;
}

/**
 * Synthesizes the app and builds the web app while DynamoDB Local and fauxqs start; whatever started is stopped again
 * if another failed.
 */
async function synthesizeWhileServicesStart(municipality: string, withWebApp: boolean, shutdown: Shutdown) {
  const started = <T>(start: Promise<T>, stop: (value: T) => Promise<void>) =>
    start.then((value) => {
      shutdown.add(() => stop(value));
      return value;
    });
  const starts = [
    started(synthesize(municipality, LOCAL_STAGE), (assembly) => assembly.release()),
    started(startDynamoDbLocal(dynamoClient), (dynamo) => dynamo.stop()),
    started(startSqsLocal(LOCAL_REGION), (sqs) => sqs.stop()),
  ] as const;
  const webApp = withWebApp ? buildLocalWebApp() : Promise.resolve(undefined);
  // Every start has finished (and registered its stop) before a failure is thrown.
  await Promise.allSettled([...starts, webApp]);
  const [assembly, dynamo, sqs] = await Promise.all(starts);
  return {
    assemblyDirectory: assembly.directory,
    dynamoEndpoint: dynamo.endpoint,
    sqsEndpoint: sqs.endpoint,
    webApp: await webApp,
  };
}

function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/** The app as the templates describe it, with queue URLs on fauxqs and the API's endpoint on the gateway. */
function readTheAssembly(directory: string, sqsEndpoint: string, gatewayUrl: string): AppModel {
  return readAppModel(readCloudAssembly(directory), {
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    queueUrl: (name) => localQueueUrl(sqsEndpoint, name),
    apiUrl: gatewayUrl,
  });
}

function createClients(endpoints: { dynamoEndpoint: string; sqsEndpoint: string }, shutdown: Shutdown) {
  const dynamo = dynamoClient(endpoints.dynamoEndpoint);
  const sqs = new SQSClient({ endpoint: endpoints.sqsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  shutdown.add(() => {
    dynamo.destroy();
    sqs.destroy();
  });
  return { dynamo, sqs };
}

/** The one table the functions name in `variable`; an assembly whose functions disagree or name none is refused. */
function tableNamedBy(model: AppModel, variable: string): string {
  const names = new Set(model.functions.flatMap((fn) => fn.environment[variable] ?? []));
  const [name, ...others] = names;
  if (name === undefined || others.length > 0 || !model.tables.some((table) => table.name === name)) {
    throw new Error(
      `the functions must name one table of the assembly in ${variable}; they name ${[...names].join(', ')}`,
    );
  }
  return name;
}

/**
 * Creates the stateful stack's tables (the main table the functions name TABLE_NAME, the personal table they name
 * PERSONAL_TABLE_NAME; any other is refused), seeds the catalogue into the main table, and deletes expired items as
 * DynamoDB's TTL does (DynamoDB Local never expires items; POST /_local/ttl sweeps at once).
 */
async function startTheTables(
  client: DynamoDBClient,
  model: AppModel,
  catalogue: Catalogue,
  log: Log,
  shutdown: Shutdown,
): Promise<{ readonly name: string; readonly personalName: string; readonly ttlSweeper: TtlSweeper }> {
  const name = tableNamedBy(model, 'TABLE_NAME');
  const personalName = tableNamedBy(model, 'PERSONAL_TABLE_NAME');
  const unknown = model.tables.filter((table) => table.name !== name && table.name !== personalName);
  if (unknown.length > 0 || name === personalName) {
    throw new Error(`the local runtime runs a main and a personal table; the assembly defines ${model.tables.length}`);
  }
  await createTables(client, model.tables);
  await createCatalogueRepository({
    client: DynamoDBDocumentClient.from(client),
    tableName: name,
  }).writeCatalogue(catalogue);
  const ttlTables: TtlTable[] = model.tables.flatMap(({ ttlAttribute, ...table }) =>
    ttlAttribute === undefined ? [] : [{ ...table, ttlAttribute }],
  );
  const ttlSweeper = startTtlSweeper({ client, tables: ttlTables, log });
  shutdown.add(() => ttlSweeper.stop());
  return { name, personalName, ttlSweeper };
}

/**
 * Serves each secret the stacks generate (the body hash key, the webhook secret) with a random value made at this
 * start, under the ARN the functions were given; the webhook secret's master key may be given instead. Its offices'
 * derived secrets are read from its current version whenever they are asked for.
 */
async function startTheSecretsManager(
  model: AppModel,
  catalogue: Catalogue,
  webhookKey: string | undefined,
  shutdown: Shutdown,
) {
  const officeIds = catalogue.offices.map((office) => office.id);
  const webhookArns = webhookSecretArns(model.functions);
  const given = new Map(webhookKey === undefined ? [] : webhookArns.map((arn) => [arn, webhookKey] as const));
  const server = await startSecretsManagerLocal(
    new Map(),
    LOCAL_REGION,
    LOCAL_ACCOUNT_ID,
    generatedSecrets(model.secrets, given),
  );
  shutdown.add(() => server.close());
  const webhookArn = webhookArns[0];
  return {
    endpoint: server.endpoint,
    webhookSecretArn: webhookArn,
    webhookSecrets: () =>
      webhookArn === undefined ? {} : officeWebhookSecrets(server.currentValue(webhookArn), officeIds),
  };
}

/** Faults armed per function through /_local/faults; each one fires once. */
class ArmedFaults {
  readonly #armed = new Map<string, Set<Fault>>();

  arm(functionName: string, fault: Fault): void {
    this.#armed.set(functionName, (this.#armed.get(functionName) ?? new Set<Fault>()).add(fault));
  }

  consume(functionName: string, fault: Fault): boolean {
    return this.#armed.get(functionName)?.delete(fault) === true;
  }

  clear(): void {
    this.#armed.clear();
  }
}

/**
 * The user pool of the templates, in memory, with the accounts the runtime starts with (created in the pool and
 * registered in the table); undefined when the app has no user pool.
 */
async function startTheUserPool(
  model: AppModel,
  catalogue: Catalogue,
  context: { readonly client: DynamoDBClient; readonly tableName: string; readonly password: string },
): Promise<LocalUserPool | undefined> {
  const poolModel = theUserPool(model);
  if (poolModel === undefined) return undefined;
  const pool = createLocalUserPool(poolModel, context.password);
  const registry = createIdentityRegistry({
    client: DynamoDBDocumentClient.from(context.client),
    tableName: context.tableName,
  });
  await seedAccounts(pool, registry, seededAccounts(catalogue));
  return pool;
}

type ServiceEndpoints = {
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  readonly secretsManagerEndpoint: string;
  readonly cognitoEndpoint: string;
  readonly apiGatewayEndpoint: string;
};

/** One warmed pool of execution environments per function; `invoke` runs an event in the named function. */
async function startTheFunctionPools(
  model: AppModel,
  context: {
    readonly endpoints: ServiceEndpoints;
    readonly faults: ArmedFaults;
    readonly maxInstances: number;
    readonly log: Log;
    readonly shutdown: Shutdown;
  },
): Promise<Invoke> {
  const { log } = context;
  const pools = new Map(
    model.functions.map((fn) => [
      fn.name,
      new FunctionPool(fn, {
        maxInstances: environmentsOf(fn, context.maxInstances),
        log,
        prepare: (target, kill) => instanceBehindFaultProxy(target, kill, context),
      }),
    ]),
  );
  context.shutdown.add(async () => {
    await Promise.all([...pools.values()].map((pool) => pool.stop()));
  });
  await Promise.all([...pools.values()].map((pool) => pool.warm()));
  return (functionName, event) => {
    const pool = pools.get(functionName);
    if (pool === undefined) throw new Error(`no function ${functionName}`);
    return pool.invoke(event);
  };
}

/**
 * An instance's environment, with SQS reached through a proxy of its own: an armed die-before-send-message fault
 * kills exactly the instance that is about to send.
 */
async function instanceBehindFaultProxy(
  fn: FunctionModel,
  kill: () => void,
  context: { readonly endpoints: ServiceEndpoints; readonly faults: ArmedFaults; readonly log: Log },
) {
  const { endpoints, faults, log } = context;
  const proxy = await startSqsProxy(endpoints.sqsEndpoint, (action) => {
    if (!action.startsWith('SendMessage') || !faults.consume(fn.name, 'die-before-send-message')) return false;
    log(`[local] fault die-before-send-message: killing the ${fn.name} instance that called ${action}`);
    kill();
    return true;
  });
  return {
    environment: functionEnvironment(fn, {
      dynamodb: endpoints.dynamoEndpoint,
      sqs: proxy.url,
      sqsOrigin: endpoints.sqsEndpoint,
      secretsManager: endpoints.secretsManagerEndpoint,
      cognitoIdentityProvider: endpoints.cognitoEndpoint,
      apiGateway: endpoints.apiGatewayEndpoint,
    }),
    release: () => proxy.close(),
  };
}

const LOOPBACK_HOSTS = '127.0.0.1,localhost,::1,[::1]';

/** The environment of one execution environment: the template's variables (local names) plus what Lambda sets. */
export function functionEnvironment(
  fn: FunctionModel,
  endpoints: {
    readonly dynamodb: string;
    readonly sqs: string;
    readonly sqsOrigin: string;
    readonly secretsManager: string;
    readonly cognitoIdentityProvider: string;
    readonly apiGateway: string;
  },
): Record<string, string> {
  const environment: Record<string, string> = {};
  // Queue URLs must name the endpoint the instance talks to, or the SDK would send to the URL's host instead.
  for (const [key, value] of Object.entries(fn.environment))
    environment[key] = value.split(endpoints.sqsOrigin).join(endpoints.sqs);
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    ...environment,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognitoIdentityProvider,
    AWS_ENDPOINT_URL_APIGATEWAYV2: endpoints.apiGateway,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${today}/[$LATEST]${crypto.randomUUID().replaceAll('-', '')}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    ...(fn.logFormat === undefined ? {} : { AWS_LAMBDA_LOG_FORMAT: fn.logFormat }),
    ...(fn.applicationLogLevel === undefined ? {} : { AWS_LAMBDA_LOG_LEVEL: fn.applicationLogLevel }),
    LAMBDA_TASK_ROOT: fn.codeDirectory,
    _HANDLER: fn.handler,
    // The functions' runtime setting (shared/runtime/config.ts): loopback webhook receivers, no HSTS over plain http.
    LOTSE_RUNTIME: 'local',
    TZ: 'UTC',
    LANG: 'en_US.UTF-8',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    // Only what is listed here reaches an instance, so a developer's HTTP(S)_PROXY or NODE_USE_ENV_PROXY never
    // applies; should a template set a proxy, loopback (local endpoints, local webhook receivers) still bypasses it.
    NO_PROXY: LOOPBACK_HOSTS,
    no_proxy: LOOPBACK_HOSTS,
  };
}

/**
 * Polls each mapped queue and invokes its function with the batches, as Lambda's event source mappings do: more
 * batches at once while the queue has a backlog, up to the mapping's maximum concurrency, the function's reserved
 * concurrency and the environments its local pool may start (a batch beyond those would only wait for one).
 */
function wireEventSourceMappings(
  model: AppModel,
  context: {
    readonly queueUrls: ReadonlyMap<string, string>;
    readonly sqs: SQSClient;
    readonly invoke: Invoke;
    readonly maxInstances: number;
    readonly log: Log;
    readonly shutdown: Shutdown;
  },
): void {
  const pollers = model.eventSourceMappings.map((mapping) =>
    startSqsPoller({
      mapping,
      queueUrl: context.queueUrls.get(mapping.queueName) ?? '',
      sqs: context.sqs,
      region: LOCAL_REGION,
      invoke: (event) => context.invoke(mapping.functionName, event),
      log: context.log,
      maximumConcurrency: mappingMaximum(mapping, {
        ...functionLimits(model, mapping.functionName),
        maxInstances: context.maxInstances,
      }),
    }),
  );
  // Registered after the pools, so stopped before them: the pools' stop ends any invocation a poller still awaits.
  context.shutdown.add(async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
  });
}

function functionLimits(model: AppModel, functionName: string): { reservedConcurrency?: number } {
  const reserved = model.functions.find((fn) => fn.name === functionName)?.reservedConcurrency;
  return reserved === undefined ? {} : { reservedConcurrency: reserved };
}

/** Fires the schedule rules' targets at their times; a failed run is logged (no one else awaits it). */
function startTheSchedules(
  model: AppModel,
  context: { readonly invoke: Invoke; readonly log: Log; readonly shutdown: Shutdown },
): void {
  const { invoke, log } = context;
  const scheduler = startScheduler(model.schedules, {
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    invoke: (functionName, event) => {
      invoke(functionName, event).then((outcome) => {
        if (!outcome.ok) log(`[local] scheduled ${functionName} failed: ${outcome.errorType}: ${outcome.errorMessage}`);
      });
    },
    log,
  });
  context.shutdown.add(() => scheduler.stop());
}

/**
 * Hands the gateway what it serves: the templates' routes behind JWT authorizers that trust the local issuer (whose
 * tokens POST /_local/token mints), and the local endpoints (/openapi.json, /_local/*).
 */
async function openTheGateway(
  gateway: Gateway,
  context: {
    readonly model: AppModel;
    readonly catalogue: Catalogue;
    readonly resources: LocalResources;
    readonly invoke: Invoke;
    readonly faults: ArmedFaults;
    readonly ttlSweeper: TtlSweeper;
    readonly userPool: LocalUserPool | undefined;
    readonly webApp: BuiltWebApp | undefined;
    readonly log: Log;
  },
): Promise<void> {
  const { model, catalogue, faults, userPool } = context;
  const audiences = [...model.authorizers.values()][0]?.audiences ?? [];
  const issuer = await createLocalIssuer(`${gateway.url}/_local/issuer`, audiences[0] ?? 'lotse-local');
  // Their audiences change at run time through the local management API (UpdateAuthorizer), as in the cloud.
  const managed = localAuthorizers(model.authorizers.values());
  const authorizers = new Map(
    [...managed.values()].map((authorizer) => [
      authorizer.id,
      createJwtAuthorizer({
        issuer: issuer.issuer,
        get audiences() {
          return authorizer.audiences;
        },
        keys: issuer.keys,
      }),
    ]),
  );
  const signIn = userPool === undefined ? undefined : localSignIn(userPool, model, catalogue, issuer, context);
  const webClient = userPool === undefined ? null : webClientOf(userPool);
  const webApp =
    context.webApp === undefined
      ? undefined
      : createWebAppServer(context.webApp, {
          config: () =>
            webClient === null
              ? undefined
              : {
                  authority: issuer.issuer,
                  clientId: webClient.clientId,
                  // The paths the templates register for the web client (the local pool keeps them on this origin).
                  redirectPath: pathOf(webClient.redirectUris[0], '/anmeldung/rueckkehr'),
                  logoutEndpoint: `${issuer.issuer}/logout`,
                  logoutPath: pathOf(webClient.logoutUris[0], '/'),
                  municipality: { name: catalogue.municipality.name },
                },
          // Opened as localhost, the app reaches the issuer (named by 127.0.0.1) across origins.
          connectOrigins: () => [new URL(issuer.issuer).origin],
        });
  gateway.attach({
    ...(webApp === undefined ? {} : { webApp }),
    matcher: createRouteMatcher(model.routes),
    authorizers,
    functions: new Map(model.functions.map((fn) => [fn.name, fn])),
    invoke: context.invoke,
    issuer,
    ...(signIn === undefined ? {} : { signIn }),
    apiAuthorizers: managed,
    known: {
      institutionIds: new Set(catalogue.institutions.map((institution) => institution.id)),
      officeIds: new Set(catalogue.offices.map((office) => office.id)),
    },
    resources: () => ({
      ...context.resources,
      ...describeTheApp(model),
      region: LOCAL_REGION,
      issuer: issuer.issuer,
      audiences: [...managed.values()][0]?.audiences ?? [],
      authorizers: [...managed.values()].map(({ id, apiId }) => ({ id, apiId })),
      userPoolId: userPool?.id ?? null,
      webClient,
    }),
    armFault: (functionName, fault) => faults.arm(functionName, fault),
    clearFaults: () => faults.clear(),
    // Loaded on the first request: start-up does not wait for the API description.
    openApi: async () => (await import('#http/openapi.ts')).buildOpenApiDocument(),
    sweepTtl: (now) => context.ttlSweeper.sweep(now),
    accountId: LOCAL_ACCOUNT_ID,
    log: context.log,
  });
}

function pathOf(url: string | undefined, fallback: string): string {
  return url === undefined ? fallback : new URL(url).pathname;
}

/** The issuer's OAuth endpoints over the pool; its tokens pass through the pool's trigger function, if it has one. */
function localSignIn(
  pool: LocalUserPool,
  model: AppModel,
  catalogue: Catalogue,
  issuer: Awaited<ReturnType<typeof createLocalIssuer>>,
  context: { readonly invoke: Invoke; readonly log: Log },
): LocalSignIn {
  const trigger = theUserPool(model)?.preTokenGeneration;
  const oauth = createLocalOAuth({
    pool,
    issuer,
    ...(trigger === undefined
      ? {}
      : {
          trigger: {
            functionName: trigger.functionName,
            version: trigger.version,
            invoke: (event) => context.invoke(trigger.functionName, event),
          },
        }),
    region: LOCAL_REGION,
    siteName: `Lotse ${catalogue.municipality.name}`,
    log: context.log,
  });
  return { pool, oauth };
}

/** What GET /_local/resources shows of the templates, beside the local endpoints. */
function describeTheApp(model: AppModel) {
  return {
    tables: model.tables.map((table) => ({ name: table.name, ttlAttribute: table.ttlAttribute ?? null })),
    functions: model.functions.map((fn) => ({
      name: fn.name,
      timeoutSeconds: fn.timeoutSeconds,
      memorySize: fn.memorySize,
    })),
    routes: model.routes.map((route) => ({
      routeKey: route.routeKey,
      function: route.functionName,
      scopes: route.authorization.type === 'JWT' ? route.authorization.scopes : [],
    })),
    eventSourceMappings: model.eventSourceMappings,
    schedules: model.schedules.map((rule) => ({
      name: rule.ruleName,
      expression: rule.expression,
      enabled: rule.enabled,
    })),
  };
}

/** Ids of the seeded catalogue for the start banner: its first institution, office and a postal code it serves. */
function exampleIds(catalogue: Catalogue): LocalRuntime['example'] {
  const office = catalogue.offices[0];
  const district =
    catalogue.districts.find((candidate) => candidate.id === office?.districts[0]) ?? catalogue.districts[0];
  return {
    ...(catalogue.institutions[0] === undefined ? {} : { institutionId: catalogue.institutions[0].id }),
    ...(office === undefined ? {} : { officeId: office.id }),
    ...(district?.postalCodes[0] === undefined ? {} : { postalCode: district.postalCodes[0] }),
  };
}
