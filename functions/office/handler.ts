// The office function (roles office, coordinator): the inbox, the whole case, and the case transitions.
import { dynamoDocumentClient, sqsClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createNotificationQueue } from '#adapters/notification-queue.ts';
import { caseAudit, eraseCaseOnRequest, exportCase } from '#application/office/data-subject.ts';
import { type GetCasePorts, getCase } from '#application/office/get-case.ts';
import { type ListCasesPorts, listCases } from '#application/office/list-cases.ts';
import {
  type TransitionCaseInput,
  type TransitionCasePorts,
  transitionCase,
} from '#application/office/transition-case.ts';
import type { CaseWithHistory } from '#application/ports.ts';
import { type HttpReply, serveRoutes } from '#http/http-handler.ts';
import { etagOf } from '#http/preconditions.ts';
import { loadConfig, officeConfigSchema } from '#runtime/config.ts';
import { correlateWithCase, logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';
import { reportPublishFailure } from '#runtime/publish-failures.ts';
import { toCaseView, toInboxItem } from './case-view.ts';

const config = loadConfig(officeConfigSchema);
const tableName = config.TABLE_NAME;

const ports = {
  cases: createCaseRepository({
    client: dynamoDocumentClient,
    tableName,
    personalTableName: config.PERSONAL_TABLE_NAME,
  }),
  catalogue: createCatalogueRepository({ client: dynamoDocumentClient, tableName }),
  clock: systemClock,
  notifications: createNotificationQueue({ client: sqsClient, queueUrl: config.NOTIFICATION_QUEUE_URL }),
  onPublishFailed: reportPublishFailure,
  deadlineDays: config.RESPONSE_DEADLINE_DAYS,
  retentionDays: config.RETENTION_DAYS,
} satisfies TransitionCasePorts & GetCasePorts & ListCasesPorts;

function caseReply(found: CaseWithHistory): HttpReply {
  return { statusCode: 200, headers: { etag: etagOf(found.caseRecord.version) }, body: toCaseView(found) };
}

async function transition(input: TransitionCaseInput): Promise<HttpReply> {
  const { caseId, command } = input;
  correlateWithCase(caseId);
  const found = await transitionCase(ports, input);
  countEvent(`Case${command.name[0]?.toUpperCase()}${command.name.slice(1)}`);
  logger.info('case changed', { caseId, command: command.name, version: found.caseRecord.version });
  return caseReply(found);
}

export const handler = serveRoutes('office', ports.catalogue, {
  listCases: async ({ principal, query }) => {
    const page = await listCases(ports, { principal, filter: query });
    return { statusCode: 200, body: { items: page.items.map(toInboxItem), nextCursor: page.nextCursor } };
  },
  getCase: async ({ principal, params: { caseId } }) => {
    correlateWithCase(caseId);
    return caseReply(await getCase(ports, { principal, caseId }));
  },
  acceptCase: ({ principal, params: { caseId }, headers }) =>
    transition({ principal, caseId, command: { name: 'accept' }, expectedVersions: headers['If-Match'] }),
  startCase: ({ principal, params: { caseId }, headers }) =>
    transition({ principal, caseId, command: { name: 'start' }, expectedVersions: headers['If-Match'] }),
  declineCase: ({ principal, params: { caseId }, headers, body }) =>
    transition({ principal, caseId, command: { name: 'decline', body }, expectedVersions: headers['If-Match'] }),
  closeCase: ({ principal, params: { caseId }, headers, body }) =>
    transition({ principal, caseId, command: { name: 'close', body }, expectedVersions: headers['If-Match'] }),
  assignCase: ({ principal, params: { caseId }, headers, body }) =>
    transition({ principal, caseId, command: { name: 'assign', body }, expectedVersions: headers['If-Match'] }),
  getCaseAudit: async ({ params: { caseId } }) => ({
    statusCode: 200,
    body: { items: await caseAudit(ports, { caseId }) },
  }),
  exportCase: async ({ principal, params: { caseId } }) => {
    correlateWithCase(caseId);
    const { exportedAt, found, audit } = await exportCase(ports, { principal, caseId });
    countEvent('CaseExported');
    return {
      statusCode: 200,
      body: { exportedAt, case: toCaseView(found), referral: found.personal?.referral ?? null, audit },
    };
  },
  eraseCase: async ({ principal, params: { caseId }, body }) => {
    correlateWithCase(caseId);
    const erased = await eraseCaseOnRequest(ports, { principal, caseId, body });
    countEvent('CaseErased');
    logger.info('case erased', { caseId });
    return { statusCode: 202, body: { caseId, ...erased } };
  },
});
