// Deployment context (municipality, stage, EU region, optional overrides) validated once, and the typed per-stage and
// per-municipality settings derived from it.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
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
        responseDeadlineDaysSchema,
      )
      .optional(),
    retentionDays: z
      .preprocess(
        (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
        z
          .number({ error: 'a whole number of days' })
          .int('a whole number of days')
          .min(1, 'at least 1 day')
          .max(MAX_RETENTION_DAYS, `at most ${MAX_RETENTION_DAYS} days`),
      )
      .optional(),
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
  /** Days after closure until a case's personal data expires (table TTL). */
  readonly retentionDays: number;
  /** The web app's origin (the municipality's domain for Lotse); dev falls back to the local runtime's address. */
  readonly webAppOrigin?: string;
  /** The municipality's name as the web app shows it ("Lotse Musterstadt"); without one, its id. */
  readonly displayName?: string;
};

export const DEFAULT_MUNICIPALITY_SETTINGS: MunicipalitySettings = {
  responseDeadlineDays: DEFAULT_RESPONSE_DEADLINE_DAYS,
  retentionDays: 180,
};

/**
 * What a municipality agreed differently from the defaults (its service agreement, its data-protection officer's
 * retention decision). A municipality without an entry gets the defaults; `-c` context overrides both.
 */
export const MUNICIPALITY_SETTINGS: Readonly<Record<string, Partial<MunicipalitySettings>>> = {
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
};

/** Parses the raw CDK context; throws InvalidDeploymentContext naming each bad key. */
export function resolveConfig(rawContext: RawDeploymentContext): AppConfig {
  const parsed = deploymentContextSchema.safeParse(rawContext);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'context'}: ${issue.message}`);
    throw new InvalidDeploymentContext(problems);
  }
  const { municipality, stage, region, webAppOrigin, responseDeadlineDays, retentionDays } = parsed.data;
  const agreed = { ...DEFAULT_MUNICIPALITY_SETTINGS, ...MUNICIPALITY_SETTINGS[municipality] };
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
  };
}

/** Where the per-office webhook secrets live: `<prefix><officeId>` in Secrets Manager. */
export function webhookSecretPrefix(config: Pick<AppConfig, 'municipality' | 'stage'>): string {
  return `lotse/${config.municipality}/${config.stage}/webhook/`;
}

/**
 * The RESPONSE_DEADLINE_DAYS variable (the functions parse it with responseDeadlineDaysSchema): JSON in a fixed key
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
