// Section 8, the office's read path: an office's inbox pages (first and deeper, by cursor) and whole cases through the
// local gateway with a real office token, at a fixed concurrency, against the raw DynamoDB reads of the same items on
// the same table. The cases are written by the system's own write path (intake's and the router's use cases, the
// office's first read and accept on the real adapters), and the time is attributed by measurement: the gateway alone
// (/health), the local runtime's per-invocation cost (an invocation that does nothing), the time the function reports
// for itself (its request log line), and the DynamoDB requests and bytes of one call (the office bundle behind a
// recording proxy).
import { randomBytes, randomUUID } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#adapters/aws-clients.ts';
import { createSecretBodyHasher } from '#adapters/body-hasher.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createIdGenerator } from '#adapters/ids.ts';
import {
  caseDataSortKeyFloor,
  caseKey,
  casePartition,
  OFFICE_INBOX_INDEX_NAME,
  officeInboxPartition,
} from '#adapters/keys.ts';
import { createStatsRepository } from '#adapters/stats-repository.ts';
import { submitReferral } from '#application/intake/submit-referral.ts';
import { getCase } from '#application/office/get-case.ts';
import { transitionCase } from '#application/office/transition-case.ts';
import { routeCase } from '#application/router/route-case.ts';
import type { Catalogue } from '#domain/catalogue.ts';
import { URGENCIES } from '#domain/codes.ts';
import { exampleReferral } from '#domain/example-referral.ts';
import { DEFAULT_RESPONSE_DEADLINE_DAYS } from '#domain/working-days.ts';
import type { FunctionModel } from '#infra/local/app-model.ts';
import { FunctionPool } from '#infra/local/function-pool.ts';
import { functionEnvironment } from '#infra/local/runtime.ts';
import { DEFAULT_RETENTION_DAYS } from '#runtime/config.ts';
import { type BenchAssembly, loadAssembly } from './assembly.ts';
import { type Caller, httpEvent } from './http-events.ts';
import { clientsFor, firstInstitution, type LocalTarget, localToken, REGION } from './local-target.ts';
import { type Exchange, startRecordingProxy, targetOperation } from './recording-proxy.ts';
import { type Row, type SectionResult, verdict } from './report.ts';
import { mapConcurrent, median, quantile, ratio, seededRandom, sum } from './stats.ts';

export const READ_TARGET = 3;
export const PAGE_SIZE = 25;
/** Measuring rounds: each kind and its floor alternate this many times. */
const ROUNDS = 16;

export type OfficeReadsOptions = {
  /** Cases seeded into one office's inbox. */
  readonly cases: number;
  /** Concurrent requests (and concurrent floor reads). */
  readonly concurrency: number;
  /** Measured requests per kind (inbox pages, case reads) for the system and for the floor. */
  readonly requests: number;
  /** Unmeasured requests of each kind first (JIT, connection pools, every office instance warm). */
  readonly warmup: number;
  /** Calls per kind in the attribution through the recording proxy. */
  readonly attributionCalls: number;
  /** The runtime's execution environments per function at most (for the notes). */
  readonly environments?: number;
  readonly assembly?: BenchAssembly;
};

/** Lines the runtime's functions print (`[office] {...}`), handed to the section while it runs. */
export type LogTap = { listen(listener: ((line: string) => void) | undefined): void };

type Clients = ReturnType<typeof clientsFor>;

/** The office with the most postal codes, and those postal codes (so every seeded referral is routed to it). */
export function busiestOffice(catalogue: Catalogue): { officeId: string; postalCodes: string[] } {
  const candidates = catalogue.offices.map((office) => ({
    officeId: office.id,
    postalCodes: catalogue.districts
      .filter((district) => office.districts.includes(district.id))
      .flatMap((district) => district.postalCodes),
  }));
  const best = candidates.sort((a, b) => b.postalCodes.length - a.postalCodes.length)[0];
  if (best === undefined || best.postalCodes.length === 0)
    throw new Error('the catalogue has no office with districts');
  return best;
}

/** A body hasher's secret as the local Secrets Manager would hand it, without the network round trip. */
function inMemorySecret(): SecretsManagerClient {
  const secret = randomBytes(32).toString('hex');
  return { send: async () => ({ SecretString: secret }) } as unknown as SecretsManagerClient;
}

/**
 * `count` cases in the office's inbox, written by the system's own use cases on the real adapters: submitted
 * (intake), routed (router), then every fourth one opened by the office's first read (audit entry, `opened` event) and
 * every eighth accepted. Notifications and routing messages are not sent (no other function must see these cases);
 * their outbox entries are cleared as after a successful send. Returns the ids with their state.
 */
async function seedInbox(
  target: LocalTarget,
  office: { officeId: string; postalCodes: string[] },
  count: number,
): Promise<{ opened: string[]; routed: number; seconds: number }> {
  const startedAt = performance.now();
  const { tableName, personalTableName } = target.resources;
  // Marshalled exactly as the functions' own client does (aws-clients.ts), so the items are theirs to the byte.
  const client = createDocumentClient({
    endpoint: target.resources.dynamoEndpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const cases = createCaseRepository({ client, tableName, personalTableName });
  const catalogue = createCatalogueRepository({ client, tableName });
  const notifications = { publish: async () => {} };
  const referrer = { role: 'referrer', institutionId: firstInstitution(target.catalogue) } as const;
  const officePrincipal = { role: 'office', officeId: office.officeId } as const;
  const submitPorts = {
    catalogue,
    cases,
    counters: createStatsRepository({ client, tableName }),
    routingQueue: { enqueue: async () => {} },
    clock: systemClock,
    ids: createIdGenerator(),
    bodyHasher: createSecretBodyHasher({ client: inMemorySecret(), secretId: 'bench' }),
  };
  const casePorts = {
    cases,
    catalogue,
    clock: systemClock,
    notifications,
    deadlineDays: DEFAULT_RESPONSE_DEADLINE_DAYS,
    retentionDays: DEFAULT_RETENTION_DAYS,
  };
  const opened: string[] = [];
  let routed = 0;
  const today = new Date();
  try {
    await mapConcurrent(Array.from({ length: count }), 16, async (_, index) => {
      const body = {
        ...exampleReferral(today),
        postalCode: office.postalCodes[index % office.postalCodes.length],
        urgency: URGENCIES[index % URGENCIES.length],
      };
      const { referralId } = await submitReferral(submitPorts, {
        principal: referrer,
        body,
        idempotencyKey: randomUUID(),
      });
      const outcome = await routeCase(casePorts, referralId);
      if (outcome.kind !== 'routed' || outcome.officeId !== office.officeId) {
        throw new Error(`seeded case was not routed to ${office.officeId}: ${outcome.kind}`);
      }
      routed += 1;
      if (index % 4 === 0) {
        const found = await getCase(casePorts, { principal: officePrincipal, caseId: referralId });
        opened.push(referralId);
        if (index % 8 === 0) {
          await transitionCase(casePorts, {
            principal: officePrincipal,
            caseId: referralId,
            command: { name: 'accept' },
            expectedVersions: [found.caseRecord.version],
          });
        }
      }
    });
  } finally {
    client.destroy();
  }
  return { opened, routed, seconds: (performance.now() - startedAt) / 1000 };
}

type Timed = { ms: number; status: number; bytes: number; requestId: string };

async function timedFetch(url: string, init: RequestInit): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.arrayBuffer();
  return {
    ms: performance.now() - started,
    status: response.status,
    bytes: text.byteLength,
    requestId: response.headers.get('apigw-requestid') ?? '',
  };
}

/** Every cursor of the office's inbox by walking it once through the API (page 1 is `null`). */
async function apiCursors(target: LocalTarget, token: string): Promise<(string | null)[]> {
  const cursors: (string | null)[] = [null];
  let cursor: string | null = null;
  do {
    const query: string = `limit=${PAGE_SIZE}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const response = await fetch(`${target.url}/v1/cases?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`inbox page answered ${response.status}: ${await response.text()}`);
    cursor = ((await response.json()) as { nextCursor: string | null }).nextCursor;
    if (cursor !== null) cursors.push(cursor);
  } while (cursor !== null);
  return cursors;
}

type StartKey = Record<string, unknown> | undefined;

function inboxQuery(tableName: string, officeId: string, startKey: StartKey) {
  return new QueryCommand({
    TableName: tableName,
    IndexName: OFFICE_INBOX_INDEX_NAME,
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': officeInboxPartition(officeId) },
    Limit: PAGE_SIZE,
    ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
  });
}

/** Every start key of the office's inbox by walking the index raw, page size PAGE_SIZE (page 1 is `undefined`). */
async function rawStartKeys(clients: Clients, tableName: string, officeId: string): Promise<StartKey[]> {
  const keys: StartKey[] = [undefined];
  let startKey: StartKey;
  do {
    const page = await clients.documents.send(inboxQuery(tableName, officeId, startKey));
    startKey = page.LastEvaluatedKey;
    if (startKey !== undefined) keys.push(startKey);
  } while (startKey !== undefined);
  return keys;
}

/** The raw reads of a whole case: its main partition from the case item on and its personal partition, in parallel. */
function rawCaseReads(clients: Clients, target: LocalTarget, caseId: string) {
  const { tableName, personalTableName } = target.resources;
  return Promise.all([
    clients.documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': casePartition(caseId), ':from': caseDataSortKeyFloor() },
        ConsistentRead: true,
      }),
    ),
    clients.documents.send(
      new QueryCommand({
        TableName: personalTableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': casePartition(caseId) },
        ConsistentRead: true,
      }),
    ),
  ]);
}

/** `count` picks of `values`, the same in every run. */
function picks<T>(values: readonly T[], count: number, seed: number): T[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => values[Math.floor(random() * values.length)] as T);
}

type Attribution = {
  calls: number;
  invocationMs: { p50: number; p99: number };
  dynamoRequests: Record<string, number>;
  dynamoMsPerCall: number;
  itemsPerCall: number;
  bytesPerCall: number;
  responseBytesPerCall: number;
};

/**
 * The office's own bundle in one execution environment behind a recording DynamoDB proxy: per call, the DynamoDB
 * requests by operation, their time, the items and bytes they return, and the invocation time without the gateway.
 */
async function attributeCalls(
  target: LocalTarget,
  assembly: BenchAssembly,
  calls: { inbox: Parameters<typeof httpEvent>[0][]; case: Parameters<typeof httpEvent>[0][] },
): Promise<{ inbox: Attribution; case: Attribution; emptyInvocationMs: { p50: number; p99: number } }> {
  const { resources } = target;
  const fn = assembly.model.functions.find((candidate) => candidate.name === 'office') as FunctionModel | undefined;
  if (fn === undefined) throw new Error('the assembly has no office function');
  let exchanges: Exchange[] = [];
  const proxy = await startRecordingProxy({
    upstream: resources.dynamoEndpoint,
    record: (exchange) => {
      exchanges.push(exchange);
    },
  });
  const environment = functionEnvironment(fn, {
    dynamodb: proxy.url,
    sqs: resources.sqsEndpoint,
    sqsOrigin: resources.sqsEndpoint,
    secretsManager: resources.secretsManagerEndpoint,
    cognitoIdentityProvider: resources.cognitoEndpoint,
    apiGateway: resources.apiGatewayEndpoint,
  });
  const pool = new FunctionPool(fn, {
    maxInstances: 1,
    log: () => {},
    prepare: async () => ({ environment, release: async () => {} }),
  });
  try {
    await pool.warm();
    const measure = async (events: Parameters<typeof httpEvent>[0][]): Promise<Attribution> => {
      // One unmeasured call first: the route's middleware stack is built on its first request.
      if (events[0] !== undefined) await pool.invoke(httpEvent(events[0]));
      exchanges = [];
      const durations: number[] = [];
      let responseBytes = 0;
      for (const request of events) {
        const started = performance.now();
        const outcome = await pool.invoke(httpEvent(request));
        durations.push(performance.now() - started);
        if (!outcome.ok) throw new Error(`office failed: ${outcome.errorType}: ${outcome.errorMessage}`);
        const result = outcome.result as { statusCode: number; body?: string };
        if (result.statusCode !== 200) throw new Error(`${request.routeKey} answered ${result.statusCode}`);
        responseBytes += Buffer.byteLength(result.body ?? '');
      }
      const dynamoRequests: Record<string, number> = {};
      let items = 0;
      for (const exchange of exchanges) {
        const operation = targetOperation(exchange.headers);
        dynamoRequests[operation] = (dynamoRequests[operation] ?? 0) + 1 / events.length;
        const parsed = JSON.parse(exchange.responseBody.toString('utf8') || '{}') as {
          Items?: unknown[];
          Item?: unknown;
        };
        items += (parsed.Items?.length ?? 0) + (parsed.Item === undefined ? 0 : 1);
      }
      return {
        calls: events.length,
        invocationMs: { p50: median(durations), p99: quantile(durations, 0.99) },
        dynamoRequests,
        dynamoMsPerCall: sum(exchanges.map((exchange) => exchange.ms)) / events.length,
        itemsPerCall: items / events.length,
        bytesPerCall: sum(exchanges.map((exchange) => exchange.responseBody.length)) / events.length,
        responseBytesPerCall: responseBytes / events.length,
      };
    };
    const inbox = await measure(calls.inbox);
    const caseReads = await measure(calls.case);
    const empty: number[] = [];
    for (let index = 0; index < calls.inbox.length; index += 1) {
      const started = performance.now();
      await pool.invoke({ routeKey: 'GET /bench/nothing', rawPath: '/bench/nothing', headers: {} });
      empty.push(performance.now() - started);
    }
    return { inbox, case: caseReads, emptyInvocationMs: { p50: median(empty), p99: quantile(empty, 0.99) } };
  } finally {
    await pool.stop();
    await proxy.close();
  }
}

function describeAttribution(name: string, entry: Attribution): string {
  const requests = Object.entries(entry.dynamoRequests)
    .map(([operation, count]) => `${count.toFixed(2)} ${operation}`)
    .join(' + ');
  return (
    `${name}: ${requests} per call (${entry.dynamoMsPerCall.toFixed(1)} ms in DynamoDB), ` +
    `${entry.itemsPerCall.toFixed(1)} items / ${Math.round(entry.bytesPerCall).toLocaleString('en-US')} bytes read, ` +
    `${Math.round(entry.responseBytesPerCall).toLocaleString('en-US')} bytes answered; invocation without the gateway ` +
    `p50 ${entry.invocationMs.p50.toFixed(1)} ms, p99 ${entry.invocationMs.p99.toFixed(1)} ms`
  );
}

/**
 * The time the office function reports for each request (`durationMs` of its `request completed` line, from its first
 * middleware to its answer) by the gateway's request id, which the line carries and the answer's `apigw-requestid`
 * header names.
 */
export function functionTimes(lines: readonly string[]): Map<string, number> {
  const byRequest = new Map<string, number>();
  for (const line of lines) {
    if (!line.startsWith('[office] ') || !line.includes('request completed')) continue;
    try {
      const entry = JSON.parse(line.slice('[office] '.length)) as { requestId?: string; durationMs?: number };
      if (typeof entry.requestId === 'string' && typeof entry.durationMs === 'number') {
        byRequest.set(entry.requestId, entry.durationMs);
      }
    } catch {
      // Not a JSON log line.
    }
  }
  return byRequest;
}

/** Per answered request: its time inside the function and the rest (gateway, token, pool, IPC); unmatched left out. */
export function splitTimes(requests: readonly Timed[], inside: ReadonlyMap<string, number>) {
  const functionMs: number[] = [];
  const outsideMs: number[] = [];
  for (const request of requests) {
    const ms = inside.get(request.requestId);
    if (ms === undefined) continue;
    functionMs.push(ms);
    outsideMs.push(request.ms - ms);
  }
  return { functionMs, outsideMs };
}

export async function officeReadsSection(
  target: LocalTarget,
  options: OfficeReadsOptions,
  tap?: LogTap,
): Promise<SectionResult> {
  const startedAt = performance.now();
  const clients = clientsFor(target);
  const { tableName } = target.resources;
  const { concurrency } = options;
  try {
    const office = busiestOffice(target.catalogue);
    const seeded = await seedInbox(target, office, options.cases);
    const token = await localToken(target, { role: 'office', officeId: office.officeId });
    const headers = { authorization: `Bearer ${token}` };
    const cursors = await apiCursors(target, token);
    const startKeys = await rawStartKeys(clients, tableName, office.officeId);
    const inboxPicks = picks(
      cursors.map((_, page) => page),
      options.warmup + options.requests,
      8,
    );
    const casePicks = picks(seeded.opened, options.warmup + options.requests, 88);
    const inboxUrl = (page: number) => {
      const cursor = cursors[page] ?? null;
      return `${target.url}/v1/cases?limit=${PAGE_SIZE}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    };

    const systemInbox = (pages: readonly number[]) =>
      mapConcurrent(pages, concurrency, (page) => timedFetch(inboxUrl(page), { headers }));
    const systemCase = (ids: readonly string[]) =>
      mapConcurrent(ids, concurrency, (caseId) => timedFetch(`${target.url}/v1/cases/${caseId}`, { headers }));
    const floorInbox = (pages: readonly number[]) =>
      mapConcurrent(pages, concurrency, async (page) => {
        const started = performance.now();
        await clients.documents.send(inboxQuery(tableName, office.officeId, startKeys[page]));
        return performance.now() - started;
      });
    const floorCase = (ids: readonly string[]) =>
      mapConcurrent(ids, concurrency, async (caseId) => {
        const started = performance.now();
        await rawCaseReads(clients, target, caseId);
        return performance.now() - started;
      });
    const floorGetItem = (ids: readonly string[]) =>
      mapConcurrent(ids, concurrency, async (caseId) => {
        const started = performance.now();
        await clients.documents.send(
          new GetCommand({ TableName: tableName, Key: caseKey(caseId), ConsistentRead: true }),
        );
        return performance.now() - started;
      });
    const health = (count: number) =>
      mapConcurrent(Array.from({ length: count }), concurrency, () => timedFetch(`${target.url}/health`, {}));
    const emptyEvent = JSON.stringify({ routeKey: 'GET /bench/nothing', rawPath: '/bench/nothing', headers: {} });
    const emptyInvocations = (count: number) =>
      mapConcurrent(Array.from({ length: count }), concurrency, () =>
        timedFetch(`${target.url}/_local/functions/office/invoke`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: emptyEvent,
        }),
      );

    // Warm-up of every path. Then rounds, each measuring every kind alone with its floor right after it: load that
    // comes and goes on the machine (the runtime's TTL sweep, other processes) falls on figure and floor alike.
    const warmInbox = inboxPicks.slice(0, options.warmup);
    const warmCase = casePicks.slice(0, options.warmup);
    await Promise.all([floorInbox(warmInbox), floorCase(warmCase)]);
    await systemInbox(warmInbox);
    await systemCase(warmCase);
    await emptyInvocations(options.warmup);

    const measuredInbox = inboxPicks.slice(options.warmup);
    const measuredCase = casePicks.slice(options.warmup);
    const lines: string[] = [];
    const inbox: Timed[] = [];
    const caseReads: Timed[] = [];
    const inboxFloor: number[] = [];
    const caseFloor: number[] = [];
    const getItemFloor: number[] = [];
    const gateway: Timed[] = [];
    const empty: Timed[] = [];
    const perRound = Math.ceil(options.requests / ROUNDS);
    for (let start = 0; start < options.requests; start += perRound) {
      const pages = measuredInbox.slice(start, start + perRound);
      const ids = measuredCase.slice(start, start + perRound);
      tap?.listen((line) => lines.push(line));
      inbox.push(...(await systemInbox(pages)));
      tap?.listen(undefined);
      inboxFloor.push(...(await floorInbox(pages)));
      tap?.listen((line) => lines.push(line));
      caseReads.push(...(await systemCase(ids)));
      tap?.listen(undefined);
      caseFloor.push(...(await floorCase(ids)));
      getItemFloor.push(...(await floorGetItem(ids)));
      gateway.push(...(await health(ids.length)));
      empty.push(...(await emptyInvocations(ids.length)));
    }

    const failures = [...inbox, ...caseReads, ...empty].filter((entry) => entry.status !== 200);
    const inboxMs = inbox.map((entry) => entry.ms);
    const caseMs = caseReads.map((entry) => entry.ms);
    const firstPages = inbox.filter((_, index) => measuredInbox[index] === 0).map((entry) => entry.ms);
    const deeperPages = inbox.filter((_, index) => measuredInbox[index] !== 0).map((entry) => entry.ms);
    const times = functionTimes(lines);
    const inboxSplit = splitTimes(inbox, times);
    const caseSplit = splitTimes(caseReads, times);

    const assembly = options.assembly ?? (await loadAssembly(target.resources.sqsEndpoint));
    const officeCaller: Caller = { role: 'office', officeId: office.officeId };
    const sample = Math.min(options.attributionCalls, options.requests);
    const attribution = await attributeCalls(target, assembly, {
      inbox: measuredInbox.slice(0, sample).map((page) => {
        const cursor = cursors[page] ?? null;
        return {
          caller: officeCaller,
          routeKey: 'GET /v1/cases',
          query: `limit=${PAGE_SIZE}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        };
      }),
      case: measuredCase.slice(0, sample).map((caseId) => ({
        caller: officeCaller,
        routeKey: 'GET /v1/cases/{caseId}',
        pathParameters: { caseId },
      })),
    });

    const inboxRatio = ratio(quantile(inboxMs, 0.99), quantile(inboxFloor, 0.99));
    const caseRatio = ratio(quantile(caseMs, 0.99), quantile(caseFloor, 0.99));
    const complete = failures.length === 0;
    const row = (measure: string, figure: number, floor: number | null, target?: number): Row => {
      const value = ratio(figure, floor);
      return {
        measure,
        figure,
        floor,
        unit: 'ms',
        ratio: value,
        ...(target === undefined
          ? { verdict: 'INFO' as const }
          : {
              target: `≤ ${target}× floor`,
              verdict: verdict(complete && value !== null && value <= target),
            }),
      };
    };
    const rows: Row[] = [
      row(
        `office inbox GET /v1/cases?limit=${PAGE_SIZE} p99, ${options.cases.toLocaleString('en-US')} cases, concurrency ${concurrency}`,
        quantile(inboxMs, 0.99),
        quantile(inboxFloor, 0.99),
        READ_TARGET,
      ),
      row('  inbox p50', median(inboxMs), median(inboxFloor)),
      row(
        `office case GET /v1/cases/{caseId} p99, concurrency ${concurrency}`,
        quantile(caseMs, 0.99),
        quantile(caseFloor, 0.99),
        READ_TARGET,
      ),
      row('  case p50', median(caseMs), median(caseFloor)),
      row('  case p99 against one GetItem of the case item', quantile(caseMs, 0.99), quantile(getItemFloor, 0.99)),
      row('  inbox: outside the function p99 (gateway, environment, IPC)', quantile(inboxSplit.outsideMs, 0.99), null),
      row('  case: outside the function p99 (gateway, environment, IPC)', quantile(caseSplit.outsideMs, 0.99), null),
      row(
        '  gateway alone (GET /health) p99',
        quantile(
          gateway.map((entry) => entry.ms),
          0.99,
        ),
        null,
      ),
      row(
        '  an empty office invocation through the local runtime p99',
        quantile(
          empty.map((entry) => entry.ms),
          0.99,
        ),
        null,
      ),
    ];
    const seconds = (values: readonly number[]) =>
      `p50 ${median(values).toFixed(1)} ms, p99 ${quantile(values, 0.99).toFixed(1)} ms`;
    const notes = [
      `Seeded ${seeded.routed.toLocaleString('en-US')} cases into the inbox of ${office.officeId} in ` +
        `${seeded.seconds.toFixed(1)} s through the system's own write path (intake's submitReferral, the router's ` +
        "routeCase, the office's getCase and transitionCase on the real adapters; sends of routing messages and " +
        `notifications left out): every case routed, every fourth one opened (${seeded.opened.length}, with its audit ` +
        'entry), every eighth accepted. Case reads are of opened cases (a re-read; the first read also writes ' +
        `"opened"). The inbox has ${cursors.length} pages of ${PAGE_SIZE}.`,
      `System: ${options.requests} inbox pages (page picked at random from all, ${firstPages.length} first pages) ` +
        `and ${options.requests} case reads at concurrency ${concurrency} in ${ROUNDS} rounds, each kind followed by its floor, each through the local gateway with ` +
        `an office token from the local issuer, after ${options.warmup} unmeasured requests of each kind. First ` +
        `pages ${seconds(firstPages)}, deeper pages ${seconds(deeperPages)}. ${failures.length} answers were not 200.`,
      `Floor, same picks, same concurrency, same table: the inbox page as a raw Query of ${OFFICE_INBOX_INDEX_NAME} ` +
        `(Limit ${PAGE_SIZE}, ExclusiveStartKey of the page) ${seconds(inboxFloor)}; the whole case as the raw Queries ` +
        `of its main partition from the case item on and of its personal partition, in parallel, ` +
        `${seconds(caseFloor)}; one GetItem of the case item ${seconds(getItemFloor)}.`,
      `Where the time goes, measured: the gateway alone (GET /health, no function) ${seconds(gateway.map((entry) => entry.ms))}; ` +
        `an invocation of the office function that does nothing (POST /_local/functions/office/invoke, an unknown ` +
        `route key: HTTP, the pool, IPC, the handler's router) ${seconds(empty.map((entry) => entry.ms))}. Each ` +
        `measured request split by its request id into the time the office function reports for itself (its request ` +
        `line, first middleware to answer) and the rest (gateway, token check, waiting for an environment — at most ` +
        `${options.environments ?? '?'} per function —, IPC): inbox ${seconds(inboxSplit.functionMs)} inside, ` +
        `${seconds(inboxSplit.outsideMs)} outside; case ${seconds(caseSplit.functionMs)} inside, ` +
        `${seconds(caseSplit.outsideMs)} outside (${inboxSplit.functionMs.length + caseSplit.functionMs.length} of ` +
        `${inbox.length + caseReads.length} requests matched).`,
      `Per call, the office bundle alone in one environment behind a recording DynamoDB proxy (${sample} calls of ` +
        `each, sequential): ${describeAttribution('inbox page', attribution.inbox)}; ` +
        `${describeAttribution('case', attribution.case)}; an empty invocation ` +
        `p50 ${attribution.emptyInvocationMs.p50.toFixed(1)} ms.`,
    ];
    const targets = [
      {
        name: 'inbox',
        figure: inboxRatio,
        floor: quantile(inboxFloor, 0.99),
        split: inboxSplit,
        perCall: attribution.inbox,
      },
      {
        name: 'case',
        figure: caseRatio,
        floor: quantile(caseFloor, 0.99),
        split: caseSplit,
        perCall: attribution.case,
      },
    ];
    for (const { name, figure, floor, split, perCall } of targets) {
      if (figure !== null && figure <= READ_TARGET) continue;
      const requests = Object.entries(perCall.dynamoRequests)
        .map(([operation, count]) => `${count.toFixed(2)} ${operation}`)
        .join(' + ');
      notes.push(
        `Target not met for the ${name}: p99 ${figure?.toFixed(1) ?? '?'}× a floor of ${floor.toFixed(1)} ms. Of its ` +
          `p99, inside the function ${quantile(split.functionMs, 0.99).toFixed(1)} ms (${requests} per call, the ` +
          `floor's reads in one round trip), outside it ${quantile(split.outsideMs, 0.99).toFixed(1)} ms (the gateway ` +
          `alone p99 ${quantile(
            gateway.map((entry) => entry.ms),
            0.99,
          ).toFixed(1)} ms, an empty invocation p99 ${quantile(
            empty.map((entry) => entry.ms),
            0.99,
          ).toFixed(1)} ms).`,
      );
    }
    return {
      id: '8',
      title: 'Office read path',
      floor: `raw DynamoDB reads of the same items on the same table at the same concurrency: the inbox index Query (page of ${PAGE_SIZE}) and a case's two partition Queries`,
      rows,
      notes,
      details: {
        cases: seeded.routed,
        opened: seeded.opened.length,
        seedSeconds: seeded.seconds,
        pages: cursors.length,
        concurrency,
        requests: options.requests,
        system: {
          inbox: { p50: median(inboxMs), p99: quantile(inboxMs, 0.99) },
          firstPages: { p50: median(firstPages), p99: quantile(firstPages, 0.99) },
          deeperPages: { p50: median(deeperPages), p99: quantile(deeperPages, 0.99) },
          case: { p50: median(caseMs), p99: quantile(caseMs, 0.99) },
          failures: failures.length,
        },
        floor: {
          inbox: { p50: median(inboxFloor), p99: quantile(inboxFloor, 0.99) },
          case: { p50: median(caseFloor), p99: quantile(caseFloor, 0.99) },
          getItem: { p50: median(getItemFloor), p99: quantile(getItemFloor, 0.99) },
        },
        attribution: {
          gateway: {
            p50: median(gateway.map((entry) => entry.ms)),
            p99: quantile(
              gateway.map((entry) => entry.ms),
              0.99,
            ),
          },
          emptyInvocation: {
            p50: median(empty.map((entry) => entry.ms)),
            p99: quantile(
              empty.map((entry) => entry.ms),
              0.99,
            ),
          },
          inbox: {
            insideP50: median(inboxSplit.functionMs),
            insideP99: quantile(inboxSplit.functionMs, 0.99),
            outsideP50: median(inboxSplit.outsideMs),
            outsideP99: quantile(inboxSplit.outsideMs, 0.99),
          },
          case: {
            insideP50: median(caseSplit.functionMs),
            insideP99: quantile(caseSplit.functionMs, 0.99),
            outsideP50: median(caseSplit.outsideMs),
            outsideP99: quantile(caseSplit.outsideMs, 0.99),
          },
          perCall: attribution,
        },
      },
      durationMs: Math.round(performance.now() - startedAt),
    };
  } finally {
    clients.destroy();
  }
}
