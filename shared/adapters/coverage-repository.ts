// Reads the coverage aggregates: one Query per day partition in the range (never a Scan), and the monthly
// child-protection counters with one Query.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CoverageAggregates } from '#application/ports.ts';
import type { InstitutionType, LifePhase, NeedCode } from '#domain/codes.ts';
import { COVERAGE_COUNTS, type CoverageDayRow } from '#domain/coverage.ts';
import { cellsOfProfile } from '#domain/coverage-counts.ts';
import { bucketOfAttribute } from './coverage-aggregates.ts';
import { CHILD_PROTECTION_PARTITION, coveragePartition, coverageProfileOfSortKey } from './keys.ts';
import { queryAll } from './query-pages.ts';

/** Day partitions read at the same time: a 366-day report is 366 small Queries. */
const QUERY_CONCURRENCY = 16;
const DAY_MS = 86_400_000;

/** Every `YYYY-MM-DD` from `fromDay` to `toDay`, both included (UTC calendar days). */
export function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${toDay}T00:00:00Z`);
  for (let at = Date.parse(`${fromDay}T00:00:00Z`); at <= end; at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The rows of one profile item: its counts in each of its cells. Aggregate items are only written by the case
 * repository from typed profiles, so their codes are sound.
 */
function toDayRows(day: string, item: Record<string, unknown>): CoverageDayRow[] {
  const profile = coverageProfileOfSortKey(String(item.sk));
  if (!profile) return [];
  const counts: Partial<Record<(typeof COVERAGE_COUNTS)[number], number>> = {};
  for (const count of COVERAGE_COUNTS) if (item[count] !== undefined) counts[count] = Number(item[count]);
  const histogram: Record<string, number> = {};
  for (const [attribute, value] of Object.entries(item)) {
    const bucket = bucketOfAttribute(attribute);
    if (bucket !== undefined) histogram[bucket] = Number(value);
  }
  const cells = cellsOfProfile({
    districtId: profile.districtId,
    institutionType: profile.institutionType as InstitutionType,
    phases: profile.phases as LifePhase[],
    needs: profile.needs as NeedCode[],
  });
  return cells.map((cell) => ({
    day,
    ...cell,
    ...counts,
    ...(Object.keys(histogram).length > 0 ? { firstActionHours: { ...histogram } } : {}),
  }));
}

export function createCoverageRepository(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): CoverageAggregates {
  const { client, tableName } = options;

  async function readDay(day: string): Promise<CoverageDayRow[]> {
    const items = await queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': coveragePartition(day) },
      },
      { operation: 'Query coverage' },
    );
    return items.flatMap((item) => toDayRows(day, item));
  }

  return {
    async rowsBetween(fromDay, toDay) {
      const days = daysBetween(fromDay, toDay);
      const rows: CoverageDayRow[][] = new Array(days.length);
      let next = 0;
      const worker = async () => {
        for (let index = next++; index < days.length; index = next++) {
          rows[index] = await readDay(days[index] as string);
        }
      };
      await Promise.all(Array.from({ length: Math.min(QUERY_CONCURRENCY, days.length) }, worker));
      return rows.flat();
    },

    async childProtectionRefusals(fromMonth, toMonth) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': CHILD_PROTECTION_PARTITION, ':from': fromMonth, ':to': toMonth },
        },
        { operation: 'Query child-protection counters' },
      );
      return items.map((item) => ({ month: String(item.sk), count: Number(item.count) }));
    },
  };
}
