// The clock port and its system implementation; use cases get time only through it, so tests can fix it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
