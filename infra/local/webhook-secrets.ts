// The offices' webhook signing secrets in the local runtime: derived, as the notifier derives them, from the
// deployment's webhook secret (the stacks' generated secret whose ARN the notifier gets as WEBHOOK_SECRET_ARN). Its
// master key is random per start unless LOTSE_WEBHOOK_KEY fixes it, so that a receiver's secrets survive a restart.
import { officeWebhookSecret, readWebhookMasterSecret, WEBHOOK_MASTER_KEY_MIN_LENGTH } from '#domain/webhook-keys.ts';
import type { FunctionModel } from './app-model.ts';

export const WEBHOOK_SECRET_VARIABLE = 'WEBHOOK_SECRET_ARN';

export class InvalidWebhookKey extends Error {}

const MASTER_KEY = new RegExp(`^[A-Za-z0-9]{${WEBHOOK_MASTER_KEY_MIN_LENGTH},}$`);

/** The ARNs of the webhook secret the functions are given (normally one: the notifier's). */
export function webhookSecretArns(functions: readonly FunctionModel[]): string[] {
  const arns = functions
    .map((fn) => fn.environment[WEBHOOK_SECRET_VARIABLE])
    .filter((arn): arn is string => typeof arn === 'string' && arn !== '');
  return [...new Set(arns)];
}

/**
 * `LOTSE_WEBHOOK_KEY`: the master key of the local webhook secret (letters and digits, at least 32), or undefined for
 * a random one. The per-office secrets of earlier versions (LOTSE_WEBHOOK_SECRETS, LOTSE_WEBHOOK_SECRETS_FILE) are
 * refused by name rather than silently ignored. Error messages never repeat a value.
 */
export function webhookKeyFromEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  for (const old of ['LOTSE_WEBHOOK_SECRETS', 'LOTSE_WEBHOOK_SECRETS_FILE']) {
    if (env[old] !== undefined && env[old] !== '') {
      throw new InvalidWebhookKey(
        `${old} is no longer read: every office's secret is derived from one key; set LOTSE_WEBHOOK_KEY instead ` +
          "(make one with: openssl rand -hex 32) and read the offices' secrets from /_local/resources",
      );
    }
  }
  const key = env.LOTSE_WEBHOOK_KEY;
  if (key === undefined || key === '') return undefined;
  return checkedWebhookKey(key, 'LOTSE_WEBHOOK_KEY');
}

export function checkedWebhookKey(key: string, source: string): string {
  if (!MASTER_KEY.test(key)) {
    throw new InvalidWebhookKey(
      `${source} must be at least ${WEBHOOK_MASTER_KEY_MIN_LENGTH} letters and digits (make one with: openssl rand -hex 32)`,
    );
  }
  return key;
}

/**
 * Each office's current signing secret under the secret's value (`{"key":…,"generations":…}`); none when there is
 * no value or it is malformed (the notifier then fails its deliveries with WebhookSecretMissing).
 */
export function officeWebhookSecrets(value: string | undefined, officeIds: readonly string[]): Record<string, string> {
  if (value === undefined) return {};
  const reading = readWebhookMasterSecret(value);
  if (!reading.ok) return {};
  return Object.fromEntries(officeIds.map((officeId) => [officeId, officeWebhookSecret(reading.secret, officeId)]));
}
