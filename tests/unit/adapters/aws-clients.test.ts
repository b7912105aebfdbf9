// SDK clients built on their first request: nothing is constructed at cold start, one client serves every request.
import { describe, expect, it, vi } from 'vitest';
import { builtOnFirstSend } from '#adapters/aws-clients.ts';

class FakeClient {
  readonly sent: unknown[] = [];
  async send(command: { name: string }): Promise<string> {
    this.sent.push(command);
    return `answer to ${command.name}`;
  }
}

describe('builtOnFirstSend', () => {
  it('builds no client until the first request', () => {
    const build = vi.fn(() => new FakeClient());

    builtOnFirstSend(build);

    expect(build).not.toHaveBeenCalled();
  });

  it('builds the client once and sends every request through it, answering what the client answers', async () => {
    const clients: FakeClient[] = [];
    const build = vi.fn(() => {
      const client = new FakeClient();
      clients.push(client);
      return client;
    });
    const lazy = builtOnFirstSend(build);

    await expect(lazy.send({ name: 'first' })).resolves.toBe('answer to first');
    await expect(lazy.send({ name: 'second' })).resolves.toBe('answer to second');

    expect(build).toHaveBeenCalledTimes(1);
    expect(clients[0]?.sent).toEqual([{ name: 'first' }, { name: 'second' }]);
  });
});
