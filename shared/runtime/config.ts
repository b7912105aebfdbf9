// Environment configuration: parsed once at cold start by a zod schema, failing fast with the names of bad variables.
import * as z from 'zod';
import { DEFAULT_REPORTING_GRID, REPORTING_GRIDS } from '#domain/reporting-periods.ts';

/** A grid value as configured (deployment context, function environment): `month` or `quarter`. Here and not in the
 * domain module, which the web app bundles without zod. */
export const reportingGridSchema = z.enum(REPORTING_GRIDS, {
  error: 'must be "month" (calendar months) or "quarter" (calendar quarters)',
});

import { DEFAULT_RESPONSE_DEADLINE_DAYS, responseDeadlineDaysSchema } from '#domain/working-days.ts';

const required = z.string().trim().min(1);

/**
 * Where a function runs. The local runtime (`npm start`, infra/local) sets `LOTSE_RUNTIME=local` in every function's
 * environment; the cloud sets nothing, so an absent value means the cloud and its stricter rules (https-only
 * webhooks, no loopback receivers, Strict-Transport-Security).
 */
export const runtimeEnvironment = {
  LOTSE_RUNTIME: z.enum(['cloud', 'local'], { error: 'must be "cloud" or "local"' }).default('cloud'),
};
export type RuntimeKind = 'cloud' | 'local';

/** Variables every Lotse function receives (see infra). Resource names never have defaults. */
const baseEnvironment = {
  TABLE_NAME: required,
  MUNICIPALITY_ID: required,
  STAGE: required,
  ...runtimeEnvironment,
};

/** Days after closure until a case's personal data expires (DOMAIN.md retention default). */
export const DEFAULT_RETENTION_DAYS = 180;
/** Days after the last change of a case that never closes until its family data is erased. */
export const DEFAULT_OPEN_CASE_RETENTION_DAYS = 365;

/** `{"urgent":1,"soon":3,"routine":5}` (per municipality in the CDK config); the issue's defaults when unset. */
const responseDeadlineDays = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return { ...DEFAULT_RESPONSE_DEADLINE_DAYS };
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(responseDeadlineDaysSchema);

const notificationEnvironment = { NOTIFICATION_QUEUE_URL: required };

/**
 * The personal table (the family's personal items and the proposals, shared/adapters/keys.ts P1–P3): only the
 * functions that read or change them receive its name (and a grant for it); the others cannot build its adapter.
 */
const personalEnvironment = { PERSONAL_TABLE_NAME: required };

/** The HTTP API's JWT authorizer whose audience follows the registered clients (ServiceFunction.bindApiAudience). */
const apiAudienceEnvironment = {
  API_ID: required,
  API_AUTHORIZER_ID: required,
  API_AUTHORIZER_ISSUER: required,
  /** Comma-separated client ids the stack fixes (the web app's). */
  API_FIXED_AUDIENCE: required.transform((value) => value.split(',').filter((id) => id !== '')),
};

export const intakeConfigSchema = z.object({
  ...baseEnvironment,
  ...personalEnvironment,
  ROUTING_QUEUE_URL: required,
  /** The secret that keys the idempotency record's body hash (ServiceFunction.bindSecret; its ARN, never its value). */
  BODY_HASH_SECRET_ARN: required,
});
/** Read-only functions (none in this version; kept for tools that only read). */
export const readerConfigSchema = z.object(baseEnvironment);
export const referrerConfigSchema = z.object({
  ...baseEnvironment,
  ...personalEnvironment,
  ...notificationEnvironment,
});
export const officeConfigSchema = z.object({
  ...baseEnvironment,
  ...personalEnvironment,
  ...notificationEnvironment,
  RESPONSE_DEADLINE_DAYS: responseDeadlineDays,
  RETENTION_DAYS: z.coerce.number().int().positive().default(DEFAULT_RETENTION_DAYS),
});
export const routerConfigSchema = z.object({
  ...baseEnvironment,
  ...personalEnvironment,
  ...notificationEnvironment,
  RESPONSE_DEADLINE_DAYS: responseDeadlineDays,
});
/** Catalogue editing, import/export, the coverage report, and accounts and clients on the user pool. */
export const coordinatorConfigSchema = z.object({
  ...baseEnvironment,
  USER_POOL_ID: required,
  CLIENT_ACCESS_TOKEN_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
  /** The coverage report's grid (`month` or `quarter`; infra/config.ts `reportingPeriod`). */
  REPORTING_PERIOD: reportingGridSchema.default(DEFAULT_REPORTING_GRID),
  ...apiAudienceEnvironment,
});
/** The token trigger: reads registrations and the catalogue. */
export const tokenConfigSchema = z.object(baseEnvironment);
export const sweeperConfigSchema = z.object({
  ...baseEnvironment,
  ...personalEnvironment,
  ...notificationEnvironment,
  ...apiAudienceEnvironment,
  ROUTING_QUEUE_URL: required,
  STUCK_AFTER_SECONDS: z.coerce.number().int().nonnegative(),
  RETENTION_DAYS: z.coerce.number().int().positive().default(DEFAULT_RETENTION_DAYS),
  OPEN_CASE_RETENTION_DAYS: z.coerce.number().int().positive().default(DEFAULT_OPEN_CASE_RETENTION_DAYS),
});

/** Thrown at cold start: the function must not start with a half-configured environment. */
export class ConfigurationError extends Error {
  constructor(problems: string[]) {
    super(`Invalid function configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

/** Parses `env` with `schema`; throws a ConfigurationError naming each missing or invalid variable (never values). */
export function loadConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigurationError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}

/** The runtime this process runs in (parsed once per call; callers keep it as a setting at cold start). */
export function runtimeKindOf(env: NodeJS.ProcessEnv = process.env): RuntimeKind {
  return loadConfig(z.object(runtimeEnvironment), env).LOTSE_RUNTIME;
}
