// The "now" of POST /_local/ttl: the clock when absent, an RFC 3339 date-time when given, nothing else.
import { describe, expect, it } from 'vitest';
import { ttlSweepTime } from '#infra/local/gateway.ts';

const clock = () => new Date('2030-01-01T00:00:00Z');

describe('the time of a requested TTL sweep', () => {
  it('is the clock when the body is empty or has no "now"', () => {
    expect([ttlSweepTime(undefined, clock), ttlSweepTime({}, clock)]).toEqual([clock(), clock()]);
  });

  it('is the given RFC 3339 date-time, with fraction or offset', () => {
    expect([
      ttlSweepTime({ now: '2031-02-03T04:05:06.789Z' }, clock)?.toISOString(),
      ttlSweepTime({ now: '2031-02-03T06:05:06+02:00' }, clock)?.toISOString(),
    ]).toEqual(['2031-02-03T04:05:06.789Z', '2031-02-03T04:05:06.000Z']);
  });

  it('is refused for anything but an RFC 3339 date-time', () => {
    expect(
      [{ now: '2031-02-03' }, { now: 1_900_000_000 }, { now: '2031-13-03T04:05:06Z' }, [], 'now'].map((body) =>
        ttlSweepTime(body, clock),
      ),
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
