// Section 5, cost per 1,000 referrals: the functions' own bundles (from the cloud assembly) run the whole closed loop
// — intake, routing, the office flow, the referrer's status read and every notification — against the local runtime's
// DynamoDB Local and fauxqs, through recording proxies that ask DynamoDB for the consumed capacity of each real
// request and count every SQS and Secrets Manager call; invocations are timed; everything is priced with prices.ts.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  DeleteTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { casePartition } from '#adapters/keys.ts';
import type { FunctionModel } from '#infra/local/app-model.ts';
import { FunctionPool } from '#infra/local/function-pool.ts';
import { functionEnvironment } from '#infra/local/runtime.ts';
import { LOCAL_ACCOUNT_ID, localQueueUrl } from '#infra/local/sqs-local.ts';
import { toSqsRecord } from '#infra/local/sqs-poller.ts';
import { sqsAction } from '#infra/local/sqs-proxy.ts';
import { type BenchAssembly, loadAssembly } from './assembly.ts';
import { type Caller, httpEvent } from './http-events.ts';
import { itemSize, transactionalItemUnits, type WireItem } from './item-units.ts';
import {
  benchReferral,
  clientsFor,
  createScratchTable,
  firstInstitution,
  type LocalTarget,
  REGION,
} from './local-target.ts';
import { PRICES, PRICES_AS_OF, PRICES_REGION } from './prices.ts';
import { type Exchange, type RecordingProxy, startRecordingProxy, targetOperation } from './recording-proxy.ts';
import { type Row, type SectionResult, verdict } from './report.ts';
import { median, quantile, ratio, sum } from './stats.ts';

export const COST_TARGET_PER_1000 = 0.02;

const READ_OPERATIONS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const GIB = 2 ** 30;

type FunctionUsage = {
  memoryMb: number;
  invocations: number;
  durationsMs: number[];
  dynamoRequests: Record<string, number>;
  dynamoLatencyMs: Record<string, number[]>;
  readUnits: number;
  /** Write units as DynamoDB bills them: transactions' table part item by item (item-units.ts). */
  writeUnits: number;
  /** Write units as DynamoDB Local reports them. */
  reportedWriteUnits: number;
  sqsRequests: Record<string, number>;
  secretsRequests: number;
  logBytes: number;
};

function emptyUsage(memoryMb: number): FunctionUsage {
  return {
    memoryMb,
    invocations: 0,
    durationsMs: [],
    dynamoRequests: {},
    dynamoLatencyMs: {},
    readUnits: 0,
    writeUnits: 0,
    reportedWriteUnits: 0,
    sqsRequests: {},
    secretsRequests: 0,
    logBytes: 0,
  };
}

/** Adds `ReturnConsumedCapacity: INDEXES` to every DynamoDB request that accepts it; nothing else changes. */
function askForCapacity(headers: IncomingHttpHeaders, body: Buffer): Buffer {
  const operation = targetOperation(headers);
  if (!READ_OPERATIONS.has(operation) && !WRITE_OPERATIONS.has(operation)) return body;
  const request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  request.ReturnConsumedCapacity = 'INDEXES';
  return Buffer.from(JSON.stringify(request));
}

type ItemTarget = { TableName: string; Key: WireItem };

/** The items a TransactWriteItems writes, by table and key (both tables key on pk and sk). */
function transactionTargets(body: Buffer): ItemTarget[] {
  type Action = { TableName: string; Key?: WireItem; Item?: WireItem };
  const request = JSON.parse(body.toString('utf8')) as { TransactItems?: Record<string, Action>[] };
  return (request.TransactItems ?? []).flatMap((entry) =>
    Object.entries(entry)
      .filter(([kind]) => kind !== 'ConditionCheck')
      .map(([, action]) => ({
        TableName: action.TableName,
        Key: action.Key ?? { pk: action.Item?.pk as WireItem[string], sk: action.Item?.sk as WireItem[string] },
      })),
  );
}

async function readItems(client: DynamoDBClient, targets: ItemTarget[]): Promise<(WireItem | undefined)[]> {
  return Promise.all(
    targets.map(
      async (target) =>
        (await client.send(new GetItemCommand({ ...target, Key: target.Key as never, ConsistentRead: true }))).Item as
          | WireItem
          | undefined,
    ),
  );
}

/** The index part of a response's consumed capacity (DynamoDB Local counts each index write item by item). */
function indexCapacity(responseBody: Buffer): number {
  const parsed = JSON.parse(responseBody.toString('utf8')) as { ConsumedCapacity?: unknown };
  const list = Array.isArray(parsed.ConsumedCapacity) ? parsed.ConsumedCapacity : [];
  return sum(
    list.flatMap((entry) =>
      Object.values(
        (entry as { GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> }).GlobalSecondaryIndexes ?? {},
      ).map((index) => Number(index.CapacityUnits ?? 0)),
    ),
  );
}

/** CapacityUnits of a response: one ConsumedCapacity object, or a list (batch and transaction operations). */
export function consumedCapacity(responseBody: Buffer): number {
  if (responseBody.length === 0) return 0;
  let parsed: { ConsumedCapacity?: unknown; CancellationReasons?: unknown };
  try {
    parsed = JSON.parse(responseBody.toString('utf8')) as typeof parsed;
  } catch {
    return 0;
  }
  const consumed = parsed.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed];
  return sum(list.map((entry) => Number((entry as { CapacityUnits?: unknown }).CapacityUnits ?? 0)));
}

type Usage = {
  functions: Map<string, FunctionUsage>;
  apiRequests: number;
  /** SQS requests Lambda's event source mappings make on the account's behalf (receives with messages, deletes). */
  mappingRequests: { receive: number; delete: number };
  /** Receives that found the queue empty: an idle mapping's polling, a fixed cost per queue, not per referral. */
  idleReceives: number;
  failures: string[];
};

export async function costSection(
  target: LocalTarget,
  options: { referrals: number; batchSize: number; assembly?: BenchAssembly },
): Promise<SectionResult> {
  const startedAt = performance.now();
  const { resources } = target;
  const assembly = options.assembly ?? (await loadAssembly(resources.sqsEndpoint));
  const clients = clientsFor(target);
  const cleanups: (() => Promise<unknown>)[] = [];
  const usage: Usage = {
    functions: new Map(),
    apiRequests: 0,
    mappingRequests: { receive: 0, delete: 0 },
    idleReceives: 0,
    failures: [],
  };
  let measuring = false;
  const usageOf = (fn: FunctionModel) => {
    let entry = usage.functions.get(fn.name);
    if (entry === undefined) {
      entry = emptyUsage(fn.memorySize);
      usage.functions.set(fn.name, entry);
    }
    return entry;
  };

  try {
    const byName = new Map(assembly.model.functions.map((fn) => [fn.name, fn]));
    const needed = ['intake', 'router', 'office', 'referrer', 'notifier'];
    for (const name of needed) if (!byName.has(name)) throw new Error(`the assembly has no ${name} function`);

    // Scratch copies of the queues the functions send to, so that the runtime's own pollers never see these messages.
    const scratch = new Map<string, { url: string; arn: string }>();
    const queuePrefix = `${resources.sqsEndpoint}/${LOCAL_ACCOUNT_ID}/`;
    for (const fn of byName.values()) {
      for (const value of Object.values(fn.environment)) {
        if (!value.startsWith(queuePrefix) || scratch.has(value)) continue;
        const name = `${value.slice(queuePrefix.length)}-cost-${randomUUID().slice(0, 8)}`;
        await clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '180' } }));
        // On the endpoint's own origin (fauxqs answers CreateQueue with a host name of its own).
        const url = localQueueUrl(resources.sqsEndpoint, name);
        cleanups.push(() => clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url })));
        scratch.set(value, { url, arn: `arn:aws:sqs:${REGION}:${LOCAL_ACCOUNT_ID}:${name}` });
      }
    }
    const scratchQueue = (functionName: string, variable: string) => {
      const queue = scratch.get(byName.get(functionName)?.environment[variable] ?? '');
      if (queue === undefined) throw new Error(`${functionName} has no queue in ${variable}`);
      return queue;
    };

    const pools = new Map<string, FunctionPool>();
    for (const name of needed) {
      const fn = byName.get(name) as FunctionModel;
      const record = usageOf(fn);
      const dynamoProxy = await startRecordingProxy({
        upstream: resources.dynamoEndpoint,
        rewrite: askForCapacity,
        // A transaction's items as they are before it, to count its table part item by item (item-units.ts).
        prepare: async (headers, body) => {
          if (!measuring || targetOperation(headers) !== 'TransactWriteItems') return undefined;
          const targets = transactionTargets(body);
          return { targets, before: await readItems(clients.dynamo, targets) };
        },
        record: async (exchange: Exchange) => {
          if (!measuring) return;
          const operation = targetOperation(exchange.headers);
          record.dynamoRequests[operation] = (record.dynamoRequests[operation] ?? 0) + 1;
          const latencies = record.dynamoLatencyMs[operation] ?? [];
          latencies.push(exchange.ms);
          record.dynamoLatencyMs[operation] = latencies;
          const reported = consumedCapacity(exchange.responseBody);
          if (!WRITE_OPERATIONS.has(operation)) {
            record.readUnits += reported;
            return;
          }
          record.reportedWriteUnits += reported;
          const prepared = exchange.prepared as { targets: ItemTarget[]; before: (WireItem | undefined)[] } | undefined;
          if (prepared === undefined || exchange.status !== 200) {
            record.writeUnits += reported;
            return;
          }
          const after = await readItems(clients.dynamo, prepared.targets);
          record.writeUnits +=
            sum(prepared.before.map((item, index) => transactionalItemUnits(item, after[index]))) +
            indexCapacity(exchange.responseBody);
        },
      });
      const sqsProxy = await startRecordingProxy({
        upstream: resources.sqsEndpoint,
        record: (exchange) => {
          if (!measuring) return;
          const action = sqsAction(exchange.headers, exchange.requestBody);
          record.sqsRequests[action] = (record.sqsRequests[action] ?? 0) + 1;
        },
      });
      const secretsProxy = await startRecordingProxy({
        upstream: resources.secretsManagerEndpoint,
        record: () => {
          if (measuring) record.secretsRequests += 1;
        },
      });
      const proxies: RecordingProxy[] = [dynamoProxy, sqsProxy, secretsProxy];
      cleanups.push(() => Promise.all(proxies.map((proxy) => proxy.close())));
      // The template's variables with the scratch queues; production log level (the dev template logs at DEBUG).
      const environment: Record<string, string> = {};
      for (const [key, value] of Object.entries(fn.environment)) environment[key] = scratch.get(value)?.url ?? value;
      const local = functionEnvironment(
        { ...fn, environment },
        {
          dynamodb: dynamoProxy.url,
          sqs: sqsProxy.url,
          sqsOrigin: resources.sqsEndpoint,
          secretsManager: secretsProxy.url,
          cognitoIdentityProvider: resources.cognitoEndpoint,
          apiGateway: resources.apiGatewayEndpoint,
        },
      );
      local.LOG_LEVEL = 'INFO';
      local.AWS_LAMBDA_LOG_LEVEL = 'INFO';
      const pool = new FunctionPool(fn, {
        maxInstances: 1,
        log: (line) => {
          // Each line reaches CloudWatch Logs as one event of the line's bytes (the `[name] ` prefix is ours).
          if (measuring) record.logBytes += Buffer.byteLength(line) - fn.name.length - 3 + 1;
        },
        prepare: async () => ({ environment: local, release: async () => {} }),
      });
      cleanups.push(() => pool.stop());
      pools.set(name, pool);
    }
    await Promise.all([...pools.values()].map((pool) => pool.warm()));

    const invoke = async (name: string, event: unknown): Promise<unknown> => {
      const pool = pools.get(name) as FunctionPool;
      const started = performance.now();
      const outcome = await pool.invoke(event);
      const ms = performance.now() - started;
      if (measuring) {
        const record = usageOf(byName.get(name) as FunctionModel);
        record.invocations += 1;
        record.durationsMs.push(ms);
      }
      if (!outcome.ok) throw new Error(`${name} failed: ${outcome.errorType}: ${outcome.errorMessage}`);
      return outcome.result;
    };
    const http = async (
      name: string,
      request: Parameters<typeof httpEvent>[0],
      expected: number,
    ): Promise<Record<string, unknown>> => {
      if (measuring) usage.apiRequests += 1;
      const result = (await invoke(name, httpEvent(request))) as { statusCode: number; body?: string };
      if (result.statusCode !== expected) {
        throw new Error(`${request.routeKey} answered ${result.statusCode} (expected ${expected}): ${result.body}`);
      }
      return result.body === undefined ? {} : (JSON.parse(result.body) as Record<string, unknown>);
    };
    // Lambda's SQS event source mapping, as the account pays for it: receive up to 10, invoke, delete the batch.
    const drain = async (queue: { url: string; arn: string }, functionName: string, expected: number) => {
      let received = 0;
      let emptyPolls = 0;
      while (true) {
        const batch = await clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        const messages: Message[] = batch.Messages ?? [];
        if (messages.length === 0) {
          if (measuring) usage.idleReceives += 1;
          emptyPolls += 1;
          if (received >= expected) return received;
          if (emptyPolls > 40) {
            usage.failures.push(`${functionName} received ${received} of ${expected} messages`);
            return received;
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        if (measuring) usage.mappingRequests.receive += 1;
        received += messages.length;
        const result = (await invoke(functionName, {
          Records: messages.map((message) => toSqsRecord(message, queue.arn, REGION)),
        })) as { batchItemFailures?: { itemIdentifier: string }[] } | null;
        const failed = new Set((result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        if (failed.size > 0) usage.failures.push(`${functionName} reported ${failed.size} failed records`);
        const done = messages.filter((message) => !failed.has(message.MessageId ?? ''));
        if (done.length > 0) {
          if (measuring) usage.mappingRequests.delete += 1;
          await clients.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queue.url,
              Entries: done.map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle ?? '',
              })),
            }),
          );
        }
      }
    };

    const routing = scratchQueue('intake', 'ROUTING_QUEUE_URL');
    const notifications = scratchQueue('router', 'NOTIFICATION_QUEUE_URL');
    const institutionId = firstInstitution(target.catalogue);
    const referrer: Caller = { role: 'referrer', institutionId };
    const officeOfPostalCode = (postalCode: string) => {
      const district = target.catalogue.districts.find((candidate) => candidate.postalCodes.includes(postalCode));
      const office = target.catalogue.offices.find((candidate) => candidate.districts.includes(district?.id ?? ''));
      if (office === undefined) throw new Error(`no office serves ${postalCode}`);
      return office.id;
    };

    let submitted = 0;
    let lastCaseId: string | undefined;
    const runBatch = async (size: number) => {
      const cases: { caseId: string; officeId: string }[] = [];
      for (let index = 0; index < size; index += 1) {
        const body = benchReferral(target.catalogue, submitted);
        submitted += 1;
        const accepted = await http(
          'intake',
          { caller: referrer, routeKey: 'POST /v1/referrals', body, headers: { 'idempotency-key': randomUUID() } },
          202,
        );
        cases.push({ caseId: String(accepted.referralId), officeId: officeOfPostalCode(String(body.postalCode)) });
        lastCaseId = String(accepted.referralId);
      }
      await drain(routing, 'router', size);
      await drain(notifications, 'notifier', 0);
      for (const { caseId, officeId } of cases) {
        const office: Caller = { role: 'office', officeId };
        await http('office', { caller: office, routeKey: 'GET /v1/cases', query: 'limit=20' }, 200);
        const view = await http(
          'office',
          { caller: office, routeKey: 'GET /v1/cases/{caseId}', pathParameters: { caseId } },
          200,
        );
        let version = Number(view.version);
        const offerId = (view.proposals as { offerId: string }[] | undefined)?.[0]?.offerId;
        const steps: [string, unknown][] = [
          ['accept', undefined],
          ['start', undefined],
          ['close', offerId === undefined ? { outcome: 'referred-elsewhere' } : { outcome: 'connected', offerId }],
        ];
        for (const [command, body] of steps) {
          const changed = await http(
            'office',
            {
              caller: office,
              routeKey: `POST /v1/cases/{caseId}/${command}`,
              pathParameters: { caseId },
              headers: { 'if-match': `"${version}"` },
              ...(body === undefined ? {} : { body }),
            },
            200,
          );
          version = Number(changed.version);
        }
        await http(
          'referrer',
          { caller: referrer, routeKey: 'GET /v1/referrals/{referralId}', pathParameters: { referralId: caseId } },
          200,
        );
      }
      await drain(notifications, 'notifier', 0);
    };

    // Warm-up (not counted): every instance has loaded its bundle and the catalogue before measuring.
    await runBatch(Math.min(options.batchSize, 3));
    measuring = true;
    for (let done = 0; done < options.referrals; done += options.batchSize) {
      await runBatch(Math.min(options.batchSize, options.referrals - done));
    }
    measuring = false;

    const floorWriteUnits = await referralPutCapacity(clients, target);
    const items =
      lastCaseId === undefined
        ? []
        : await partitionItemSizes(clients, [resources.tableName, resources.personalTableName], lastCaseId);
    const table = assembly.model.tables.find((candidate) => candidate.name === resources.tableName);
    const section = priceUsage(usage, options, floorWriteUnits, byName, performance.now() - startedAt);
    const total = section.rows[0];
    if (total !== undefined && total.verdict === 'NOT MET') {
      const dynamo = (section.details as { costPer1000: Record<string, number> }).costPer1000.dynamodb ?? 0;
      const writes = [...usage.functions.entries()]
        .map(([name, entry]) => `${name} ${(entry.writeUnits / options.referrals).toFixed(1)}`)
        .join(', ');
      section.notes.push(
        `Target not met. What limits it, measured: DynamoDB is ${dynamo.toFixed(4)} of ${total.figure.toFixed(4)} ` +
          `USD; write request units per referral by function: ${writes}. The items of one closed case (bytes as ` +
          `DynamoDB counts them): ${items.map((item) => `${item.sk} ${item.bytes}`).join(', ')}. A write of an item ` +
          `costs 1 WRU per started KB for the table and again for each GSI it appears in (the table has ` +
          `${table?.globalSecondaryIndexes.length ?? '?'} GSIs, projection ${[...new Set(table?.globalSecondaryIndexes.map((index) => index.Projection.ProjectionType))].join('/')}), ` +
          'and twice that inside TransactWriteItems.',
      );
    }
    (section.details as Record<string, unknown>).sampleCaseItems = items;
    return section;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    clients.destroy();
  }
}

/** Sizes (bytes, as DynamoDB counts them) of the items in one case's partition of both tables, largest first. */
async function partitionItemSizes(
  clients: ReturnType<typeof clientsFor>,
  tableNames: readonly string[],
  caseId: string,
): Promise<{ sk: string; bytes: number }[]> {
  const results = await Promise.all(
    tableNames.map((tableName) =>
      clients.dynamo.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: casePartition(caseId) } },
        }),
      ),
    ),
  );
  return results
    .flatMap((result) => (result.Items ?? []) as unknown as WireItem[])
    .map((item) => ({
      sk: String(item.sk?.S).replace(/^(AUDIT#|EVENT#).*/, '$1…'),
      bytes: itemSize(item),
    }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 6);
}

/** Write units of one PutItem of a referral-sized item (the floor's store), measured on a scratch table. */
async function referralPutCapacity(clients: ReturnType<typeof clientsFor>, target: LocalTarget): Promise<number> {
  const name = await createScratchTable(clients.dynamo, 'bench-cost-floor');
  try {
    const result = await clients.dynamo.send(
      new PutItemCommand({
        TableName: name,
        Item: {
          pk: { S: randomUUID() },
          sk: { S: 'CASE' },
          data: { S: JSON.stringify(benchReferral(target.catalogue, 0)) },
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    return result.ConsumedCapacity?.CapacityUnits ?? 1;
  } finally {
    await clients.dynamo.send(new DeleteTableCommand({ TableName: name })).catch(() => {});
  }
}

function priceUsage(
  usage: Usage,
  options: { referrals: number; batchSize: number },
  floorWriteUnits: number,
  byName: Map<string, FunctionModel>,
  elapsedMs: number,
): SectionResult {
  const perThousand = 1000 / options.referrals;
  const functions = [...usage.functions.entries()];
  const invocations = sum(functions.map(([, entry]) => entry.invocations));
  const gbSeconds = sum(
    functions.map(([, entry]) => (sum(entry.durationsMs.map((ms) => Math.ceil(ms))) / 1000) * (entry.memoryMb / 1024)),
  );
  const readUnits = sum(functions.map(([, entry]) => entry.readUnits));
  const writeUnits = sum(functions.map(([, entry]) => entry.writeUnits));
  const functionSqs = sum(functions.flatMap(([, entry]) => Object.values(entry.sqsRequests)));
  const sqsRequests = functionSqs + usage.mappingRequests.receive + usage.mappingRequests.delete;
  const logBytes = sum(functions.map(([, entry]) => entry.logBytes));
  const secretsRequests = sum(functions.map(([, entry]) => entry.secretsRequests));

  const cost = {
    apiGateway: usage.apiRequests * PRICES.apiGateway.perHttpRequest * perThousand,
    lambda: (invocations * PRICES.lambda.perRequest + gbSeconds * PRICES.lambda.perGbSecondArm) * perThousand,
    dynamodb:
      (writeUnits * PRICES.dynamodb.perWriteRequestUnit + readUnits * PRICES.dynamodb.perReadRequestUnit) * perThousand,
    sqs: sqsRequests * PRICES.sqs.perRequest * perThousand,
    logs: (logBytes / GIB) * PRICES.cloudWatchLogs.perGbIngested * perThousand,
    secretsManager: secretsRequests * PRICES.secretsManager.perApiCall * perThousand,
  };
  const total = sum(Object.values(cost));
  // The floor: store and enqueue each referral and nothing else — one API request, one intake invocation billed at
  // 1 ms, one PutItem of the referral, one SendMessage and the mapping's receive and delete.
  const intakeMemory = byName.get('intake')?.memorySize ?? 512;
  const floor = {
    apiGateway: 1000 * PRICES.apiGateway.perHttpRequest,
    lambda: 1000 * (PRICES.lambda.perRequest + 0.001 * (intakeMemory / 1024) * PRICES.lambda.perGbSecondArm),
    dynamodb: 1000 * floorWriteUnits * PRICES.dynamodb.perWriteRequestUnit,
    sqs: 1000 * 3 * PRICES.sqs.perRequest,
    logs: 0,
    secretsManager: 0,
  };
  const floorTotal = sum(Object.values(floor));

  const rows: Row[] = [
    {
      measure: 'total per 1,000 referrals (closed loop)',
      figure: total,
      floor: floorTotal,
      unit: 'USD',
      ratio: ratio(total, floorTotal),
      target: `≤ ${COST_TARGET_PER_1000} USD`,
      verdict: verdict(total <= COST_TARGET_PER_1000 && usage.failures.length === 0),
    },
  ];
  const labels: Record<keyof typeof cost, string> = {
    apiGateway: `API Gateway (${(usage.apiRequests / options.referrals).toFixed(1)} requests/referral)`,
    lambda: `Lambda (${(invocations / options.referrals).toFixed(1)} invocations, ${(
      (gbSeconds / options.referrals) * 1000
    ).toFixed(1)} GB-ms/referral)`,
    dynamodb: `DynamoDB (${(writeUnits / options.referrals).toFixed(1)} WRU + ${(readUnits / options.referrals).toFixed(
      1,
    )} RRU/referral)`,
    sqs: `SQS (${(sqsRequests / options.referrals).toFixed(1)} requests/referral)`,
    logs: `CloudWatch Logs (${Math.round(logBytes / options.referrals)} bytes/referral)`,
    secretsManager: `Secrets Manager (${(secretsRequests / options.referrals).toFixed(2)} calls/referral)`,
  };
  for (const key of Object.keys(cost) as (keyof typeof cost)[]) {
    rows.push({
      measure: `  ${labels[key]}`,
      figure: cost[key],
      floor: floor[key],
      unit: 'USD',
      ratio: ratio(cost[key], floor[key]),
      verdict: 'INFO',
    });
  }

  const perFunction = functions.map(([name, entry]) => ({
    name,
    memoryMb: entry.memoryMb,
    invocationsPerReferral: entry.invocations / options.referrals,
    durationMs: { p50: median(entry.durationsMs), p99: quantile(entry.durationsMs, 0.99) },
    dynamoRequestsPerReferral: Object.fromEntries(
      Object.entries(entry.dynamoRequests).map(([operation, count]) => [operation, count / options.referrals]),
    ),
    dynamoLatencyMsP50: Object.fromEntries(
      Object.entries(entry.dynamoLatencyMs).map(([operation, values]) => [operation, median(values)]),
    ),
    readUnitsPerReferral: entry.readUnits / options.referrals,
    writeUnitsPerReferral: entry.writeUnits / options.referrals,
    reportedWriteUnitsPerReferral: entry.reportedWriteUnits / options.referrals,
    sqsRequestsPerReferral: Object.fromEntries(
      Object.entries(entry.sqsRequests).map(([action, count]) => [action, count / options.referrals]),
    ),
    logBytesPerReferral: entry.logBytes / options.referrals,
  }));
  const biggest = (Object.entries(cost) as [string, number][]).sort((a, b) => b[1] - a[1]);
  const notes = [
    `Measured over ${options.referrals} referrals (batches of ${options.batchSize}, after a warm-up batch) through ` +
      'the whole closed loop: POST referral (intake) → routing message → router → office inbox GET, case GET ' +
      '(opens it), accept, start, close (If-Match) → referrer status GET; every notification the functions publish ' +
      'is delivered by the notifier. The functions are their bundles from the cloud assembly, one warm instance each.',
    'DynamoDB: each function instance talks to DynamoDB Local through a proxy that adds ReturnConsumedCapacity=INDEXES ' +
      'to every item request of the real traffic and sums the ConsumedCapacity DynamoDB Local returns (1 KB write / ' +
      '4 KB read units, GSI writes, transactions at double rate); on-demand request units equal these capacity ' +
      'units. DynamoDB Local counts the table part of a TransactWriteItems from the summed size of its items, ' +
      'DynamoDB item by item: the proxy reads each item a transaction writes before and after it and counts 2 units ' +
      `per started KB of the larger (tests/bench/item-units.ts); DynamoDB Local reported ${(
        sum(functions.map(([, entry]) => entry.reportedWriteUnits)) / options.referrals
      ).toFixed(1)} write units per referral where this counts ${(writeUnits / options.referrals).toFixed(1)}. ` +
      'SQS: every request of the functions counted through a proxy, plus the event source mapping’s receive and delete per batch (requests that found a queue empty are an idle ' +
      'mapping’s fixed cost, not per referral, and are left out).',
    `Lambda: invocations counted, each billed at its measured duration rounded up to 1 ms, at the template's memory ` +
      `(${perFunction.map((entry) => `${entry.name} ${entry.memoryMb} MB`).join(', ')}), arm64. Durations are this ` +
      'machine’s, calling DynamoDB Local (includes the local IPC to the instance); Lambda’s CPU share at 512 MB is ' +
      'smaller, real DynamoDB faster. Cold starts (INIT is billed since August 2025) and the sweeper’s schedule are ' +
      'per instance or per minute, not per referral: left out. API Gateway: one HTTP API request per HTTP ' +
      'invocation. Logs: the functions’ stdout bytes (log lines and EMF metrics) at the production log level INFO; ' +
      'Lambda’s platform report lines are not produced locally.',
    `Prices (${PRICES_REGION}, as of ${PRICES_AS_OF}) from tests/bench/prices.ts. Largest parts: ${biggest
      .slice(0, 3)
      .map(([key, value]) => `${key} ${value.toFixed(4)} USD`)
      .join(', ')}.`,
    `Floor: store and enqueue the referral and nothing else — 1 API request, 1 intake invocation billed at 1 ms, one ` +
      `PutItem of the referral (${floorWriteUnits} WRU, measured), SendMessage + the mapping's receive and delete.`,
    `Per function (p50 duration, DynamoDB requests per referral): ${perFunction
      .map(
        (entry) =>
          `${entry.name} ${entry.invocationsPerReferral.toFixed(1)}× ${entry.durationMs.p50.toFixed(1)} ms, ${Object.entries(
            entry.dynamoRequestsPerReferral,
          )
            .map(([operation, count]) => `${operation} ${count.toFixed(1)}`)
            .join(' ')}`,
      )
      .join('; ')}.`,
  ];
  if (usage.failures.length > 0) notes.push(`Failures during the run: ${usage.failures.join('; ')}.`);
  return {
    id: '5',
    title: 'Cost per 1,000 referrals',
    floor: 'storing and enqueueing the referral only (1 API request, 1 minimal invocation, 1 PutItem, 3 SQS requests)',
    rows,
    notes,
    details: {
      referrals: options.referrals,
      costPer1000: cost,
      floorPer1000: floor,
      totals: {
        apiRequests: usage.apiRequests,
        invocations,
        gbSeconds,
        readUnits,
        writeUnits,
        sqsRequests,
        mappingRequests: usage.mappingRequests,
        idleReceives: usage.idleReceives,
        logBytes,
        secretsRequests,
      },
      perFunction,
      prices: PRICES,
      pricesAsOf: PRICES_AS_OF,
    },
    durationMs: Math.round(elapsedMs),
  };
}
