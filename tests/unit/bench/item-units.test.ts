import { describe, expect, it } from 'vitest';
import { itemSize, transactionalItemUnits, type WireItem } from '../../bench/item-units.ts';

describe('item sizes as DynamoDB counts them', () => {
  it('adds attribute names and values: strings by UTF-8 bytes, numbers by digits, flags as one byte', () => {
    expect(itemSize({ pk: { S: 'CASE#1' } })).toBe(2 + 6);
    expect(itemSize({ name: { S: 'Müller' } })).toBe(4 + 7);
    expect(itemSize({ version: { N: '12345' } })).toBe(7 + 4);
    expect(itemSize({ ok: { BOOL: true }, gone: { NULL: true } })).toBe(2 + 1 + 4 + 1);
  });

  it('adds 3 bytes per list or map and 1 byte per element', () => {
    expect(itemSize({ l: { L: [{ S: 'ab' }, { S: 'c' }] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemSize({ m: { M: { key: { S: 'v' } } } })).toBe(1 + 3 + 1 + 3 + 1);
  });

  it('counts two units per started kilobyte of the larger of before and after, at least two', () => {
    const ofSize = (bytes: number): WireItem => ({ d: { S: 'x'.repeat(bytes - 1) } });

    expect(transactionalItemUnits(undefined, ofSize(100))).toBe(2);
    expect(transactionalItemUnits(ofSize(1024), undefined)).toBe(2);
    expect(transactionalItemUnits(ofSize(1025), ofSize(200))).toBe(4);
    expect(transactionalItemUnits(ofSize(200), ofSize(2800))).toBe(6);
    expect(transactionalItemUnits(undefined, undefined)).toBe(2);
  });
});
