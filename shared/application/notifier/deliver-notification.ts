/**
 * Use case: deliver one case notification to its office's webhook, signed; what a receiver must do is below.
 *
 * Webhooks (for the family offices' receivers)
 *
 * When a case routed to an office changes (types `case.routed`, `case.escalated`, `case.accepted`, `case.closed`,
 * `referral.withdrawn`) and the office has a `webhookUrl` in the catalogue, Lotse sends, as the Standard Webhooks
 * specification defines it,
 *
 *     POST <webhookUrl>
 *     content-type: application/json
 *     webhook-id: <caseId>:<seq>
 *     webhook-timestamp: <unix seconds of this attempt>
 *     webhook-signature: v1,<base64 HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<raw body>"> [v1,<…> during a rotation]
 *
 *     {"id":"<caseId>:<seq>","type":"case.routed","caseId":"<caseId>","occurredAt":"<RFC 3339 UTC>"}
 *
 * The body is id-only: no name, no contact, no detail of the case. Fetch the case with the office's own credentials
 * (`GET /v1/cases/{caseId}`) when you need more; its history, not the order of arrival, is the truth.
 *
 * Verifying a delivery: with any Standard Webhooks library, e.g. `new Webhook(secret).verify(rawBody, headers)` of
 * npm `standardwebhooks`, and the office's `whsec_…` secret (the base64 after `whsec_` decodes to the HMAC key). It
 * rejects a changed body, another secret and a timestamp more than 5 minutes from the receiver's clock (replays);
 * answer 401 then. Read the raw body bytes before any JSON parsing: the signature covers them exactly. The scheme is
 * spelled out in shared/domain/webhook-signature.ts.
 *
 * Rotation: after an operator rotates the office's secret (a new version of the deployment's one webhook secret, from
 * which each office's secret is derived: npm run webhook-secret), deliveries are signed with the new and the previous
 * secret for 24 hours from the new version's creation (shared/adapters/webhook-secrets.ts), so a receiver that knows
 * either one accepts them while the office switches.
 *
 * Where: an https URL whose host is public (webhook-url.ts); its name is resolved at every delivery and the delivery is
 * refused (a failed delivery, retried) when any address it resolves to is private, loopback, link-local, shared or
 * otherwise not public. The connection goes to the address that was checked.
 *
 * Answering and retries: answer 2xx within 5 seconds (queue your own work; do not process before answering).
 * Anything else — a non-2xx status, a redirect (never followed), no answer within 5 s, a connection failure — is a
 * failed delivery: Lotse retries after 30 s, then 60, 120, 240, 480 and 900 s (the last pause repeats), 8 attempts in
 * all; a message that fails all of them goes to a dead-letter queue that alarms the operators, who may redeliver it
 * later, even days later. Every attempt is signed afresh (new `webhook-timestamp`), with the same body and
 * `webhook-id`.
 *
 * Deduplicate by event id: delivery is at least once. The same event may arrive again (a retry after your answer
 * was lost, a re-published event, a redelivery from the dead-letter queue) and events of one case may arrive out of
 * order. Keep the ids you processed (at least 14 days) and answer 2xx to a repeat without acting on it again.
 *
 * After `referral.withdrawn` the family's personal data is erased: delete any copy you hold. Notifications of a
 * withdrawn case that are still waiting for delivery are dropped; one already on its way may arrive just after the
 * withdrawal, so ignore any later event for a case you know is withdrawn.
 */

import type { WebhookClient } from '#adapters/webhook-client.ts';
import { WebhookSecretMissing, type WebhookSecrets } from '#adapters/webhook-secrets.ts';
import type { CaseRepository, CatalogueSource, Clock } from '#application/ports.ts';
import { type NotificationMessage, notificationMessageSchema, webhookPayloadOf } from '#domain/domain-events.ts';
import { webhookHeaders } from '#domain/webhook-signature.ts';

export interface DeliverNotificationPorts {
  catalogue: CatalogueSource;
  cases: Pick<CaseRepository, 'get'>;
  secrets: WebhookSecrets;
  webhooks: WebhookClient;
  clock: Clock;
}

/**
 * delivered: the office's receiver answered 2xx. skipped: nothing to send (no office, no webhook, a withdrawn or
 * unknown case): the message is done. failed: the delivery must be retried later (the caller backs off).
 */
export type DeliveryOutcome =
  | { kind: 'delivered'; officeId: string; status: number }
  | { kind: 'skipped'; reason: 'no-office' | 'unknown-office' | 'no-webhook' | 'case-withdrawn' | 'case-missing' }
  | { kind: 'failed'; officeId: string; reason: 'rejected'; status: number }
  | { kind: 'failed'; officeId: string; reason: 'timeout' }
  | { kind: 'failed'; officeId: string; reason: 'network'; code?: string }
  | { kind: 'failed'; officeId: string; reason: 'secret-missing' }
  /** Lotse may not send to the URL or to what its host resolves to (`rule`: why, never the URL). */
  | { kind: 'failed'; officeId: string; reason: 'refused'; rule: string };

/** A queue message that is not a notification; its content is never echoed (it may be anything). */
export class MalformedNotification extends Error {
  constructor(problem: string) {
    super(`notification message ${problem}`);
    this.name = 'MalformedNotification';
  }
}

export function parseNotificationMessage(body: string): NotificationMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedNotification('is not JSON');
  }
  const result = notificationMessageSchema().safeParse(parsed);
  if (!result.success) {
    // Paths only, never values: enough to find the publisher's bug.
    const paths = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
    throw new MalformedNotification(`is invalid at ${paths.join(', ')}`);
  }
  return result.data;
}

const FIRST_RETRY_SECONDS = 30;
const MAX_RETRY_SECONDS = 900;

/** Pause before attempt `receiveCount + 1`: min(30·2^(receiveCount−1), 900) seconds. */
export function redeliveryDelaySeconds(receiveCount: number): number {
  const attempt = Number.isFinite(receiveCount) && receiveCount >= 1 ? Math.floor(receiveCount) : 1;
  // Capped before exponentiating, so a huge count cannot overflow to Infinity.
  return Math.min(FIRST_RETRY_SECONDS * 2 ** Math.min(attempt - 1, 10), MAX_RETRY_SECONDS);
}

/** Throws only for failures of Lotse's own stores (catalogue, case); a receiver's failure is a `failed` outcome. */
export async function deliverNotification(
  ports: DeliverNotificationPorts,
  message: NotificationMessage,
): Promise<DeliveryOutcome> {
  if (message.officeId === null) return { kind: 'skipped', reason: 'no-office' };
  const snapshot = await ports.catalogue.current();
  const office = snapshot.catalogue.offices.find((candidate) => candidate.id === message.officeId);
  // An office removed from the catalogue since the event no longer has an endpoint to hear of it.
  if (!office) return { kind: 'skipped', reason: 'unknown-office' };
  if (office.webhookUrl === undefined) return { kind: 'skipped', reason: 'no-webhook' };

  // Withdrawal cancels queued work: after it, only the withdrawal itself is still told.
  if (message.type !== 'referral.withdrawn') {
    const caseRecord = await ports.cases.get(message.caseId);
    if (!caseRecord) return { kind: 'skipped', reason: 'case-missing' };
    if (caseRecord.status === 'withdrawn') return { kind: 'skipped', reason: 'case-withdrawn' };
  }

  let secrets: string[];
  try {
    secrets = await ports.secrets.signingSecretsFor(office.id);
  } catch (error) {
    if (error instanceof WebhookSecretMissing) return { kind: 'failed', officeId: office.id, reason: 'secret-missing' };
    throw error;
  }

  const body = JSON.stringify(webhookPayloadOf(message));
  const timestamp = Math.floor(ports.clock.now().getTime() / 1000);
  const result = await ports.webhooks.post({
    url: office.webhookUrl,
    body,
    headers: {
      'content-type': 'application/json',
      ...webhookHeaders(secrets, { id: message.eventId, timestampSeconds: timestamp, body }),
    },
  });

  if (result.kind === 'refused') return { kind: 'failed', officeId: office.id, reason: 'refused', rule: result.reason };
  if (result.kind === 'unreachable') {
    if (result.reason === 'timeout') return { kind: 'failed', officeId: office.id, reason: 'timeout' };
    return { kind: 'failed', officeId: office.id, reason: 'network', ...(result.code ? { code: result.code } : {}) };
  }
  if (result.status >= 200 && result.status < 300) {
    return { kind: 'delivered', officeId: office.id, status: result.status };
  }
  return { kind: 'failed', officeId: office.id, reason: 'rejected', status: result.status };
}
