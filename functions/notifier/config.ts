// The notifier's environment: the table (catalogue, case status), its own queue (to back off) and the webhook secret.
import * as z from 'zod';
import { runtimeEnvironment } from '#runtime/config.ts';

const required = z.string().trim().min(1);

export const notifierConfigSchema = z.object({
  TABLE_NAME: required,
  MUNICIPALITY_ID: required,
  STAGE: required,
  /** The queue this function consumes; ChangeMessageVisibility on it delays the retry of a failed delivery. */
  NOTIFICATION_QUEUE_URL: required,
  /** The deployment's webhook secret (its ARN): every office's signing secret is derived from it. */
  WEBHOOK_SECRET_ARN: required,
  /** `local`: webhook receivers on loopback are reached over http (see runtimeEnvironment). */
  ...runtimeEnvironment,
});
