// The office function (roles office, coordinator): the inbox, the whole case, and the case transitions, by route key.
import { dynamoDocumentClient, sqsClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createNotificationQueue } from '#adapters/notification-queue.ts';
import { type GetCasePorts, getCase } from '#application/office/get-case.ts';
import { type ListCasesPorts, listCases } from '#application/office/list-cases.ts';
import {
  CASE_COMMANDS,
  type CaseCommand,
  type TransitionCasePorts,
  transitionCase,
} from '#application/office/transition-case.ts';
import { caseParamsSchema } from '#http/api-schemas.ts';
import { createHttpHandler, type HttpReply, routeByKey } from '#http/http-handler.ts';
import { etagOf, IF_MATCH_HEADER } from '#http/preconditions.ts';
import { loadConfig, officeConfigSchema } from '#runtime/config.ts';
import { correlateWithCase, logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';
import { reportPublishFailure } from '#runtime/publish-failures.ts';
import { toCaseView } from './case-view.ts';

const config = loadConfig(officeConfigSchema);
const tableName = config.TABLE_NAME;

const cases = createCaseRepository({ client: dynamoDocumentClient, tableName });
const ports = {
  cases,
  catalogue: createCatalogueRepository({ client: dynamoDocumentClient, tableName }),
  clock: systemClock,
  notifications: createNotificationQueue({ client: sqsClient, queueUrl: config.NOTIFICATION_QUEUE_URL }),
  onPublishFailed: reportPublishFailure,
  deadlineDays: config.RESPONSE_DEADLINE_DAYS,
  retentionDays: config.RETENTION_DAYS,
} satisfies TransitionCasePorts & GetCasePorts & ListCasesPorts;

const CASE_ROLES = ['office', 'coordinator'] as const;

function caseReply(found: Awaited<ReturnType<typeof getCase>>): HttpReply {
  return { statusCode: 200, headers: { etag: etagOf(found.caseRecord.version) }, body: toCaseView(found) };
}

const listRoute = createHttpHandler({ roles: CASE_ROLES }, async (request) => ({
  statusCode: 200,
  body: await listCases(ports, { principal: request.principal, query: request.query }),
}));

const getRoute = createHttpHandler({ roles: CASE_ROLES, params: caseParamsSchema }, async (request) => {
  correlateWithCase(request.params.caseId);
  return caseReply(await getCase(ports, { principal: request.principal, caseId: request.params.caseId }));
});

// The body is read by the use case after the case lookup (404 before 400), so no route declares one here.
function commandRoute(command: CaseCommand) {
  return createHttpHandler(
    { roles: command === 'assign' ? ['coordinator'] : ['office'], params: caseParamsSchema },
    async (request) => {
      correlateWithCase(request.params.caseId);
      const found = await transitionCase(ports, {
        principal: request.principal,
        caseId: request.params.caseId,
        command,
        ifMatch: request.header(IF_MATCH_HEADER),
        readBody: request.readBody,
      });
      countEvent(`Case${command[0]?.toUpperCase()}${command.slice(1)}`);
      logger.info('case changed', { caseId: found.caseRecord.id, command, version: found.caseRecord.version });
      return caseReply(found);
    },
  );
}

export const handler = routeByKey({
  'GET /v1/cases': listRoute,
  'GET /v1/cases/{caseId}': getRoute,
  ...Object.fromEntries(CASE_COMMANDS.map((command) => [`POST /v1/cases/{caseId}/${command}`, commandRoute(command)])),
});
