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
const GIVEN = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
const OTHER = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;

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
    const secrets = webhookSecrets([], ['fb-nord'], { 'fb-nord': GIVEN });

    expect([secrets.byOffice, secrets.byName.size]).toEqual([{}, 0]);
  });

  it('names each secret <prefix><officeId> and keeps a given value', () => {
    const secrets = webhookSecrets([PREFIX], ['fb-nord'], { 'fb-nord': GIVEN });

    expect([...secrets.byName]).toEqual([[`${PREFIX}fb-nord`, GIVEN]]);
  });

  it('gives every office without a value its own random whsec_ secret of 32 bytes', () => {
    const secrets = webhookSecrets([PREFIX], ['fb-nord', 'fb-sued'], { 'fb-nord': GIVEN });

    expect(secrets.byOffice['fb-sued']).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secrets.byOffice['fb-sued']?.slice(6) ?? '', 'base64')).toHaveLength(32);
    expect(webhookSecrets([PREFIX], ['fb-sued']).byOffice['fb-sued']).not.toBe(secrets.byOffice['fb-sued']);
  });

  it('reads LOTSE_WEBHOOK_SECRETS before LOTSE_WEBHOOK_SECRETS_FILE', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lotse-secrets-')), 'secrets.json');
    writeFileSync(file, JSON.stringify({ 'fb-nord': OTHER }));

    expect([
      webhookSecretsFromEnvironment({
        LOTSE_WEBHOOK_SECRETS: JSON.stringify({ 'fb-nord': GIVEN }),
        LOTSE_WEBHOOK_SECRETS_FILE: file,
      }),
      webhookSecretsFromEnvironment({ LOTSE_WEBHOOK_SECRETS_FILE: file }),
      webhookSecretsFromEnvironment({}),
    ]).toEqual([{ 'fb-nord': GIVEN }, { 'fb-nord': OTHER }, undefined]);
  });

  it('rejects a secrets document that is not a map of non-empty strings, naming its source', () => {
    for (const text of ['not json', '["a"]', '{"fb-nord":""}', '{"fb-nord":42}']) {
      expect(() => parseWebhookSecrets(text, 'LOTSE_WEBHOOK_SECRETS')).toThrow(InvalidWebhookSecrets);
    }
    expect(() => parseWebhookSecrets('[]', 'LOTSE_WEBHOOK_SECRETS')).toThrow(/LOTSE_WEBHOOK_SECRETS/);
  });

  it('rejects a secret that is not a whsec_ value, naming the office but not the value', () => {
    const hex = 'c0ffee'.repeat(11);
    const short = `whsec_${Buffer.alloc(16, 3).toString('base64')}`;
    for (const secret of [hex, short, 'whsec_not-base64']) {
      const attempt = () => parseWebhookSecrets(JSON.stringify({ 'fb-nord': secret }), 'LOTSE_WEBHOOK_SECRETS');
      expect(attempt).toThrow(InvalidWebhookSecrets);
      const message = (() => {
        try {
          attempt();
        } catch (error) {
          return (error as Error).message;
        }
        return '';
      })();
      expect(message).toMatch(/^LOTSE_WEBHOOK_SECRETS: the secret of office fb-nord must /);
      expect(message).not.toContain(secret.slice(-10));
    }
    expect(parseWebhookSecrets(JSON.stringify({ 'fb-nord': GIVEN }), 'LOTSE_WEBHOOK_SECRETS')).toEqual({
      'fb-nord': GIVEN,
    });
  });
});
