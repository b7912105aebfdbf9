// The referrer function (role referrer): the institution's referrals, a referral's milestones, and its withdrawal.
import { dynamoDocumentClient, sqsClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createNotificationQueue } from '#adapters/notification-queue.ts';
import { type GetReferralPorts, getReferral } from '#application/referrer/get-referral.ts';
import { type ListReferralsPorts, listReferrals } from '#application/referrer/list-referrals.ts';
import { type WithdrawReferralPorts, withdrawReferral } from '#application/referrer/withdraw-referral.ts';
import { serveRoutes } from '#http/http-handler.ts';
import { loadConfig, referrerConfigSchema } from '#runtime/config.ts';
import { correlateWithCase, logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';
import { reportPublishFailure } from '#runtime/publish-failures.ts';

const config = loadConfig(referrerConfigSchema);

const ports = {
  cases: createCaseRepository({
    client: dynamoDocumentClient,
    tableName: config.TABLE_NAME,
    personalTableName: config.PERSONAL_TABLE_NAME,
  }),
  clock: systemClock,
  notifications: createNotificationQueue({ client: sqsClient, queueUrl: config.NOTIFICATION_QUEUE_URL }),
  onPublishFailed: reportPublishFailure,
} satisfies GetReferralPorts & ListReferralsPorts & WithdrawReferralPorts;

// Read for one thing only: whether the caller's institution is still in the catalogue (403 otherwise).
const catalogue = createCatalogueRepository({ client: dynamoDocumentClient, tableName: config.TABLE_NAME });

export const handler = serveRoutes('referrer', catalogue, {
  listReferrals: async ({ principal, query }) => ({
    statusCode: 200,
    body: await listReferrals(ports, { principal, filter: query }),
  }),
  getReferral: async ({ principal, params: { referralId } }) => {
    correlateWithCase(referralId);
    return { statusCode: 200, body: await getReferral(ports, { principal, referralId }) };
  },
  withdrawReferral: async ({ principal, params: { referralId }, body }) => {
    correlateWithCase(referralId);
    const outcome = await withdrawReferral(ports, { principal, referralId, body });
    countEvent(outcome.kind === 'withdrawn' ? 'ReferralWithdrawn' : 'ReferralWithdrawReplayed');
    logger.info(outcome.kind === 'withdrawn' ? 'referral withdrawn' : 'referral already withdrawn', {
      caseId: referralId,
    });
    return { statusCode: 202, body: { referralId, status: 'withdrawn' } };
  },
});
