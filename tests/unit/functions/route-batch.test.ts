// The router's batch: records routed at once, each case exactly once, a failing record reported alone.
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RouteCasePorts, routeCase } from '#application/router/route-case.ts';
import { DEFAULT_RESPONSE_DEADLINE_DAYS } from '#domain/working-days.ts';
import { logger } from '#runtime/logger.ts';
import { processSqsBatch } from '#runtime/sqs-batch.ts';
import { receivedCase } from './case-fixtures.ts';
import { catalogueSource, fixedClock, InMemoryCases, InMemoryNotifications } from './fakes.ts';

let cases: InMemoryCases;
let notifications: InMemoryNotifications;
let ports: RouteCasePorts;

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

beforeEach(() => {
  cases = new InMemoryCases();
  notifications = new InMemoryNotifications();
  ports = {
    cases,
    catalogue: catalogueSource(),
    clock: fixedClock(),
    deadlineDays: DEFAULT_RESPONSE_DEADLINE_DAYS,
    notifications,
  };
});

function batch(...caseIds: string[]): SQSEvent {
  return {
    Records: caseIds.map(
      (caseId, index) =>
        ({
          messageId: `m-${index}`,
          body: JSON.stringify({ caseId }),
          attributes: { ApproximateReceiveCount: '1' },
        }) as unknown as SQSRecord,
    ),
  };
}

const caseOf = (record: SQSRecord) => (JSON.parse(record.body) as { caseId: string }).caseId;
const route = (record: SQSRecord) => routeCase(ports, caseOf(record));
const routedEvents = (caseId: string) => (cases.events.get(caseId) ?? []).filter((event) => event.type === 'routed');

function storeCases(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const record = receivedCase({ id: `CASE-${index}` });
    cases.store(record);
    return record.id;
  });
}

describe('the router batch in parallel', () => {
  it('routes every case of the batch once', async () => {
    const ids = storeCases(5);

    const result = await processSqsBatch(batch(...ids), route, { inParallel: true, orderingKey: caseOf });

    expect(result.batchItemFailures).toEqual([]);
    for (const id of ids) expect(routedEvents(id)).toHaveLength(1);
    expect(notifications.sent.map((message) => message.caseId).sort()).toEqual([...ids].sort());
  });

  it('routes a case named twice in one batch once, whether or not its records are kept in order', async () => {
    for (const orderingKey of [caseOf, undefined]) {
      cases = new InMemoryCases();
      notifications = new InMemoryNotifications();
      ports = { ...ports, cases, notifications };
      const [id = '', other = ''] = storeCases(2);
      const outcomes: string[] = [];

      const result = await processSqsBatch(
        batch(id, other, id),
        async (record) => outcomes.push((await route(record)).kind),
        { inParallel: true, ...(orderingKey === undefined ? {} : { orderingKey }) },
      );

      expect(result.batchItemFailures).toEqual([]);
      expect(routedEvents(id)).toHaveLength(1);
      expect(cases.cases.get(id)).toMatchObject({ status: 'routed', version: 2 });
      expect(notifications.sent.filter((message) => message.caseId === id)).toHaveLength(1);
      expect(outcomes.sort()).toEqual(['already-handled', 'routed', 'routed']);
    }
  });

  it('reports only the record whose routing failed; the others are routed', async () => {
    const [first = '', second = '', third = ''] = storeCases(3);
    const failing = new Set([second]);

    const result = await processSqsBatch(
      batch(first, second, third),
      async (record) => {
        if (failing.has(caseOf(record))) throw new Error('DynamoDB unavailable');
        return route(record);
      },
      { inParallel: true, orderingKey: caseOf },
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(routedEvents(first)).toHaveLength(1);
    expect(routedEvents(third)).toHaveLength(1);
    expect(cases.cases.get(second)).toMatchObject({ status: 'received' });
  });
});
