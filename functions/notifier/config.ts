// The notifier's environment: the table (catalogue, case status), its own queue (to back off) and the webhook secret.
import { requiredVariable, runtimeEnvironment } from '#runtime/config.ts';

export const notifierConfigSchema = {
  TABLE_NAME: requiredVariable,
  MUNICIPALITY_ID: requiredVariable,
  STAGE: requiredVariable,
  /** The queue this function consumes; ChangeMessageVisibility on it delays the retry of a failed delivery. */
  NOTIFICATION_QUEUE_URL: requiredVariable,
  /** The deployment's webhook secret (its ARN): every office's signing secret is derived from it. */
  WEBHOOK_SECRET_ARN: requiredVariable,
  /** `local`: webhook receivers on loopback are reached over http (see runtimeEnvironment). */
  ...runtimeEnvironment,
};
