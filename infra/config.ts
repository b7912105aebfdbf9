// Deployment context (municipality, stage) validated once, and the typed per-stage settings derived from it.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

// The municipality id ends up in stack names, the Cognito domain prefix and the KMS alias, so it is kept to the
// characters all three accept (and short enough for the 63-character domain prefix).
export const deploymentContextSchema = z
  .object({
    municipality: z
      .string({ error: 'context "municipality" is required (cdk ... -c municipality=<id>)' })
      .regex(
        /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
        'lowercase letters, digits and inner hyphens, at most 40 characters',
      ),
    stage: z.enum(STAGES, { error: 'context "stage" must be "dev" or "prod"' }),
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
} as const;
export type FunctionName = keyof typeof FUNCTION_SETTINGS;

/** AWS recommends a source-queue visibility timeout of at least six times the consuming function's timeout. */
export const ROUTING_QUEUE_VISIBILITY_FACTOR = 6;
export const DLQ_MAX_RECEIVE_COUNT = 5;

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

export type AppConfig = StageConfig & { readonly municipality: string; readonly prefix: string };

/** The `-c municipality=… -c stage=…` context is missing or malformed. */
export class InvalidDeploymentContext extends Error {
  constructor(problems: readonly string[]) {
    super(`Invalid deployment context:\n  ${problems.join('\n  ')}`);
    this.name = 'InvalidDeploymentContext';
  }
}

/** Parses the raw CDK context; throws InvalidDeploymentContext naming each bad key. */
export function resolveConfig(rawContext: { municipality: unknown; stage: unknown }): AppConfig {
  const parsed = deploymentContextSchema.safeParse(rawContext);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'context'}: ${issue.message}`);
    throw new InvalidDeploymentContext(problems);
  }
  const { municipality, stage } = parsed.data;
  return { ...STAGE_CONFIGS[stage], municipality, prefix: `Lotse-${municipality}-${stage}` };
}
