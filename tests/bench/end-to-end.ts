// Section 4, end to end on the local runtime: referrals through the gateway (JWT authorizer, intake function,
// DynamoDB Local, fauxqs, router) until every case is routed, against raw PutItem + SendMessage pairs on the same
// DynamoDB Local and fauxqs in the same run.
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { BatchGetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { caseKey, casePartition } from '#adapters/keys.ts';
import { localQueueUrl } from '#infra/local/sqs-local.ts';
import {
  benchReferral,
  clientsFor,
  createScratchTable,
  firstInstitution,
  type LocalTarget,
  localToken,
} from './local-target.ts';
import { coresUsed, cpuPerUnit, cpuSnapshot, describeCores, describeCpuPerUnit } from './process-cpu.ts';
import { type Row, type SectionResult, verdict } from './report.ts';
import { mapConcurrent, median, quantile, ratio } from './stats.ts';

export const THROUGHPUT_TARGET = 0.5;

type Clients = ReturnType<typeof clientsFor>;

/** The floor: `count` PutItem (a referral-sized item) + SendMessage pairs at `concurrency`, scratch table and queue. */
async function floorPairs(clients: Clients, target: LocalTarget, count: number, concurrency: number) {
  const name = await createScratchTable(clients.dynamo, 'bench-floor');
  await clients.sqs.send(new CreateQueueCommand({ QueueName: name }));
  // On the endpoint's own origin (fauxqs answers CreateQueue with a host name of its own).
  const queueUrl = localQueueUrl(target.resources.sqsEndpoint, name);
  const payload = JSON.stringify(benchReferral(target.catalogue, 0));
  try {
    const startedAt = performance.now();
    const latencies = await mapConcurrent(Array.from({ length: count }), concurrency, async () => {
      const id = randomUUID();
      const started = performance.now();
      await clients.dynamo.send(
        new PutItemCommand({ TableName: name, Item: { pk: { S: id }, sk: { S: 'CASE' }, data: { S: payload } } }),
      );
      await clients.sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ caseId: id }) }),
      );
      return performance.now() - started;
    });
    const seconds = (performance.now() - startedAt) / 1000;
    return { perSecond: count / seconds, seconds, latencies };
  } finally {
    await clients.dynamo.send(new DeleteTableCommand({ TableName: name })).catch(() => {});
    await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => {});
  }
}

type Submission = { status: number; referralId?: string; latencyMs: number; startedAtWall: number };

async function submitAll(
  target: LocalTarget,
  token: string,
  count: number,
  concurrency: number,
  offset: number,
): Promise<Submission[]> {
  return mapConcurrent(Array.from({ length: count }), concurrency, async (_, index) => {
    const body = JSON.stringify(benchReferral(target.catalogue, offset + index));
    const startedAtWall = Date.now();
    const started = performance.now();
    const response = await fetch(`${target.url}/v1/referrals`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body,
    });
    const text = await response.text();
    const latencyMs = performance.now() - started;
    const referralId = response.status === 202 ? (JSON.parse(text) as { referralId: string }).referralId : undefined;
    return { status: response.status, latencyMs, startedAtWall, ...(referralId === undefined ? {} : { referralId }) };
  });
}

type CaseState = { status: string; updatedAt: string };

/** Polls the case items (BatchGetItem) until none is `received` any more or the deadline passes. */
async function waitUntilRouted(
  clients: Clients,
  tableName: string,
  ids: readonly string[],
  timeoutMs: number,
): Promise<Map<string, CaseState>> {
  const states = new Map<string, CaseState>();
  const pending = new Set(ids);
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0 && Date.now() < deadline) {
    const batch = [...pending];
    for (let start = 0; start < batch.length; start += 100) {
      let keys: Record<string, unknown>[] = batch.slice(start, start + 100).map((id) => ({ ...caseKey(id) }));
      while (keys.length > 0) {
        const result = await clients.documents.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: keys,
                ProjectionExpression: 'pk, #status, updatedAt',
                ExpressionAttributeNames: { '#status': 'status' },
              },
            },
          }),
        );
        for (const item of result.Responses?.[tableName] ?? []) {
          const id = String(item.pk).slice(casePartition('').length);
          const state = { status: String(item.status), updatedAt: String(item.updatedAt) };
          states.set(id, state);
          if (state.status !== 'received') pending.delete(id);
        }
        keys = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return states;
}

/** Case items created since `sinceIso` (a bench-only Scan: the system itself never scans). */
async function casesCreatedSince(clients: Clients, tableName: string, sinceIso: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await clients.documents.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :case AND createdAt >= :since',
        ExpressionAttributeValues: { ':case': caseKey('').sk, ':since': sinceIso },
        ProjectionExpression: 'pk',
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    for (const item of page.Items ?? []) ids.push(String(item.pk).slice(casePartition('').length));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return ids;
}

export async function endToEndSection(
  target: LocalTarget,
  options: { referrals: number; concurrency: number; warmup: number; timeoutMs: number },
): Promise<SectionResult> {
  const startedAt = performance.now();
  const clients = clientsFor(target);
  const { tableName } = target.resources;
  try {
    const token = await localToken(target, { role: 'referrer', institutionId: firstInstitution(target.catalogue) });
    // Warm-up of both paths (JIT in DynamoDB Local and the functions, connection pools), routed before measuring.
    await floorPairs(clients, target, options.warmup, options.concurrency);
    const warm = await submitAll(target, token, options.warmup, options.concurrency, 0);
    await waitUntilRouted(
      clients,
      tableName,
      warm.flatMap((entry) => (entry.referralId === undefined ? [] : [entry.referralId])),
      options.timeoutMs,
    );

    const floorCpuBefore = cpuSnapshot();
    const floor = await floorPairs(clients, target, options.referrals, options.concurrency);
    const floorCpuAfter = cpuSnapshot();
    const floorCores = coresUsed(floorCpuBefore, floorCpuAfter);
    const floorCpu = cpuPerUnit(floorCpuBefore, floorCpuAfter, options.referrals);

    const sinceIso = new Date().toISOString();
    const startWall = Date.now();
    const cpuBefore = cpuSnapshot();
    const submissions = await submitAll(target, token, options.referrals, options.concurrency, options.warmup);
    const intakeSeconds = (Date.now() - startWall) / 1000;
    const ids = submissions.flatMap((entry) => (entry.referralId === undefined ? [] : [entry.referralId]));
    const states = await waitUntilRouted(clients, tableName, ids, options.timeoutMs);
    const cpuAfter = cpuSnapshot();

    const done = ids.filter((id) => {
      const status = states.get(id)?.status;
      return status !== undefined && status !== 'received';
    });
    const routed = ids.filter((id) => states.get(id)?.status === 'routed').length;
    const escalated = ids.filter((id) => states.get(id)?.status === 'escalated').length;
    const lastDone = Math.max(...done.map((id) => Date.parse(states.get(id)?.updatedAt ?? '')));
    const seconds = (lastDone - startWall) / 1000;
    const perSecond = done.length === options.referrals ? options.referrals / seconds : 0;
    const stored = await casesCreatedSince(clients, tableName, sinceIso);
    const distinctIds = new Set(ids).size;
    const duplicates = stored.length - new Set(stored).size + (ids.length - distinctIds);
    const unknown = stored.filter((id) => !ids.includes(id)).length;
    const rejected = submissions.filter((entry) => entry.status !== 202);
    const intake = submissions.map((entry) => entry.latencyMs);
    const toRouted = submissions.flatMap((entry) => {
      const state = entry.referralId === undefined ? undefined : states.get(entry.referralId);
      return state === undefined || state.status === 'received'
        ? []
        : [Date.parse(state.updatedAt) - entry.startedAtWall];
    });
    const complete =
      rejected.length === 0 &&
      done.length === options.referrals &&
      stored.length === options.referrals &&
      duplicates === 0 &&
      unknown === 0;
    const throughputRatio = ratio(perSecond, floor.perSecond);
    const systemCores = coresUsed(cpuBefore, cpuAfter);
    const systemCpu = cpuPerUnit(cpuBefore, cpuAfter, options.referrals);

    const rows: Row[] = [
      {
        measure: `throughput, ${options.referrals} referrals at concurrency ${options.concurrency}, until routed`,
        figure: perSecond,
        floor: floor.perSecond,
        unit: '/s',
        ratio: throughputRatio,
        target: `≥ ${THROUGHPUT_TARGET}× floor`,
        verdict: verdict(complete && throughputRatio !== null && throughputRatio >= THROUGHPUT_TARGET),
      },
      {
        measure: 'intake latency p50 (POST through the gateway)',
        figure: median(intake),
        floor: median(floor.latencies),
        unit: 'ms',
        ratio: ratio(median(intake), median(floor.latencies)),
        verdict: 'INFO',
      },
      {
        measure: 'intake latency p99',
        figure: quantile(intake, 0.99),
        floor: quantile(floor.latencies, 0.99),
        unit: 'ms',
        ratio: ratio(quantile(intake, 0.99), quantile(floor.latencies, 0.99)),
        verdict: 'INFO',
      },
      {
        measure: 'submitted → routed p50 (case updatedAt − POST start)',
        figure: median(toRouted),
        floor: null,
        unit: 'ms',
        ratio: null,
        verdict: 'INFO',
      },
      {
        measure: 'submitted → routed p99',
        figure: quantile(toRouted, 0.99),
        floor: null,
        unit: 'ms',
        ratio: null,
        verdict: 'INFO',
      },
      {
        measure: `cases routed or escalated, one per submission (of ${options.referrals})`,
        figure: done.length,
        floor: null,
        unit: '',
        ratio: null,
        target: `all ${options.referrals}, no duplicate`,
        verdict: verdict(complete),
      },
    ];
    const notes = [
      `${options.warmup} warm-up referrals and pairs first (routed before measuring). Then the floor: ` +
        `${options.referrals} PutItem (a referral-sized item, scratch table) + SendMessage (scratch queue) pairs at ` +
        `concurrency ${options.concurrency} on the runtime's DynamoDB Local and fauxqs: ${floor.seconds.toFixed(1)} s.`,
      `System: ${options.referrals} POST /v1/referrals (bearer token from the local issuer, unique Idempotency-Key, ` +
        `served postal codes) at concurrency ${options.concurrency}; intake answered all in ${intakeSeconds.toFixed(1)} s; ` +
        `throughput = referrals ÷ (last case's updatedAt − first submission), read from the case items (BatchGetItem ` +
        `polling after intake, so polling does not load the run).`,
      `Outcome: ${routed} routed, ${escalated} escalated, ${options.referrals - done.length} not routed in time, ` +
        `${rejected.length} rejected${rejected.length > 0 ? ` (statuses ${[...new Set(rejected.map((entry) => entry.status))].join(', ')})` : ''}; ` +
        `${stored.length} case items created in the run, ${duplicates} duplicated, ${unknown} not answered to a submission.`,
      `CPU during the floor: ${describeCores(floorCores)}.`,
      `CPU during the system run: ${describeCores(systemCores)}.`,
      `${describeCpuPerUnit(systemCpu, 'referral (submitted to routed)')}; ${describeCpuPerUnit(floorCpu, 'floor pair')}. ` +
        (systemCpu !== undefined && floorCpu !== undefined && floor.perSecond > 0
          ? `At these costs alone the ratio could reach at most ${(systemCpu.ceilingPerSecond / floor.perSecond).toFixed(2)}× ` +
            `the floor's measured rate on this machine.`
          : ''),
    ];
    if (!complete || throughputRatio === null || throughputRatio < THROUGHPUT_TARGET) {
      notes.push(
        `Target not met. Measured stage rates: intake accepted ${(options.referrals / intakeSeconds).toFixed(1)}/s ` +
          `(p50 ${median(intake).toFixed(0)} ms through the gateway against ${median(floor.latencies).toFixed(0)} ms ` +
          `for a floor pair), routing completed ${perSecond.toFixed(1)}/s (submitted → routed p50 ` +
          `${(median(toRouted) / 1000).toFixed(1)} s). Routing keeps up when submitted → routed stays near a second: ` +
          'the local mapping scales its concurrent batches with the backlog up to the router’s maximum ' +
          '(infra/local/sqs-poller.ts) and the router works a batch’s records at once; then intake (the gateway, its ' +
          'local environments, DynamoDB Local) limits the run. The CPU split is above.',
      );
    }
    return {
      id: '4',
      title: 'End to end on the local runtime',
      floor: `raw PutItem + SendMessage pairs at the same concurrency against the same DynamoDB Local and fauxqs`,
      rows,
      notes,
      details: {
        referrals: options.referrals,
        concurrency: options.concurrency,
        floor: {
          perSecond: floor.perSecond,
          seconds: floor.seconds,
          p50: median(floor.latencies),
          p99: quantile(floor.latencies, 0.99),
        },
        system: {
          perSecond,
          seconds,
          intakeSeconds,
          intakeP50: median(intake),
          intakeP99: quantile(intake, 0.99),
          toRoutedP50: median(toRouted),
          toRoutedP99: quantile(toRouted, 0.99),
          routed,
          escalated,
          rejected: rejected.length,
          stored: stored.length,
          duplicates,
        },
        cpuCores: { floor: floorCores, system: systemCores },
        cpuMsPerUnit: { floor: floorCpu, system: systemCpu },
      },
      durationMs: Math.round(performance.now() - startedAt),
    };
  } finally {
    clients.destroy();
  }
}
