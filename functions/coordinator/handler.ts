// The coordinator function: catalogue editing (offices may read offers), import/export and the coverage report, by
// route key.
import type { z } from 'zod';
import { dynamoDocumentClient } from '#adapters/aws-clients.ts';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { systemClock } from '#adapters/clock.ts';
import { createCoverageRepository } from '#adapters/coverage-repository.ts';
import {
  type CatalogueEntitiesPorts,
  deleteEntity,
  type EditableKind,
  getEntity,
  listEntities,
  putEntity,
} from '#application/coordinator/catalogue-entities.ts';
import { type CoverageReportPorts, coverageReport } from '#application/coordinator/coverage-report.ts';
import { type ExportCataloguePorts, exportCatalogue } from '#application/coordinator/export-catalogue.ts';
import { type ImportCataloguePorts, importCatalogue } from '#application/coordinator/import-catalogue.ts';
import { coverageCsv } from '#domain/coverage.ts';
import { institutionParamsSchema, offerParamsSchema, officeParamsSchema } from '#http/api-schemas.ts';
import { createHttpHandler, type HttpFunction, routeByKey } from '#http/http-handler.ts';
import { IMPORT_MAX_BODY_BYTES } from '#http/json-body.ts';
import { coordinatorConfigSchema, loadConfig } from '#runtime/config.ts';
import { logger } from '#runtime/logger.ts';
import { countEvent } from '#runtime/metrics.ts';

const config = loadConfig(coordinatorConfigSchema);
const tableName = config.TABLE_NAME;

const ports = {
  catalogue: createCatalogueRepository({ client: dynamoDocumentClient, tableName }),
  cases: createCaseRepository({ client: dynamoDocumentClient, tableName }),
  coverage: createCoverageRepository({ client: dynamoDocumentClient, tableName }),
  clock: systemClock,
} satisfies CatalogueEntitiesPorts & ImportCataloguePorts & ExportCataloguePorts & CoverageReportPorts;

/** The routes of one catalogue collection: `/v1/<collection>` and `/v1/<collection>/{<param>}`. */
function entityRoutes(kind: EditableKind, collection: string): Record<string, HttpFunction> {
  const readRoles = kind === 'offer' ? (['coordinator', 'office'] as const) : (['coordinator'] as const);
  const params: z.ZodType<Record<string, string>> = {
    offer: offerParamsSchema,
    office: officeParamsSchema,
    institution: institutionParamsSchema,
  }[kind];
  const param = `${kind}Id`;
  const idOf = (request: { params: Record<string, string> }) => request.params[param] ?? '';
  const item = `/v1/${collection}/{${param}}`;
  return {
    [`GET /v1/${collection}`]: createHttpHandler({ roles: readRoles }, async (request) => ({
      statusCode: 200,
      body: await listEntities(ports, { principal: request.principal, kind, query: request.query }),
    })),
    [`GET ${item}`]: createHttpHandler({ roles: readRoles, params }, async (request) => ({
      statusCode: 200,
      body: await getEntity(ports, { principal: request.principal, kind, id: idOf(request) }),
    })),
    [`PUT ${item}`]: createHttpHandler({ roles: ['coordinator'], params, body: {} }, async (request) => {
      const id = idOf(request);
      const result = await putEntity(ports, { principal: request.principal, kind, id, body: request.body });
      countEvent(result.created ? 'CatalogueEntityCreated' : 'CatalogueEntityReplaced');
      logger.info('catalogue entity saved', { kind, id, created: result.created });
      return { statusCode: result.created ? 201 : 200, body: result.entity };
    }),
    [`DELETE ${item}`]: createHttpHandler({ roles: ['coordinator'], params }, async (request) => {
      const id = idOf(request);
      const result = await deleteEntity(ports, { principal: request.principal, kind, id });
      countEvent('CatalogueEntityDeleted');
      logger.info('catalogue entity deleted', { kind, id, outcome: result.kind });
      return result.kind === 'inactive' ? { statusCode: 200, body: result.offer } : { statusCode: 204 };
    }),
  };
}

const importRoute = createHttpHandler(
  { roles: ['coordinator'], body: { maxBytes: IMPORT_MAX_BODY_BYTES } },
  async (request) => {
    const report = await importCatalogue(ports, {
      principal: request.principal,
      body: request.body,
      query: request.query,
    });
    const counts = {
      created: report.created.length,
      updated: report.updated.length,
      unchanged: report.unchanged.length,
      rejected: report.rejected.length,
    };
    countEvent('CatalogueImported');
    logger.info('catalogue imported', counts);
    return { statusCode: 200, body: report };
  },
);

const exportRoute = createHttpHandler({ roles: ['coordinator'] }, async (request) => ({
  statusCode: 200,
  body: await exportCatalogue(ports, { principal: request.principal, query: request.query }),
}));

/** CSV when the client asks for it (`Accept: text/csv`), JSON otherwise. */
function wantsCsv(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => range.split(';')[0]?.trim().toLowerCase() === 'text/csv');
}

const coverageRoute = createHttpHandler({ roles: ['coordinator'] }, async (request) => {
  const report = await coverageReport(ports, { principal: request.principal, query: request.query });
  if (!wantsCsv(request.header('accept'))) return { statusCode: 200, body: report };
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="coverage-${report.from}-${report.to}.csv"`,
      vary: 'accept',
    },
    rawBody: coverageCsv(report),
  };
});

export const handler = routeByKey({
  ...entityRoutes('offer', 'offers'),
  ...entityRoutes('office', 'offices'),
  ...entityRoutes('institution', 'institutions'),
  'POST /v1/catalogue/import': importRoute,
  'GET /v1/catalogue': exportRoute,
  'GET /v1/reports/coverage': coverageRoute,
});
