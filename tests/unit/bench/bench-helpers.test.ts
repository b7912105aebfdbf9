// The benchmark's own arithmetic: quantiles, ratios, consumed capacity parsing and option parsing.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { consumedCapacity } from '../../bench/cost.ts';
import { busiestOffice, functionTimes, splitTimes } from '../../bench/office-reads.ts';
import { cpuPerUnit, describeCpuPerUnit } from '../../bench/process-cpu.ts';
import { parseOptions } from '../../bench/run.ts';
import { quantile, ratio } from '../../bench/stats.ts';

describe('benchmark helpers', () => {
  it('takes quantiles by nearest rank, so p99 of 100 values is the 99th smallest', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);

    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile(values, 0.5)).toBe(50);
  });

  it('has no ratio without a positive floor', () => {
    expect(ratio(5, null)).toBeNull();
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(5, 2)).toBe(2.5);
  });

  it('sums consumed capacity over the list a transaction returns', () => {
    const body = Buffer.from(
      JSON.stringify({ ConsumedCapacity: [{ TableName: 't', CapacityUnits: 8 }, { CapacityUnits: 2 }] }),
    );

    expect(consumedCapacity(body)).toBe(10);
  });

  it('reads the single consumed capacity of an item request', () => {
    expect(consumedCapacity(Buffer.from(JSON.stringify({ ConsumedCapacity: { CapacityUnits: 0.5 } })))).toBe(0.5);
  });

  it('takes the size and sections from argv before the environment', () => {
    const options = parseOptions(['--size', 'smoke', '--sections=2,3'], { BENCH_SIZE: 'full' });

    expect(options.size).toBe('smoke');
    expect(options.sections).toEqual(['2', '3']);
  });

  it('knows section 8', () => {
    expect(parseOptions(['--sections', '8'], {}).sections).toEqual(['8']);
  });

  it('reads the office function’s own time per request id from its request lines, and nothing else', () => {
    const lines = [
      '[office] {"level":"DEBUG","message":"request completed","route":"GET /v1/cases","requestId":"a","durationMs":12.5}',
      '[office] {"level":"INFO","message":"case changed","requestId":"b","durationMs":99}',
      '[intake] {"level":"DEBUG","message":"request completed","requestId":"c","durationMs":7}',
      '[office] not json, request completed',
    ];

    expect([...functionTimes(lines)]).toEqual([['a', 12.5]]);
  });

  it('splits each answered request into the time inside the function and the rest, leaving out unmatched ones', () => {
    const requests = [
      { ms: 40, status: 200, bytes: 1, requestId: 'a' },
      { ms: 30, status: 200, bytes: 1, requestId: 'x' },
    ];

    expect(splitTimes(requests, new Map([['a', 12.5]]))).toEqual({ functionMs: [12.5], outsideMs: [27.5] });
  });

  it('seeds the office with the most postal codes, with all of them', () => {
    const catalogue = {
      offices: [
        { id: 'small', districts: ['d1'] },
        { id: 'big', districts: ['d2', 'd3'] },
      ],
      districts: [
        { id: 'd1', postalCodes: ['1'] },
        { id: 'd2', postalCodes: ['2', '3'] },
        { id: 'd3', postalCodes: ['4'] },
      ],
    } as unknown as Parameters<typeof busiestOffice>[0];

    expect(busiestOffice(catalogue)).toEqual({ officeId: 'big', postalCodes: ['2', '3', '4'] });
  });

  it('refuses an unknown size', () => {
    expect(() => parseOptions(['--size', 'huge'], {})).toThrow(/smoke or full/);
  });
});

describe('CPU per unit of work', () => {
  it('divides each label’s CPU time by the units and bounds the rate the cores could sustain', () => {
    const snapshot = (at: number, entries: [string, number][]) => ({
      at,
      byLabel: new Map(entries),
      machine: { busy: 0, total: 0 },
    });
    const before = snapshot(0, [
      ['DynamoDB Local (java)', 10],
      ['function intake', 2],
    ]);
    const after = snapshot(5_000, [
      ['DynamoDB Local (java)', 14],
      ['function intake', 3],
      ['function router', 1],
    ]);

    const cost = cpuPerUnit(before, after, 200);

    expect(cost?.byLabelMs).toEqual({ 'DynamoDB Local (java)': 20, 'function intake': 5, 'function router': 5 });
    expect(cost?.totalMs).toBe(30);
    expect(cost?.ceilingPerSecond).toBeCloseTo((os.cpus().length * 1000) / 30, 10);
    expect(describeCpuPerUnit(cost, 'referral')).toContain('CPU per referral: 30.0 ms (DynamoDB Local (java) 20.0');
    expect(cpuPerUnit(before, after, 0)).toBeUndefined();
  });
});
