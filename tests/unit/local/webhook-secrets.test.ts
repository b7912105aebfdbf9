// The offices' webhook secrets in the local runtime: the webhook secret is the one the functions are given as
// WEBHOOK_SECRET_ARN, its master key random or LOTSE_WEBHOOK_KEY, and each office's secret derived as the notifier
// derives it.
import { describe, expect, it } from 'vitest';
import { deriveOfficeWebhookSecret } from '#domain/webhook-keys.ts';
import type { FunctionModel } from '#infra/local/app-model.ts';
import {
  InvalidWebhookKey,
  officeWebhookSecrets,
  webhookKeyFromEnvironment,
  webhookSecretArns,
} from '#infra/local/webhook-secrets.ts';

const ARN = 'arn:aws:secretsmanager:eu-central-1:000000000000:secret:WebhookSecret1234ABCD-AbCdEf';
const KEY = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

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

describe('the local webhook secret', () => {
  it('is the secret the functions carry as WEBHOOK_SECRET_ARN', () => {
    const functions = [
      fn('intake', { TABLE_NAME: 't', BODY_HASH_SECRET_ARN: 'arn:body' }),
      fn('notifier', { WEBHOOK_SECRET_ARN: ARN }),
    ];

    expect(webhookSecretArns(functions)).toEqual([ARN]);
    expect(webhookSecretArns([fn('intake', { TABLE_NAME: 't' })])).toEqual([]);
  });

  it('takes its master key from LOTSE_WEBHOOK_KEY, or none for a random one', () => {
    expect(webhookKeyFromEnvironment({ LOTSE_WEBHOOK_KEY: KEY })).toBe(KEY);
    expect(webhookKeyFromEnvironment({})).toBeUndefined();
    expect(webhookKeyFromEnvironment({ LOTSE_WEBHOOK_KEY: '' })).toBeUndefined();
  });

  it.each([
    ['too short', 'a'.repeat(31)],
    ['punctuation', `${KEY.slice(0, 40)}!`],
    ['white space', ` ${KEY}`],
  ])('refuses a LOTSE_WEBHOOK_KEY with %s, without repeating it', (_case, key) => {
    const attempt = () => webhookKeyFromEnvironment({ LOTSE_WEBHOOK_KEY: key });

    expect(attempt).toThrow(InvalidWebhookKey);
    expect(attempt).toThrow(/^LOTSE_WEBHOOK_KEY must be at least 32 letters and digits/);
    expect(attempt).not.toThrow(key.trim().slice(0, 20));
  });

  it.each(['LOTSE_WEBHOOK_SECRETS', 'LOTSE_WEBHOOK_SECRETS_FILE'])(
    'refuses the per-office secrets of earlier versions (%s) by name instead of ignoring them',
    (variable) => {
      expect(() => webhookKeyFromEnvironment({ [variable]: '{"fb-nord":"whsec_x"}' })).toThrow(
        new RegExp(`^${variable} is no longer read: .*LOTSE_WEBHOOK_KEY`),
      );
    },
  );

  it("lists each office's secret derived from the current value, with the office's generation", () => {
    const value = JSON.stringify({ generations: { 'fb-ost': 2 }, key: KEY });

    expect(officeWebhookSecrets(value, ['fb-nord', 'fb-ost'])).toEqual({
      'fb-nord': deriveOfficeWebhookSecret(KEY, 'fb-nord', 1),
      'fb-ost': deriveOfficeWebhookSecret(KEY, 'fb-ost', 2),
    });
  });

  it('lists none when the value is missing or malformed', () => {
    expect(officeWebhookSecrets(undefined, ['fb-nord'])).toEqual({});
    expect(officeWebhookSecrets('{"key":"short"}', ['fb-nord'])).toEqual({});
  });
});
