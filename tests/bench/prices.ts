// List prices for eu-central-1 (Frankfurt) used by the cost section: the one place they are kept, with date and source.
//
// Transcribed by hand from the public AWS pricing pages on 2026-11-26 (on-demand, no free tier, first pricing tier,
// USD). The pages render regional prices in the browser, so re-check them there before quoting a figure elsewhere.

export const PRICES_AS_OF = '2026-11-26';
export const PRICES_REGION = 'eu-central-1';

export const PRICES = {
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    /** Per request (USD 0.20 per million). */
    perRequest: 0.2 / 1_000_000,
    /** Per GB-second of duration on arm64 (the functions' architecture), first tier; billed in 1 ms steps. */
    perGbSecondArm: 0.000_013_333_4,
  },
  apiGateway: {
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    /** HTTP API, per request (USD 1.20 per million, first 300 million a month). */
    perHttpRequest: 1.2 / 1_000_000,
  },
  dynamodb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    /** On-demand (PAY_PER_REQUEST), Standard table class: per write request unit (USD 0.7625 per million). */
    perWriteRequestUnit: 0.7625 / 1_000_000,
    /** Per read request unit (USD 0.1525 per million). */
    perReadRequestUnit: 0.1525 / 1_000_000,
  },
  sqs: {
    source: 'https://aws.amazon.com/sqs/pricing/',
    /** Standard queue, per request (each 64 KB chunk of a payload is one request; USD 0.40 per million). */
    perRequest: 0.4 / 1_000_000,
  },
  cloudWatchLogs: {
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    /** Standard log class, per GB ingested (USD 0.63). */
    perGbIngested: 0.63,
  },
  secretsManager: {
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    /** Per API call (USD 0.05 per 10,000). */
    perApiCall: 0.05 / 10_000,
  },
} as const;
