// How many execution environments the local runtime runs per function: as Lambda, one per concurrent request up to the
// function's reservation, under a local cap that covers the concurrency the benchmark reads at.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_INSTANCES, environmentsOf } from '#infra/local/runtime.ts';

describe('local execution environments per function', () => {
  it('lets eight concurrent requests each have an environment by default, as Lambda would', () => {
    expect(environmentsOf({ reservedConcurrency: 25 }, DEFAULT_MAX_INSTANCES)).toBe(8);
  });

  it('never runs more environments than the function reserves', () => {
    expect(environmentsOf({ reservedConcurrency: 2 }, DEFAULT_MAX_INSTANCES)).toBe(2);
  });

  it('takes the cap for a function without a reservation, and at least one environment', () => {
    expect(environmentsOf({}, 3)).toBe(3);
    expect(environmentsOf({ reservedConcurrency: 5 }, 0)).toBe(1);
  });
});
