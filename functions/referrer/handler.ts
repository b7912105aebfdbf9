// The referrer function (role referrer): a referral's milestones, and its withdrawal, by route key.
import { dynamoDocumentClient, sqsClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createNotificationQueue } from '#adapters/notification-queue.ts';
import { type GetReferralPorts, getReferral } from '#application/referrer/get-referral.ts';
import { type WithdrawReferralPorts, withdrawReferral } from '#application/referrer/withdraw-referral.ts';
import { referralParamsSchema } from '#http/api-schemas.ts';
import { createHttpHandler, routeByKey } from '#http/http-handler.ts';
import { loadConfig, referrerConfigSchema } from '#runtime/config.ts';
import { correlateWithCase, logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';
import { reportPublishFailure } from '#runtime/publish-failures.ts';

const config = loadConfig(referrerConfigSchema);

const ports = {
  cases: createCaseRepository({ client: dynamoDocumentClient, tableName: config.TABLE_NAME }),
  clock: systemClock,
  notifications: createNotificationQueue({ client: sqsClient, queueUrl: config.NOTIFICATION_QUEUE_URL }),
  onPublishFailed: reportPublishFailure,
} satisfies GetReferralPorts & WithdrawReferralPorts;

const getRoute = createHttpHandler({ roles: ['referrer'], params: referralParamsSchema }, async (request) => {
  correlateWithCase(request.params.referralId);
  const view = await getReferral(ports, { principal: request.principal, referralId: request.params.referralId });
  return { statusCode: 200, body: view };
});

// The body is read after the lookup, so another institution's referral answers 404 whatever it sends.
const withdrawRoute = createHttpHandler({ roles: ['referrer'], params: referralParamsSchema }, async (request) => {
  const { referralId } = request.params;
  correlateWithCase(referralId);
  const outcome = await withdrawReferral(ports, {
    principal: request.principal,
    referralId,
    readBody: request.readBody,
  });
  countEvent(outcome.kind === 'withdrawn' ? 'ReferralWithdrawn' : 'ReferralWithdrawReplayed');
  logger.info(outcome.kind === 'withdrawn' ? 'referral withdrawn' : 'referral already withdrawn', {
    caseId: referralId,
  });
  return { statusCode: 202, body: { referralId, status: 'withdrawn' } };
});

export const handler = routeByKey({
  'GET /v1/referrals/{referralId}': getRoute,
  'POST /v1/referrals/{referralId}/withdraw': withdrawRoute,
});
