// GET /v1/cases/{caseId} (roles office, coordinator): the whole case with an ETag of its version.
import { dynamoDocumentClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { caseParamsSchema } from '#http/api-schemas.ts';
import { createHttpHandler } from '#http/http-handler.ts';
import { loadConfig, readerConfigSchema } from '#runtime/config.ts';
import { correlateWithCase } from '#runtime/logger.ts';
import { toCaseView } from './case-view.ts';
import { type GetCasePorts, getCase } from './get-case.ts';

const config = loadConfig(readerConfigSchema);

const ports: GetCasePorts = {
  cases: createCaseRepository({ client: dynamoDocumentClient, tableName: config.TABLE_NAME }),
};

export const handler = createHttpHandler(
  { roles: ['office', 'coordinator'], params: caseParamsSchema },
  async (request) => {
    correlateWithCase(request.params.caseId);
    const found = await getCase(ports, { principal: request.principal, caseId: request.params.caseId });
    return {
      statusCode: 200,
      headers: { etag: `"${found.caseRecord.version}"` },
      body: toCaseView(found),
    };
  },
);
