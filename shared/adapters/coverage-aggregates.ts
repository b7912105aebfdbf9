// The coverage counts as stored: attribute names, the counter shard of a case, and one atomic ADD on the case's profile
// for what a case change counts (the rules of what it counts: domain/coverage-counts.ts).
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CoverageIncrement } from '#domain/coverage-counts.ts';
import { COVERAGE_SHARDS, coverageKey } from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const HISTOGRAM_PREFIX = 'firstActionHours_';

/** The attribute of one first-action histogram bucket (`firstActionHours_24`, `firstActionHours_inf`). */
export function histogramAttribute(bucket: string): string {
  return `${HISTOGRAM_PREFIX}${bucket}`;
}

/** The bucket of a histogram attribute name, or undefined for another attribute. */
export function bucketOfAttribute(attribute: string): string | undefined {
  return attribute.startsWith(HISTOGRAM_PREFIX) ? attribute.slice(HISTOGRAM_PREFIX.length) : undefined;
}

/** A stable shard from the case id (FNV-1a), so a case's later counts land on the item its first count did. */
export function coverageShardOf(caseId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < caseId.length; index += 1) {
    hash = Math.imul(hash ^ caseId.charCodeAt(index), 0x01000193) >>> 0;
  }
  return hash % COVERAGE_SHARDS;
}

/** The attributes an increment adds one to in each cell. */
function incrementedAttributes(increment: CoverageIncrement): string[] {
  const bucket = increment.firstActionBucket;
  return [...increment.counts, ...(bucket !== undefined ? [histogramAttribute(bucket)] : [])];
}

/**
 * One ADD on the case's profile, in the case's shard of the day partition (the first ADD creates the item), however
 * many cells the case counts in. Never conditional: the counts change with the case's transaction or not at all.
 */
export function coverageUpdate(tableName: string, caseId: string, increment: CoverageIncrement): TransactItem {
  const attributes = incrementedAttributes(increment);
  const names = Object.fromEntries(attributes.map((attribute, i) => [`#c${i}`, attribute]));
  const adds = attributes.map((_, i) => `#c${i} :one`).join(', ');
  return {
    Update: {
      TableName: tableName,
      Key: coverageKey(increment.day, increment.profile, coverageShardOf(caseId)),
      UpdateExpression: `ADD ${adds}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}
