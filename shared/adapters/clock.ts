// The clock port and its system implementation; use cases get time only through it, so tests can fix it.
import type { Clock } from '#application/ports.ts';

export const systemClock: Clock = { now: () => new Date() };
