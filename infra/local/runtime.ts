// The local runtime: synthesizes the CDK app and runs what the assembly describes on one machine — DynamoDB Local,
// fauxqs, each function's own bundle in its own processes, the HTTP API with its JWT authorizer, the SQS event
// source mappings, the schedules, DynamoDB's TTL deletions and the webhook secrets (a minimal Secrets Manager) — with
// cloud names replaced by local ones.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { type AppModel, type FunctionModel, readAppModel } from './app-model.ts';
import { DEFAULT_CATALOGUE, loadCatalogue } from './catalogue-file.ts';
import { readCloudAssembly } from './cloud-assembly.ts';
import { createTables, startDynamoDbLocal } from './dynamodb-local.ts';
import { FunctionPool } from './function-pool.ts';
import { type Fault, startGateway } from './gateway.ts';
import { createJwtAuthorizer, type JwtAuthorizer } from './jwt-authorizer.ts';
import { createLocalIssuer } from './local-issuer.ts';
import { createRouteMatcher } from './route-matcher.ts';
import { startScheduler } from './schedules.ts';
import { startSecretsManagerLocal } from './secrets-manager-local.ts';
import { createQueues, LOCAL_ACCOUNT_ID, localQueueUrl, startSqsLocal } from './sqs-local.ts';
import { type Poller, startSqsPoller } from './sqs-poller.ts';
import { startSqsProxy } from './sqs-proxy.ts';
import { synthesize } from './synth.ts';
import { startTtlSweeper, type TtlTable } from './ttl-sweeper.ts';
import { webhookSecretPrefixes, webhookSecrets, webhookSecretsFromEnvironment } from './webhook-secrets.ts';

export const LOCAL_REGION = 'eu-central-1';
export const LOCAL_STAGE = 'dev';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export type LocalRuntimeOptions = {
  /** Gateway port on 127.0.0.1; 0 picks a free one. Default 3000. */
  readonly port?: number;
  /** Catalogue document to seed; default the Musterstadt seed. */
  readonly cataloguePath?: string;
  /** Receives every log line (function output prefixed with `[name]`); default stdout. */
  readonly log?: (line: string) => void;
  /** Run the schedule rules (default true). */
  readonly schedules?: boolean;
  /** Execution environments per function at most (default 4). */
  readonly maxInstancesPerFunction?: number;
  /**
   * Webhook signing secret per office id. Default: LOTSE_WEBHOOK_SECRETS (JSON) or LOTSE_WEBHOOK_SECRETS_FILE; every
   * catalogue office without one gets a random secret at start.
   */
  readonly webhookSecrets?: Readonly<Record<string, string>>;
};

export type LocalResources = {
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  /** By the queue's logical id in its template. */
  readonly queues: Record<string, { readonly url: string; readonly arn: string }>;
  /** The local Secrets Manager (GetSecretValue only) the functions are pointed at. */
  readonly secretsManagerEndpoint: string;
  /** Webhook signing secret by office id, for local webhook receivers; empty when no function uses webhooks. */
  readonly webhookSecrets: Record<string, string>;
};

export type LocalRuntime = {
  readonly url: string;
  readonly resources: LocalResources;
  /** Wall time from the call to "everything up", in milliseconds. */
  readonly startupMs: number;
  /** Ids of the seeded catalogue for examples: its first institution, office and postal code. */
  readonly example: { readonly institutionId?: string; readonly officeId?: string; readonly postalCode?: string };
  stop(): Promise<void>;
};

type Cleanup = () => Promise<void> | void;

const LOOPBACK_HOSTS = '127.0.0.1,localhost,::1,[::1]';

/** The environment of one execution environment: the template's variables (local names) plus what Lambda sets. */
export function functionEnvironment(
  fn: FunctionModel,
  endpoints: {
    readonly dynamodb: string;
    readonly sqs: string;
    readonly sqsOrigin: string;
    readonly secretsManager: string;
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
    TZ: 'UTC',
    LANG: 'en_US.UTF-8',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    // Only what is listed here reaches an instance, so a developer's HTTP(S)_PROXY or NODE_USE_ENV_PROXY never
    // applies; should a template set a proxy, loopback (local endpoints, local webhook receivers) still bypasses it.
    NO_PROXY: LOOPBACK_HOSTS,
    no_proxy: LOOPBACK_HOSTS,
  };
}

/** The table the functions use (the one named by TABLE_NAME), else the first. */
function mainTable(model: AppModel): string {
  const named = new Set(model.functions.map((fn) => fn.environment.TABLE_NAME));
  const table = model.tables.find((candidate) => named.has(candidate.name)) ?? model.tables[0];
  if (table === undefined) throw new Error('the assembly defines no DynamoDB table');
  return table.name;
}

async function settleAll<T extends readonly unknown[]>(
  starts: { [K in keyof T]: Promise<T[K]> },
  onStarted: (value: T[number]) => void,
): Promise<T> {
  const results = await Promise.allSettled(starts);
  for (const result of results) if (result.status === 'fulfilled') onStarted(result.value as T[number]);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const startedAt = performance.now();
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // The catalogue is checked before anything is started: a bad file stops start-up at once.
  const catalogue = await loadCatalogue(options.cataloguePath ?? DEFAULT_CATALOGUE);
  // So are the webhook secrets the developer gives.
  const givenSecrets = options.webhookSecrets ?? webhookSecretsFromEnvironment(process.env);

  const cleanups: Cleanup[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          log(`[local] while stopping: ${String(error)}`);
        }
      }
    })();
    return stopped;
  };

  try {
    const gateway = await startGateway(options.port ?? 3000);
    let gatewayClosed: Promise<void> | undefined;
    const closeGateway = () => {
      gatewayClosed ??= gateway.close();
      return gatewayClosed;
    };
    // Registered first so that a failed start closes it too; pushed again at the end of a successful start, so
    // that stop() closes it first (cleanups run in reverse): no new requests while the rest goes down.
    cleanups.push(closeGateway);

    const [assembly, dynamo, sqsLocal] = await settleAll<
      [
        Awaited<ReturnType<typeof synthesize>>,
        Awaited<ReturnType<typeof startDynamoDbLocal>>,
        Awaited<ReturnType<typeof startSqsLocal>>,
      ]
    >(
      [
        synthesize(catalogue.municipality.id, LOCAL_STAGE),
        startDynamoDbLocal(
          (endpoint) => new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
        ),
        startSqsLocal(LOCAL_REGION),
      ],
      (started) => {
        cleanups.push(() => ('release' in started ? started.release() : started.stop()));
      },
    );

    const model = readAppModel(readCloudAssembly(assembly.directory), {
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      queueUrl: (name) => localQueueUrl(sqsLocal.endpoint, name),
      apiUrl: gateway.url,
    });
    for (const note of model.notes) log(`[local] ${note}`);

    const dynamoClient = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const sqsClient = new SQSClient({
      endpoint: sqsLocal.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    cleanups.push(() => {
      dynamoClient.destroy();
      sqsClient.destroy();
    });

    await createTables(dynamoClient, model.tables);
    const queueUrls = await createQueues(sqsClient, model.queues, (name) => localQueueUrl(sqsLocal.endpoint, name));
    const tableName = mainTable(model);
    await createCatalogueRepository({ client: DynamoDBDocumentClient.from(dynamoClient), tableName }).writeCatalogue(
      catalogue,
    );
    // DynamoDB Local never expires items: the runtime deletes them as the cloud's TTL does (and on POST /_local/ttl).
    const ttlTables = model.tables.flatMap((table): TtlTable[] =>
      table.ttlAttribute === undefined
        ? []
        : [{ name: table.name, keySchema: table.keySchema, ttlAttribute: table.ttlAttribute }],
    );
    const ttlSweeper = startTtlSweeper({ client: dynamoClient, tables: ttlTables, log });
    cleanups.push(() => ttlSweeper.stop());

    const secrets = webhookSecrets(
      webhookSecretPrefixes(model.functions),
      catalogue.offices.map((office) => office.id),
      givenSecrets,
    );
    const secretsManager = await startSecretsManagerLocal(secrets.byName, LOCAL_REGION, LOCAL_ACCOUNT_ID);
    cleanups.push(() => secretsManager.close());

    const faults = new Map<string, Set<Fault>>();
    const consumeFault = (functionName: string, fault: Fault) => faults.get(functionName)?.delete(fault) === true;
    const pools = new Map<string, FunctionPool>();
    for (const fn of model.functions) {
      pools.set(
        fn.name,
        new FunctionPool(fn, {
          maxInstances: options.maxInstancesPerFunction ?? 4,
          log,
          prepare: async (target, kill) => {
            const proxy = await startSqsProxy(sqsLocal.endpoint, (action) => {
              if (!action.startsWith('SendMessage') || !consumeFault(target.name, 'die-before-send-message'))
                return false;
              log(`[local] fault die-before-send-message: killing the ${target.name} instance that called ${action}`);
              kill();
              return true;
            });
            return {
              environment: functionEnvironment(target, {
                dynamodb: dynamo.endpoint,
                sqs: proxy.url,
                sqsOrigin: sqsLocal.endpoint,
                secretsManager: secretsManager.endpoint,
              }),
              release: () => proxy.close(),
            };
          },
        }),
      );
    }
    cleanups.push(() => Promise.all([...pools.values()].map((pool) => pool.stop())).then(() => {}));
    await Promise.all([...pools.values()].map((pool) => pool.warm()));
    const invoke = (functionName: string, event: unknown) => {
      const pool = pools.get(functionName);
      if (pool === undefined) throw new Error(`no function ${functionName}`);
      return pool.invoke(event);
    };

    const pollers: Poller[] = [];
    for (const mapping of model.eventSourceMappings.filter((candidate) => candidate.enabled)) {
      pollers.push(
        startSqsPoller({
          mapping,
          queueUrl: queueUrls.get(mapping.queueName) ?? '',
          sqs: sqsClient,
          region: LOCAL_REGION,
          invoke: (event) => invoke(mapping.functionName, event),
          log,
          concurrency: Math.min(2, mapping.maximumConcurrency ?? 2),
        }),
      );
    }
    // Pollers stop before the pools: the pools' stop ends any invocation a poller still waits for.
    cleanups.push(() => Promise.all(pollers.map((poller) => poller.stop())).then(() => {}));

    if (options.schedules !== false) {
      const scheduler = startScheduler(model.schedules, {
        region: LOCAL_REGION,
        accountId: LOCAL_ACCOUNT_ID,
        invoke: (functionName, event) => {
          invoke(functionName, event).then((outcome) => {
            if (!outcome.ok)
              log(`[local] scheduled ${functionName} failed: ${outcome.errorType}: ${outcome.errorMessage}`);
          });
        },
        log,
      });
      cleanups.push(() => scheduler.stop());
    }

    const firstAuthorizer = [...model.authorizers.values()][0];
    const issuer = await createLocalIssuer(
      `${gateway.url}/_local/issuer`,
      firstAuthorizer?.audiences[0] ?? 'lotse-local',
    );
    const authorizers = new Map<string, JwtAuthorizer>();
    for (const authorizer of model.authorizers.values()) {
      authorizers.set(
        authorizer.id,
        createJwtAuthorizer({ issuer: issuer.issuer, audiences: authorizer.audiences, keys: issuer.keys }),
      );
    }

    const resources: LocalResources = {
      tableName,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsLocal.endpoint,
      queues: Object.fromEntries(
        model.queues.map((queue) => [queue.logicalId, { url: queueUrls.get(queue.name) ?? '', arn: queue.arn }]),
      ),
      secretsManagerEndpoint: secretsManager.endpoint,
      webhookSecrets: secrets.byOffice,
    };
    gateway.attach({
      matcher: createRouteMatcher(model.routes),
      authorizers,
      functions: new Map(model.functions.map((fn) => [fn.name, fn])),
      invoke,
      issuer,
      known: {
        institutionIds: new Set(catalogue.institutions.map((institution) => institution.id)),
        officeIds: new Set(catalogue.offices.map((office) => office.id)),
      },
      resources: () => ({
        ...resources,
        region: LOCAL_REGION,
        issuer: issuer.issuer,
        audiences: firstAuthorizer?.audiences ?? [],
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
      }),
      armFault: (functionName, fault) => {
        const armed = faults.get(functionName) ?? new Set<Fault>();
        armed.add(fault);
        faults.set(functionName, armed);
      },
      clearFaults: () => faults.clear(),
      openApi: async () => {
        const { buildOpenApiDocument } = await import('#http/openapi.ts');
        return buildOpenApiDocument();
      },
      sweepTtl: (now) => ttlSweeper.sweep(now),
      accountId: LOCAL_ACCOUNT_ID,
      log,
    });
    cleanups.push(closeGateway);

    const office = catalogue.offices[0];
    const district =
      catalogue.districts.find((candidate) => candidate.id === office?.districts[0]) ?? catalogue.districts[0];
    const example = {
      ...(catalogue.institutions[0] === undefined ? {} : { institutionId: catalogue.institutions[0].id }),
      ...(office === undefined ? {} : { officeId: office.id }),
      ...(district?.postalCodes[0] === undefined ? {} : { postalCode: district.postalCodes[0] }),
    };
    return { url: gateway.url, resources, startupMs: Math.round(performance.now() - startedAt), example, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
