// Environment configuration: parsed once at cold start by a zod schema, failing fast with the names of bad variables.
import { z } from 'zod';

const required = z.string().trim().min(1);

/** Variables every Lotse function receives (see infra). Resource names never have defaults. */
const baseEnvironment = {
  TABLE_NAME: required,
  MUNICIPALITY_ID: required,
  STAGE: required,
};

export const intakeConfigSchema = z.object({ ...baseEnvironment, ROUTING_QUEUE_URL: required });
export const readerConfigSchema = z.object(baseEnvironment);
export const routerConfigSchema = z.object(baseEnvironment);
export const sweeperConfigSchema = z.object({
  ...baseEnvironment,
  ROUTING_QUEUE_URL: required,
  STUCK_AFTER_SECONDS: z.coerce.number().int().nonnegative(),
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
