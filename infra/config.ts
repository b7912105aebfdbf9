// Deployment context (municipality, stage, EU region, optional overrides) validated once, and the typed per-stage and
// per-municipality settings derived from it.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';
import { DEFAULT_REPORTING_GRID, REPORTING_GRIDS, type ReportingGrid } from '#domain/reporting-periods.ts';
import {
  DEFAULT_RESPONSE_DEADLINE_DAYS,
  type ResponseDeadlineDays,
  responseDeadlineDaysSchema,
} from '#domain/working-days.ts';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * AWS regions in EU member states. Families' special-category data (GDPR Art. 9) must not leave the EU, so a
 * deployment outside these (including Zurich and London, which are not in the EU) is refused at synthesis.
 */
export const EU_REGIONS = ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-south-2'] as const;
export type EuRegion = (typeof EU_REGIONS)[number];
export const DEFAULT_REGION: EuRegion = 'eu-central-1';
const NOT_AN_EU_REGION =
  `context "region" must be an EU region (one of ${EU_REGIONS.join(', ')}): ` +
  "families' special-category data (GDPR Art. 9) stays in the EU";

/** Ten years: anything longer is a typo, not a retention decision. */
export const MAX_RETENTION_DAYS = 3650;

/** A retention period in days as the context gives it (a number, or digits from `-c`). */
const retentionDaysSchema = z
  .preprocess(
    (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: 'a whole number of days' })
      .int('a whole number of days')
      .min(1, 'at least 1 day')
      .max(MAX_RETENTION_DAYS, `at most ${MAX_RETENTION_DAYS} days`),
  )
  .optional();

// The municipality id ends up in stack names, the Cognito domain prefix and the KMS alias, so it is kept to the
// characters all three accept (and short enough for the 63-character domain prefix).
//
// `-c key=value` reaches the app as a string, cdk.json and programmatic context as JSON values: both are accepted.
export const deploymentContextSchema = z
  .object({
    municipality: z
      .string({ error: 'context "municipality" is required (cdk ... -c municipality=<id>)' })
      .regex(
        /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
        'lowercase letters, digits and inner hyphens, at most 40 characters',
      ),
    stage: z.enum(STAGES, { error: 'context "stage" must be "dev" or "prod"' }),
    // Pinned per municipality, never taken from CDK_DEFAULT_REGION (the CLI sets it from the caller's profile).
    region: z.enum(EU_REGIONS, { error: NOT_AN_EU_REGION }).default(DEFAULT_REGION),
    // Where people open the web app: the sign-in client redirects back there only. https, or http on localhost.
    webAppOrigin: z
      .url({ error: 'context "webAppOrigin" must be the web app\'s origin, e.g. https://lotse.musterstadt.de' })
      .refine((value) => /^https:\/\/[^/]+$|^http:\/\/localhost(:\d+)?$/.test(value), {
        error: 'context "webAppOrigin" must be an https origin without a path (http only for localhost)',
      })
      .optional(),
    responseDeadlineDays: z
      .preprocess(
        (value, context) => parseJsonString(value, context, 'a JSON object like {"urgent":1,"soon":3,"routine":5}'),
        responseDeadlineDaysSchema(),
      )
      .optional(),
    // The account's Lambda concurrent-executions quota (Service Quotas), when it is not the usual 1,000.
    accountConcurrencyQuota: z
      .preprocess(
        (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
        z.number({ error: 'a whole number' }).int('a whole number').min(1, 'at least 1'),
      )
      .optional(),
    // The coverage report's grid: `month` (calendar months) or `quarter`. Chosen once: reports published on one grid
    // and then on the other could be subtracted from each other (see shared/domain/coverage-suppression.ts).
    reportingPeriod: z
      .enum(REPORTING_GRIDS, {
        error: 'context "reportingPeriod" must be "month" (calendar months) or "quarter" (calendar quarters)',
      })
      .optional(),
    retentionDays: retentionDaysSchema,
    // A case that never closes: erased this long after its last change (API.md "Retention").
    openCaseRetentionDays: retentionDaysSchema,
  })
  .strict();
export type DeploymentContext = z.infer<typeof deploymentContextSchema>;

/** Lambda settings that do not vary by stage (the routing queue's visibility timeout is derived from the router's). */
export const FUNCTION_SETTINGS = {
  intake: { timeout: Duration.seconds(10), memorySize: 512 },
  referrer: { timeout: Duration.seconds(10), memorySize: 512 },
  office: { timeout: Duration.seconds(10), memorySize: 512 },
  router: { timeout: Duration.seconds(30), memorySize: 1024, batchSize: 10 },
  sweeper: { timeout: Duration.seconds(60), memorySize: 512 },
  notifier: { timeout: Duration.seconds(30), memorySize: 512, batchSize: 10 },
  // A catalogue import of 2,000 offers is validated and written in one request: just under the HTTP API's 30 s
  // integration limit, and the memory (hence CPU) to parse and batch it in time.
  coordinator: { timeout: Duration.seconds(29), memorySize: 1024 },
  // Cognito waits at most 5 seconds for its pre-token-generation trigger; sign-in waits on a cold start too.
  token: { timeout: Duration.seconds(5), memorySize: 512 },
} as const;
export type FunctionName = keyof typeof FUNCTION_SETTINGS;

/**
 * Reserved concurrency per function: each function may run at most this many instances at once, and the account keeps
 * them for it, so that one function stuck on slow calls (or flooded by one caller) cannot take the account's whole
 * pool from the others, nor from whatever else the municipality runs in the account. The HTTP functions sit above
 * what the API stage's throttle lets through at normal latency (prod: 50 requests/s × ~0.3 s ≈ 15), so they bite only
 * when a function slows down. The queue consumers' event source mappings take the same number as their maximum
 * concurrency, so SQS is never polled faster than the function may run (a throttled message would count a receive
 * towards the dead-letter queue). The sweeper runs once a minute and needs one instance; two allow a late one to
 * overlap the next.
 */
export const DEFAULT_RESERVED_CONCURRENCY: Readonly<Record<FunctionName, number>> = {
  intake: 25,
  referrer: 15,
  office: 25,
  coordinator: 10,
  router: 10,
  notifier: 10,
  sweeper: 2,
  token: 10,
};
/** Lambda refuses reservations that would leave fewer than this many concurrent executions of the account unreserved. */
export const LAMBDA_UNRESERVED_MINIMUM = 100;
/**
 * The concurrent-executions quota of an established account. A new account starts at 10, where no function can
 * reserve anything: ask Service Quotas (Lambda, "Concurrent executions") for 1,000 before the first deployment, or
 * say what the account has with `-c accountConcurrencyQuota=<n>` and synthesis checks that the reservations fit.
 */
export const DEFAULT_ACCOUNT_CONCURRENCY_QUOTA = 1000;

/**
 * Requests one client address may send through the web app's CloudFront distribution per five-minute window (AWS WAF
 * rate-based rules, counted per IP address; above a limit the address gets 403 until its rate falls below it).
 * A Familienbüro or a clinic sends all its people's requests from one NAT address, so the limits are sized for 20
 * people working at once: a case step or a submission is one write after reading the case and talking to the family,
 * a few per person per five minutes (20 × 3 = 60), so 300 writes leave five times that and still stop a runaway
 * script after one write a second; a screen shows after one to three reads (20 people × a screen every 10 s × 3 =
 * 1,800), hence 3,000 reads; the app's files are cached by the browser for a year except the page and its
 * configuration, so 3,000 covers every person reloading many times over.
 */
export type RequestRateLimits = {
  /** `/v1/*` with any method but GET and HEAD. */
  readonly apiWrites: number;
  /** `/v1/*` with GET or HEAD. */
  readonly apiReads: number;
  /** Everything else: the web app's page, scripts, stylesheets, fonts and configuration. */
  readonly files: number;
};
export const DEFAULT_REQUEST_RATE_LIMITS: RequestRateLimits = { apiWrites: 300, apiReads: 3000, files: 3000 };
/** The window the rate limits count over (AWS WAF allows 60, 120, 300 or 600 seconds). */
export const REQUEST_RATE_WINDOW_SECONDS = 300;
/** AWS WAF's bounds for a rate-based rule's limit. */
export const REQUEST_RATE_LIMIT_BOUNDS = { min: 10, max: 2_000_000_000 } as const;
/** Where a web ACL for CloudFront must live (scope CLOUDFRONT), whatever region the deployment is in. */
export const CLOUDFRONT_WEB_ACL_REGION = 'us-east-1';

/** AWS recommends a source-queue visibility timeout of at least six times the consuming function's timeout. */
export const QUEUE_VISIBILITY_FACTOR = 6;
/** Receives before a message moves to its dead-letter queue, per queue. */
export const DLQ_MAX_RECEIVE_COUNT = {
  routing: 5,
  // The notifier backs off through the visibility timeout (30 s doubling up to 15 min): eight receives give a
  // webhook receiver roughly 45 minutes to recover before the event is parked for a redrive.
  notification: 8,
} as const;

export type MunicipalitySettings = {
  /** Working days a routed case may stay unopened before it escalates (router and office set `deadlineAt`). */
  readonly responseDeadlineDays: Readonly<ResponseDeadlineDays>;
  /** Days after closure until a case's personal data expires (table TTL) and the case becomes a tombstone. */
  readonly retentionDays: number;
  /** Days after the last change of a case that never closes until it is cancelled and erased to its tombstone. */
  readonly openCaseRetentionDays: number;
  /** The coverage report's fixed grid of reporting periods: whole calendar months (default) or quarters. */
  readonly reportingPeriod: ReportingGrid;
  /** The web app's origin (the municipality's domain for Lotse); dev falls back to the local runtime's address. */
  readonly webAppOrigin?: string;
  /** The municipality's name as the web app shows it ("Lotse Musterstadt"); without one, its id. */
  readonly displayName?: string;
  /** Per-address request limits of the web app's distribution (see RequestRateLimits). */
  readonly requestRateLimits: RequestRateLimits;
  /** Reserved concurrency per function (see DEFAULT_RESERVED_CONCURRENCY). */
  readonly reservedConcurrency: Readonly<Record<FunctionName, number>>;
  /** The account's Lambda concurrent-executions quota; the reservations must leave 100 of it unreserved. */
  readonly accountConcurrencyQuota: number;
};

/** What a municipality may set differently: any setting, and of the limits only the ones it names. */
export type MunicipalityOverrides = Partial<Omit<MunicipalitySettings, 'requestRateLimits' | 'reservedConcurrency'>> & {
  readonly requestRateLimits?: Partial<RequestRateLimits>;
  readonly reservedConcurrency?: Partial<Record<FunctionName, number>>;
};

export const DEFAULT_MUNICIPALITY_SETTINGS: MunicipalitySettings = {
  responseDeadlineDays: DEFAULT_RESPONSE_DEADLINE_DAYS,
  retentionDays: 180,
  openCaseRetentionDays: 365,
  reportingPeriod: DEFAULT_REPORTING_GRID,
  requestRateLimits: DEFAULT_REQUEST_RATE_LIMITS,
  reservedConcurrency: DEFAULT_RESERVED_CONCURRENCY,
  accountConcurrencyQuota: DEFAULT_ACCOUNT_CONCURRENCY_QUOTA,
};

/**
 * What a municipality agreed differently from the defaults (its service agreement, its data-protection officer's
 * retention decision). A municipality without an entry gets the defaults; `-c` context overrides both.
 */
export const MUNICIPALITY_SETTINGS: Readonly<Record<string, MunicipalityOverrides>> = {
  // The fictional municipality of the seed; a real one names the domain it serves Lotse from.
  musterstadt: { webAppOrigin: 'https://lotse.musterstadt.example', displayName: 'Musterstadt' },
};

export type StageConfig = {
  readonly stage: Stage;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly pointInTimeRecovery: boolean;
  readonly logRetention: RetentionDays;
  readonly logLevel: 'DEBUG' | 'INFO';
  readonly deadLetterRetention: Duration;
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly alarms: {
    /** Alarm when a dead-letter queue holds more than this many visible messages. */
    readonly deadLetterMessagesAbove: number;
    /** Alarm when the oldest message on the routing queue is at least this old. */
    readonly routingQueueMaxAge: Duration;
  };
  readonly sweeper: { readonly stuckAfterSeconds: number; readonly schedule: Duration };
  /** The web app's origin when none is configured (dev: the local runtime's default address). */
  readonly defaultWebAppOrigin?: string;
};

const STAGE_CONFIGS: Record<Stage, StageConfig> = {
  dev: {
    stage: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    pointInTimeRecovery: false,
    logRetention: RetentionDays.ONE_WEEK,
    logLevel: 'DEBUG',
    deadLetterRetention: Duration.days(14),
    apiThrottle: { rateLimit: 20, burstLimit: 40 },
    alarms: { deadLetterMessagesAbove: 0, routingQueueMaxAge: Duration.minutes(5) },
    sweeper: { stuckAfterSeconds: 120, schedule: Duration.minutes(1) },
    defaultWebAppOrigin: 'http://localhost:3000',
  },
  prod: {
    stage: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    pointInTimeRecovery: true,
    logRetention: RetentionDays.THREE_MONTHS,
    logLevel: 'INFO',
    deadLetterRetention: Duration.days(14),
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    alarms: { deadLetterMessagesAbove: 0, routingQueueMaxAge: Duration.minutes(5) },
    sweeper: { stuckAfterSeconds: 120, schedule: Duration.minutes(1) },
  },
};

export type AppConfig = StageConfig &
  MunicipalitySettings & {
    readonly municipality: string;
    readonly prefix: string;
    readonly region: EuRegion;
    /** The web app's origin: sign-in redirects to `<origin>/anmeldung/rueckkehr`, sign-out to `<origin>/`. */
    readonly webAppOrigin: string;
    readonly displayName: string;
  };

/** The `-c municipality=… -c stage=…` context (or a region or override) is missing or malformed. */
export class InvalidDeploymentContext extends Error {
  constructor(problems: readonly string[]) {
    super(`Invalid deployment context:\n  ${problems.join('\n  ')}`);
    this.name = 'InvalidDeploymentContext';
  }
}

export type RawDeploymentContext = {
  readonly municipality: unknown;
  readonly stage: unknown;
  readonly region?: unknown;
  readonly webAppOrigin?: unknown;
  readonly responseDeadlineDays?: unknown;
  readonly retentionDays?: unknown;
  readonly openCaseRetentionDays?: unknown;
  readonly reportingPeriod?: unknown;
  readonly accountConcurrencyQuota?: unknown;
};

/**
 * Parses the raw CDK context; throws InvalidDeploymentContext naming each bad key. `settings` are the municipalities'
 * agreed settings (tests pass their own).
 */
export function resolveConfig(
  rawContext: RawDeploymentContext,
  settings: Readonly<Record<string, MunicipalityOverrides>> = MUNICIPALITY_SETTINGS,
): AppConfig {
  const parsed = deploymentContextSchema.safeParse(rawContext);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'context'}: ${issue.message}`);
    throw new InvalidDeploymentContext(problems);
  }
  const { municipality, stage, region, webAppOrigin, responseDeadlineDays, retentionDays, accountConcurrencyQuota } =
    parsed.data;
  const overrides = settings[municipality] ?? {};
  const agreed = {
    ...DEFAULT_MUNICIPALITY_SETTINGS,
    ...overrides,
    requestRateLimits: { ...DEFAULT_REQUEST_RATE_LIMITS, ...overrides.requestRateLimits },
    reservedConcurrency: { ...DEFAULT_RESERVED_CONCURRENCY, ...overrides.reservedConcurrency },
  };
  const quota = accountConcurrencyQuota ?? agreed.accountConcurrencyQuota;
  checkLimits(agreed.requestRateLimits, agreed.reservedConcurrency, quota);
  const { defaultWebAppOrigin, ...stageConfig } = STAGE_CONFIGS[stage];
  const origin = webAppOrigin ?? (stage === 'dev' ? defaultWebAppOrigin : agreed.webAppOrigin);
  if (origin === undefined) {
    throw new InvalidDeploymentContext([
      `webAppOrigin: context "webAppOrigin" is required for ${municipality} in stage ${stage} (the web app's https origin, where sign-in returns), e.g. -c webAppOrigin=https://lotse.${municipality}.de`,
    ]);
  }
  return {
    ...stageConfig,
    municipality,
    prefix: `Lotse-${municipality}-${stage}`,
    region,
    webAppOrigin: origin,
    displayName: agreed.displayName ?? municipality,
    responseDeadlineDays: responseDeadlineDays ?? agreed.responseDeadlineDays,
    retentionDays: retentionDays ?? agreed.retentionDays,
    openCaseRetentionDays: parsed.data.openCaseRetentionDays ?? agreed.openCaseRetentionDays,
    reportingPeriod: parsed.data.reportingPeriod ?? agreed.reportingPeriod,
    requestRateLimits: agreed.requestRateLimits,
    reservedConcurrency: agreed.reservedConcurrency,
    accountConcurrencyQuota: quota,
  };
}

/**
 * Refuses limits AWS would refuse at deployment, at synthesis instead and naming the setting: a rate limit outside
 * WAF's bounds, a reservation that is not a positive whole number, and reservations that do not fit the account's
 * concurrency quota with the 100 unreserved executions Lambda insists on.
 */
function checkLimits(
  rates: RequestRateLimits,
  reservations: Readonly<Record<FunctionName, number>>,
  quota: number,
): void {
  const problems: string[] = [];
  for (const [name, limit] of Object.entries(rates)) {
    const { min, max } = REQUEST_RATE_LIMIT_BOUNDS;
    if (!Number.isInteger(limit) || limit < min || limit > max) {
      problems.push(`requestRateLimits.${name}: a whole number of requests from ${min} to ${max}, not ${limit}`);
    }
  }
  for (const [name, reserved] of Object.entries(reservations)) {
    if (!Number.isInteger(reserved) || reserved < 1) {
      problems.push(`reservedConcurrency.${name}: a whole number of at least 1, not ${reserved}`);
    }
  }
  const total = Object.values(reservations).reduce((sum, reserved) => sum + reserved, 0);
  if (total + LAMBDA_UNRESERVED_MINIMUM > quota) {
    problems.push(
      `reservedConcurrency: the functions reserve ${total} concurrent executions and Lambda keeps ` +
        `${LAMBDA_UNRESERVED_MINIMUM} of the account unreserved, so the account's concurrency quota must be at least ` +
        `${total + LAMBDA_UNRESERVED_MINIMUM}, but it is ${quota} (accountConcurrencyQuota). A new account starts at ` +
        '10: ask Service Quotas (AWS Lambda, "Concurrent executions") for 1000 and deploy then, or lower the ' +
        "municipality's reservedConcurrency in infra/config.ts.",
    );
  }
  if (problems.length > 0) throw new InvalidDeploymentContext(problems);
}

/**
 * The RESPONSE_DEADLINE_DAYS variable (the functions check it with checkResponseDeadlineDays, the same rules): JSON in a fixed key
 * order, so that the template does not change with the order an override was written in.
 */
export function responseDeadlineDaysVariable(days: Readonly<ResponseDeadlineDays>): string {
  return JSON.stringify({ urgent: days.urgent, soon: days.soon, routine: days.routine });
}

// Context from `-c key=<json>` arrives as a string; anything else is validated as it is.
function parseJsonString(
  value: unknown,
  context: { addIssue: (issue: { code: 'custom'; message: string }) => void },
  expected: string,
): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    context.addIssue({ code: 'custom', message: `expected ${expected}` });
    return z.NEVER;
  }
}
