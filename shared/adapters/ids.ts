// Case ids: opaque, sortable by creation time, collision-safe (ULID layout: 48-bit ms time + 80 random bits).
import { randomBytes } from 'node:crypto';

import type { IdGenerator } from '#application/ports.ts';

// Crockford base32: no I, L, O, U, so ids are unambiguous when read out on the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_BYTES = 10;

function encodeTime(ms: number): string {
  let value = ms;
  let out = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET.charAt(value % 32) + out;
    value = Math.floor(value / 32);
  }
  return out;
}

// 80 random bits as 16 base32 characters (5 bits each), read off a BigInt to avoid bit fiddling across bytes.
function encodeRandom(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = ALPHABET.charAt(Number(value & 31n)) + out;
    value >>= 5n;
  }
  return out;
}

/** An id generator over a clock; ids of later milliseconds sort after earlier ones. */
export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  return { next: () => encodeTime(now()) + encodeRandom(randomBytes(RANDOM_BYTES)) };
}
