// The notifier's environment: the table (catalogue, case status), its own queue (to back off) and the secret prefix.
import { requiredVariable, runtimeEnvironment } from '#runtime/config.ts';

export const notifierConfigSchema = {
  TABLE_NAME: requiredVariable,
  MUNICIPALITY_ID: requiredVariable,
  STAGE: requiredVariable,
  /** The queue this function consumes; ChangeMessageVisibility on it delays the retry of a failed delivery. */
  NOTIFICATION_QUEUE_URL: requiredVariable,
  /** `lotse/<municipality>/<stage>/webhook/`: the office id completes a secret's name. */
  WEBHOOK_SECRET_PREFIX: requiredVariable,
  /** `local`: webhook receivers on loopback are reached over http (see runtimeEnvironment). */
  ...runtimeEnvironment,
};
