// Which webhook secrets the local runtime serves: names from the template's prefix, values given or random.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FunctionModel } from '#infra/local/app-model.ts';
import {
  InvalidWebhookSecrets,
  parseWebhookSecrets,
  webhookSecretPrefixes,
  webhookSecrets,
  webhookSecretsFromEnvironment,
} from '#infra/local/webhook-secrets.ts';

const PREFIX = 'lotse/musterstadt/dev/webhook/';

function fn(name: string, environment: Record<string, string>): FunctionModel {
  return {
    name,
    arn: `arn:aws:lambda:eu-central-1:000000000000:function:${name}`,
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    timeoutSeconds: 3,
    memorySize: 128,
    environment,
    codeDirectory: '/nowhere',
  };
}

describe('webhook secrets', () => {
  it('takes the secret name prefix from the functions that carry WEBHOOK_SECRET_PREFIX', () => {
    const functions = [fn('intake', { TABLE_NAME: 't' }), fn('notifier', { WEBHOOK_SECRET_PREFIX: PREFIX })];

    expect(webhookSecretPrefixes(functions)).toEqual([PREFIX]);
  });

  it('serves none when no function names a prefix', () => {
    const secrets = webhookSecrets([], ['fb-nord'], { 'fb-nord': 'given' });

    expect([secrets.byOffice, secrets.byName.size]).toEqual([{}, 0]);
  });

  it('names each secret <prefix><officeId> and keeps a given value', () => {
    const secrets = webhookSecrets([PREFIX], ['fb-nord'], { 'fb-nord': 'given' });

    expect([...secrets.byName]).toEqual([[`${PREFIX}fb-nord`, 'given']]);
  });

  it('gives every office without a value its own random 32-byte hex secret', () => {
    const secrets = webhookSecrets([PREFIX], ['fb-nord', 'fb-sued'], { 'fb-nord': 'given' });

    expect(secrets.byOffice['fb-sued']).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookSecrets([PREFIX], ['fb-sued']).byOffice['fb-sued']).not.toBe(secrets.byOffice['fb-sued']);
  });

  it('reads LOTSE_WEBHOOK_SECRETS before LOTSE_WEBHOOK_SECRETS_FILE', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lotse-secrets-')), 'secrets.json');
    writeFileSync(file, '{"fb-nord":"from-file"}');

    expect([
      webhookSecretsFromEnvironment({
        LOTSE_WEBHOOK_SECRETS: '{"fb-nord":"inline"}',
        LOTSE_WEBHOOK_SECRETS_FILE: file,
      }),
      webhookSecretsFromEnvironment({ LOTSE_WEBHOOK_SECRETS_FILE: file }),
      webhookSecretsFromEnvironment({}),
    ]).toEqual([{ 'fb-nord': 'inline' }, { 'fb-nord': 'from-file' }, undefined]);
  });

  it('rejects a secrets document that is not a map of non-empty strings, naming its source', () => {
    for (const text of ['not json', '["a"]', '{"fb-nord":""}', '{"fb-nord":42}']) {
      expect(() => parseWebhookSecrets(text, 'LOTSE_WEBHOOK_SECRETS')).toThrow(InvalidWebhookSecrets);
    }
    expect(() => parseWebhookSecrets('[]', 'LOTSE_WEBHOOK_SECRETS')).toThrow(/LOTSE_WEBHOOK_SECRETS/);
  });
});
