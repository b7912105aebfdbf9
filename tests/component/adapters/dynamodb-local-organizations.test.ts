// The catalogue repository as the directory every referrer's and office's request asks (is the organization still in
// the catalogue?), on DynamoDB Local: what it reads per request, and how long a removed organization is still let in.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createCatalogueRepository,
  KNOWN_ORGANIZATION_REFRESH_MS,
  KNOWN_ORGANIZATION_TTL_MS,
} from '#adapters/catalogue-repository.ts';
import { type LocalTable, startLocalTable } from './local-table.ts';

let table: LocalTable | undefined;

beforeAll(async () => {
  table = await startLocalTable('lotse-organizations-test');
}, 90_000);

afterAll(() => table?.stop());

let unique = 0;
const newId = (name: string) => `${name}-${++unique}`;

/** One function instance's repository, with its own clock, counting the commands it sends by name. */
function instance() {
  if (!table) throw new Error('DynamoDB Local did not start');
  const { client, tableName } = table;
  const sent: string[] = [];
  const counting = {
    send: (command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      return client.send(command as never);
    },
  } as unknown as DynamoDBDocumentClient;
  const clock = { ms: Date.parse('2026-11-20T10:00:00Z') };
  const repository = createCatalogueRepository({ client: counting, tableName, nowMs: () => clock.ms });
  return { repository, sent, clock };
}

const office = (id: string) => ({ id, name: 'Familienbüro X', districts: ['nord'], email: 'x@teststadt.example' });

describe('the catalogue repository as the organization directory', () => {
  it('answers whether an office or institution is in the catalogue by one GetItem of its item', async () => {
    const { repository, sent } = instance();
    const id = newId('fb');
    await repository.put({ kind: 'office', entity: office(id) });
    sent.length = 0;

    const answers = [
      await repository.isRegistered('office', id),
      await repository.isRegistered('institution', id),
      await repository.isRegistered('office', newId('nobody')),
    ];

    expect(answers).toEqual([true, false, false]);
    expect(sent).toEqual(['GetCommand', 'GetCommand', 'GetCommand']);
  });

  it(`remembers a yes for ${KNOWN_ORGANIZATION_TTL_MS} ms, so a removal elsewhere shuts the door within that time`, async () => {
    const office1 = instance();
    const coordinator = instance();
    const id = newId('fb');
    await coordinator.repository.put({ kind: 'office', entity: office(id) });
    expect(await office1.repository.isRegistered('office', id)).toBe(true);
    office1.sent.length = 0;

    await coordinator.repository.remove('office', id, '2026-11-20T10:00:00.000Z');
    office1.clock.ms += KNOWN_ORGANIZATION_REFRESH_MS - 1;
    const withinTheTime = await office1.repository.isRegistered('office', id);
    office1.clock.ms += KNOWN_ORGANIZATION_TTL_MS - KNOWN_ORGANIZATION_REFRESH_MS + 1;
    const afterIt = await office1.repository.isRegistered('office', id);

    expect([withinTheTime, afterIt]).toEqual([true, false]);
    expect(office1.sent).toEqual(['GetCommand']);
  });

  it('reads a yes again beside the request once it is half as old: no caller waits, a removal is seen sooner', async () => {
    const office1 = instance();
    const coordinator = instance();
    const id = newId('fb');
    await coordinator.repository.put({ kind: 'office', entity: office(id) });
    expect(await office1.repository.isRegistered('office', id)).toBe(true);
    office1.sent.length = 0;
    await coordinator.repository.remove('office', id, '2026-11-20T10:00:00.000Z');
    office1.clock.ms += KNOWN_ORGANIZATION_REFRESH_MS;

    // Answered from memory at once, twice, while one read of the item runs beside them.
    const answers = [
      await office1.repository.isRegistered('office', id),
      await office1.repository.isRegistered('office', id),
    ];
    const sentBeside = [...office1.sent];
    // Once that read has seen the removal, the door is shut before the yes would have expired.
    await vi.waitFor(async () => expect(await office1.repository.isRegistered('office', id)).toBe(false));

    expect(answers).toEqual([true, true]);
    expect(sentBeside).toEqual(['GetCommand']);
    expect(office1.sent).toEqual(['GetCommand', 'GetCommand']);
  });

  it('never remembers a no: an organization created a moment later is let in at once', async () => {
    const { repository, sent } = instance();
    const id = newId('kita');

    const before = await repository.isRegistered('institution', id);
    await repository.put({ kind: 'institution', entity: { id, name: 'Kita X', type: 'kita' } });
    const after = await repository.isRegistered('institution', id);

    expect([before, after]).toEqual([false, true]);
    expect(sent.filter((name) => name === 'GetCommand')).toHaveLength(2);
  });

  it('forgets a yes at once when the same instance removes the organization', async () => {
    const { repository } = instance();
    const id = newId('kita');
    await repository.put({ kind: 'institution', entity: { id, name: 'Kita X', type: 'kita' } });
    expect(await repository.isRegistered('institution', id)).toBe(true);

    await repository.remove('institution', id, '2026-11-20T10:00:00.000Z');

    expect(await repository.isRegistered('institution', id)).toBe(false);
  });
});
