// GET /v1/referrals/{referralId} (role referrer): milestones of the caller's own referral.
import { dynamoDocumentClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { referralParamsSchema } from '#http/api-schemas.ts';
import { createHttpHandler } from '#http/http-handler.ts';
import { loadConfig, readerConfigSchema } from '#runtime/config.ts';
import { correlateWithCase } from '#runtime/logger.ts';
import { type GetReferralPorts, getReferral } from './get-referral.ts';

const config = loadConfig(readerConfigSchema);

const ports: GetReferralPorts = {
  cases: createCaseRepository({ client: dynamoDocumentClient, tableName: config.TABLE_NAME }),
};

export const handler = createHttpHandler({ roles: ['referrer'], params: referralParamsSchema }, async (request) => {
  correlateWithCase(request.params.referralId);
  const view = await getReferral(ports, { principal: request.principal, referralId: request.params.referralId });
  return { statusCode: 200, body: view };
});
