// Environment configuration: checked once at cold start by plain rules (no schema library to load and build before
// the first request), failing fast with the names of bad variables.
import { DEFAULT_REPORTING_GRID, REPORTING_GRIDS, type ReportingGrid } from '#domain/reporting-periods.ts';
import {
  checkResponseDeadlineDays,
  DEFAULT_RESPONSE_DEADLINE_DAYS,
  type ResponseDeadlineDays,
} from '#domain/working-days.ts';

/** The answer of one variable's rule: its value, or what is wrong with it (never the value itself). */
export type VariableCheck<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/** The rule of one variable: reads its text (undefined when unset) into a value or a message. */
export type VariableRule<T> = (text: string | undefined) => VariableCheck<T>;

const valid = <T>(value: T): VariableCheck<T> => ({ ok: true, value });
const invalid = (message: string): VariableCheck<never> => ({ ok: false, message });

/** A resource name or id: present and not blank, trimmed. */
export const requiredVariable: VariableRule<string> = (text) => {
  if (text === undefined) return invalid('is required');
  const value = text.trim();
  return value === '' ? invalid('must not be empty') : valid(value);
};
const required = requiredVariable;

/** A whole number within `min`–`max`, `fallback` when unset. */
function wholeNumber(options: { min: number; max?: number; fallback?: number }): VariableRule<number> {
  const { min, max = Number.MAX_SAFE_INTEGER, fallback } = options;
  return (text) => {
    if (text === undefined && fallback !== undefined) return valid(fallback);
    if (text === undefined) return invalid('is required');
    const value = Number(text);
    if (!Number.isSafeInteger(value)) return invalid('must be a whole number');
    if (value < min) return invalid(`must be at least ${min}`);
    if (value > max) return invalid(`must be at most ${max}`);
    return valid(value);
  };
}

/** One of `choices`, `fallback` when unset. */
function oneOf<const T extends string>(choices: readonly T[], fallback: T, message: string): VariableRule<T> {
  return (text) => {
    if (text === undefined) return valid(fallback);
    return (choices as readonly string[]).includes(text) ? valid(text as T) : invalid(message);
  };
}

/** A grid value as configured (deployment context, function environment): `month` or `quarter`. */
export const reportingGrid: VariableRule<ReportingGrid> = oneOf(
  REPORTING_GRIDS,
  DEFAULT_REPORTING_GRID,
  'must be "month" (calendar months) or "quarter" (calendar quarters)',
);

/**
 * Where a function runs. The local runtime (`npm start`, infra/local) sets `LOTSE_RUNTIME=local` in every function's
 * environment; the cloud sets nothing, so an absent value means the cloud and its stricter rules (https-only
 * webhooks, no loopback receivers, Strict-Transport-Security).
 */
export const runtimeEnvironment = {
  LOTSE_RUNTIME: oneOf(['cloud', 'local'], 'cloud', 'must be "cloud" or "local"'),
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
const responseDeadlineDays: VariableRule<ResponseDeadlineDays> = (text) => {
  if (text === undefined || text.trim() === '') return valid({ ...DEFAULT_RESPONSE_DEADLINE_DAYS });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid('is not JSON');
  }
  const checked = checkResponseDeadlineDays(parsed);
  if (checked.ok) return valid(checked.value);
  return invalid(checked.problems.map((problem) => `${problem.path}: ${problem.message}`).join(', '));
};

const notificationEnvironment = { NOTIFICATION_QUEUE_URL: required };

/**
 * The personal table (the family's personal items and the proposals, shared/adapters/keys.ts P1–P3): only the
 * functions that read or change them receive its name (and a grant for it); the others cannot build its adapter.
 */
const personalEnvironment = { PERSONAL_TABLE_NAME: required };

/** Comma-separated client ids the stack fixes (the web app's). */
const clientIds: VariableRule<string[]> = (text) => {
  const checked = required(text);
  return checked.ok ? valid(checked.value.split(',').filter((id) => id !== '')) : checked;
};

/** The HTTP API's JWT authorizer whose audience follows the registered clients (ServiceFunction.bindApiAudience). */
const apiAudienceEnvironment = {
  API_ID: required,
  API_AUTHORIZER_ID: required,
  API_AUTHORIZER_ISSUER: required,
  API_FIXED_AUDIENCE: clientIds,
};

export const intakeConfigSchema = {
  ...baseEnvironment,
  ...personalEnvironment,
  ROUTING_QUEUE_URL: required,
  /** The secret that keys the idempotency record's body hash (ServiceFunction.bindSecret; its ARN, never its value). */
  BODY_HASH_SECRET_ARN: required,
};
/** Read-only functions (none in this version; kept for tools that only read). */
export const readerConfigSchema = baseEnvironment;
export const referrerConfigSchema = {
  ...baseEnvironment,
  ...personalEnvironment,
  ...notificationEnvironment,
};
export const officeConfigSchema = {
  ...baseEnvironment,
  ...personalEnvironment,
  ...notificationEnvironment,
  RESPONSE_DEADLINE_DAYS: responseDeadlineDays,
  RETENTION_DAYS: wholeNumber({ min: 1, fallback: DEFAULT_RETENTION_DAYS }),
};
export const routerConfigSchema = {
  ...baseEnvironment,
  ...personalEnvironment,
  ...notificationEnvironment,
  RESPONSE_DEADLINE_DAYS: responseDeadlineDays,
};
/** Catalogue editing, import/export, the coverage report, and accounts and clients on the user pool. */
export const coordinatorConfigSchema = {
  ...baseEnvironment,
  USER_POOL_ID: required,
  CLIENT_ACCESS_TOKEN_MINUTES: wholeNumber({ min: 5, max: 1440, fallback: 60 }),
  /** The coverage report's grid (`month` or `quarter`; infra/config.ts `reportingPeriod`). */
  REPORTING_PERIOD: reportingGrid,
  ...apiAudienceEnvironment,
};
/** The token trigger: reads registrations and the catalogue. */
export const tokenConfigSchema = baseEnvironment;
export const sweeperConfigSchema = {
  ...baseEnvironment,
  ...personalEnvironment,
  ...notificationEnvironment,
  ...apiAudienceEnvironment,
  ROUTING_QUEUE_URL: required,
  STUCK_AFTER_SECONDS: wholeNumber({ min: 0 }),
  RETENTION_DAYS: wholeNumber({ min: 1, fallback: DEFAULT_RETENTION_DAYS }),
  OPEN_CASE_RETENTION_DAYS: wholeNumber({ min: 1, fallback: DEFAULT_OPEN_CASE_RETENTION_DAYS }),
};

/** Thrown at cold start: the function must not start with a half-configured environment. */
export class ConfigurationError extends Error {
  constructor(problems: string[]) {
    super(`Invalid function configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

/** The configuration a schema reads: each variable's value. */
export type ConfigOf<S> = { -readonly [K in keyof S]: S[K] extends VariableRule<infer T> ? T : never };

/**
 * Checks the variables of `schema` in `env` (only those: others are not read); throws a ConfigurationError naming
 * each missing or invalid variable and what is wrong with it (never values).
 */
export function loadConfig<S extends Record<string, VariableRule<unknown>>>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): ConfigOf<S> {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(schema)) {
    const checked = rule(env[name]);
    if (checked.ok) config[name] = checked.value;
    else problems.push(`${name}: ${checked.message}`);
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config as ConfigOf<S>;
}

/** The runtime this process runs in (checked once per call; callers keep it as a setting at cold start). */
export function runtimeKindOf(env: NodeJS.ProcessEnv = process.env): RuntimeKind {
  return loadConfig(runtimeEnvironment, env).LOTSE_RUNTIME;
}
