// The one way a Lambda function is defined: fixed runtime, architecture, bundling, logging and tracing, and bind
// methods that set a resource's environment variable together with the least-privilege grant for it.
import path from 'node:path';
import { type Duration, type RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, type Schedule } from 'aws-cdk-lib/aws-events';
import { type IGrantable, type IPrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../nag.ts';

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The tag the local runtime (and operators) use to find a function by its short name. */
export const FUNCTION_TAG = 'lotse:function';

// esbuild's ESM output cannot `require` Node built-ins that CommonJS dependencies still ask for; this shim gives
// the bundle a real `require` bound to the module's own URL.
const ESM_REQUIRE_SHIM =
  "import { createRequire as lotseCreateRequire } from 'node:module'; const require = lotseCreateRequire(import.meta.url);";

/**
 * What a function does with a table's items, one capability per kind of DynamoDB call: a function is bound with exactly
 * the capabilities its adapters use (a TransactWriteItems needs the capability of each item it contains).
 */
export type TableCapability = 'read' | 'conditionCheck' | 'put' | 'update' | 'delete' | 'batchWrite';

/** What binding needs of a table (structural, so `Table`, `TableV2` and imported tables all fit). */
export type BindableTable = {
  readonly tableName: string;
  readonly tableArn: string;
  readonly encryptionKey?: IKey | undefined;
};

// Transactions (TransactWriteItems) are authorised per contained action, so they need no own action; a ConditionCheck
// item inside one needs ConditionCheckItem (its own capability: only the catalogue's removal markers use it).
// BatchWriteItem is authorised on its own (not per contained Put/Delete), hence a capability
// of its own, for the one function that writes in bulk.
const TABLE_ACTIONS: Record<TableCapability, readonly string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  conditionCheck: ['dynamodb:ConditionCheckItem'],
  put: ['dynamodb:PutItem'],
  update: ['dynamodb:UpdateItem'],
  delete: ['dynamodb:DeleteItem'],
  batchWrite: ['dynamodb:BatchWriteItem'],
};
// DynamoDB asks KMS on the caller's behalf: decrypting the table key for every item access, generating and
// encrypting for writes of item data (a delete writes none).
const TABLE_KEY_ACTIONS: Record<TableCapability, readonly string[]> = {
  read: ['kms:Decrypt', 'kms:DescribeKey'],
  conditionCheck: ['kms:Decrypt', 'kms:DescribeKey'],
  put: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
  update: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
  delete: ['kms:Decrypt', 'kms:DescribeKey'],
  batchWrite: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
};
/** The canonical order of the capabilities (grants are written in it, whatever order the caller names them in). */
const TABLE_CAPABILITIES: readonly TableCapability[] = [
  'read',
  'conditionCheck',
  'put',
  'update',
  'delete',
  'batchWrite',
];
// A producer to a KMS-encrypted queue needs a data key; SQS documents exactly these two actions for it.
const QUEUE_SENDER_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;
// What Lambda's SQS poller needs (receive, delete, queue attributes) plus ChangeMessageVisibility, which a consumer
// calls itself to back off a failed message. No SendMessage: a poison message cannot re-enqueue itself.
const QUEUE_CONSUMER_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
] as const;
// Reading a message of a KMS-encrypted queue decrypts its data key.
const QUEUE_CONSUMER_KEY_ACTIONS = ['kms:Decrypt'] as const;
// Secrets Manager decrypts a secret's value with the secret's key on the reader's behalf.
const SECRET_KEY_ACTIONS = ['kms:Decrypt'] as const;

type KeyService = 'dynamodb' | 'sqs' | 'secretsmanager';

/** Settings every function of one deployment shares. */
export type ServiceFunctionDefaults = {
  readonly municipality: string;
  readonly stage: string;
  readonly logLevel: 'DEBUG' | 'INFO';
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Customer-managed key that encrypts the function's log group. */
  readonly logEncryptionKey: IKey;
};

export type ServiceFunctionProps = {
  /** Short name: the folder under `functions/` and the value of the `lotse:function` tag. */
  readonly name: string;
  readonly defaults: ServiceFunctionDefaults;
  readonly timeout: Duration;
  readonly memorySize: number;
  /**
   * Instances the function may run at once, kept for it in the account's pool (infra/config.ts,
   * DEFAULT_RESERVED_CONCURRENCY); a queue consumer's event source mapping polls no faster than this.
   */
  readonly reservedConcurrency: number;
  readonly description?: string;
  /** Extra variables; merged with the common ones (a clash with a common variable is an error, never a drop). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Defaults to `functions/<name>/handler.ts` in the repository. */
  readonly entry?: string;
};

export type TableBindingOptions = {
  /** Indexes the function may Query (needs `read`); only these index ARNs are granted (no `index/*` wildcard). */
  readonly indexNames?: readonly string[];
  /** Defaults to `TABLE_NAME`. */
  readonly environmentVariable?: string;
};

/** What binding needs of one secret (structural: GeneratedSecret and the L2 Secret both fit). */
export type BindableSecret = {
  readonly secretArn: string;
  readonly encryptionKey?: IKey | undefined;
};

/** A JWT authorizer of an HTTP API, as a function that keeps its audience needs it. */
export type ApiAudienceTarget = {
  readonly apiId: string;
  readonly authorizerId: string;
  readonly arn: string;
  readonly issuer: string;
  /** The client ids the stack puts in the audience; the function adds the registered ones. */
  readonly fixedAudience: readonly string[];
};

export type QueueConsumerOptions = {
  readonly batchSize: number;
  /** Also set this variable to the queue URL, for a consumer that calls the queue itself (ChangeMessageVisibility). */
  readonly environmentVariable?: string;
  /** Construct id of the mapping; needed only when a function consumes more than one queue. */
  readonly id?: string;
  readonly maxBatchingWindow?: Duration;
};

export class ServiceFunction extends Construct implements IGrantable {
  readonly name: string;
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly grantPrincipal: IPrincipal;
  readonly reservedConcurrency: number;
  private readonly environment: Map<string, string>;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { defaults } = props;
    this.name = props.name;
    if (!Number.isInteger(props.reservedConcurrency) || props.reservedConcurrency < 1) {
      throw new Error(`ServiceFunction ${props.name}: reservedConcurrency must be a whole number of at least 1`);
    }
    this.reservedConcurrency = props.reservedConcurrency;

    const common: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: 'lotse',
      POWERTOOLS_METRICS_NAMESPACE: 'Lotse',
      LOG_LEVEL: defaults.logLevel,
      MUNICIPALITY_ID: defaults.municipality,
      STAGE: defaults.stage,
    };
    for (const key of Object.keys(props.environment ?? {})) {
      if (key in common) throw new Error(`ServiceFunction ${props.name}: environment variable ${key} is set for you`);
    }
    this.environment = new Map(Object.entries({ ...common, ...props.environment }));

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: defaults.logRetention,
      encryptionKey: defaults.logEncryptionKey,
      removalPolicy: defaults.removalPolicy,
    });

    // An own role instead of the managed AWSLambdaBasicExecutionRole: it may write to this log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Lotse ${defaults.municipality} ${defaults.stage} ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.grantPrincipal = this.role;

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry ?? path.join(REPOSITORY_ROOT, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: path.join(REPOSITORY_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      reservedConcurrentExecutions: props.reservedConcurrency,
      ...(props.description === undefined ? {} : { description: props.description }),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: defaults.logLevel === 'DEBUG' ? ApplicationLogLevel.DEBUG : ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.INFO,
      tracing: Tracing.ACTIVE,
      environment: Object.fromEntries(this.environment),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        platform: 'node',
        mainFields: ['module', 'main'],
        minify: true,
        // The map ships beside the bundle but is not read at start-up (no --enable-source-maps: about 10 ms of every
        // cold start); `npm run stack-trace` maps a logged trace with it.
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Bundle the AWS SDK too: a pinned, tree-shaken SDK instead of whatever the runtime ships.
        externalModules: [],
        banner: ESM_REQUIRE_SHIM,
      },
    });
    // The role must carry its grants before the function is created, or a first invocation can fail.
    this.function.node.addDependency(this.role);
    Tags.of(this.function).add(FUNCTION_TAG, props.name);
    acknowledgeNag(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level ' +
        'permissions (resource must be "*"); every other statement of this role names its resources exactly.',
    );
  }

  /**
   * Sets `TABLE_NAME` (or the given variable) and grants exactly the item actions of `capabilities` on that table,
   * plus the KMS actions DynamoDB needs of the table's key for them (through DynamoDB only).
   */
  bindTable(table: BindableTable, capabilities: readonly TableCapability[], options: TableBindingOptions = {}): this {
    const granted = TABLE_CAPABILITIES.filter((capability) => capabilities.includes(capability));
    if (granted.length === 0) throw new Error(`ServiceFunction ${this.name}: a table binding needs a capability`);
    if ((options.indexNames ?? []).length > 0 && !granted.includes('read')) {
      throw new Error(`ServiceFunction ${this.name}: querying an index needs the read capability`);
    }
    this.setEnvironment(options.environmentVariable ?? 'TABLE_NAME', table.tableName);
    const actions = granted.flatMap((capability) => TABLE_ACTIONS[capability]);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [table.tableArn] }));
    const indexArns = (options.indexNames ?? []).map((indexName) => `${table.tableArn}/index/${indexName}`);
    if (indexArns.length > 0) {
      this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns }));
    }
    if (table.encryptionKey !== undefined) {
      const keyActions = new Set(granted.flatMap((capability) => TABLE_KEY_ACTIONS[capability]));
      this.grantKeyViaService(table.encryptionKey, 'dynamodb', [...keyActions]);
    }
    return this;
  }

  /**
   * Sets `USER_POOL_ID` and grants exactly `actions` on that user pool (e.g. the account administration the
   * coordinator function performs); nothing on any other pool.
   */
  bindUserPool(
    userPool: { readonly userPoolId: string; readonly userPoolArn: string },
    actions: readonly string[],
  ): this {
    this.setEnvironment('USER_POOL_ID', userPool.userPoolId);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [userPool.userPoolArn] }));
    return this;
  }

  /**
   * Sets the `API_*` variables of the HTTP API's JWT authorizer whose audience follows the registered clients, and
   * grants reading and updating that one authorizer (apigateway:GET and PATCH on its ARN), nothing else of the API.
   */
  bindApiAudience(authorizer: ApiAudienceTarget): this {
    this.setEnvironment('API_ID', authorizer.apiId);
    this.setEnvironment('API_AUTHORIZER_ID', authorizer.authorizerId);
    this.setEnvironment('API_AUTHORIZER_ISSUER', authorizer.issuer);
    this.setEnvironment('API_FIXED_AUDIENCE', authorizer.fixedAudience.join(','));
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['apigateway:GET', 'apigateway:PATCH'], resources: [authorizer.arn] }),
    );
    return this;
  }

  /** Sets `ROUTING_QUEUE_URL` (or the given variable) and grants SendMessage on that queue only. */
  bindQueueSender(queue: IQueue, environmentVariable = 'ROUTING_QUEUE_URL'): this {
    this.setEnvironment(environmentVariable, queue.queueUrl);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
    if (queue.encryptionMasterKey !== undefined) {
      this.grantKeyViaService(queue.encryptionMasterKey, 'sqs', QUEUE_SENDER_KEY_ACTIONS);
    }
    return this;
  }

  /**
   * Subscribes the function to the queue with partial batch failures on, and grants receive, delete, change
   * visibility and get attributes on that queue only (plus decrypting its messages through SQS). The mapping's
   * construct id is fixed (not derived from the queue's path, which contains the stack name) so that logical ids
   * are the same in every stage.
   */
  bindQueueConsumer(queue: IQueue, options: QueueConsumerOptions): this {
    if (options.environmentVariable !== undefined) this.setEnvironment(options.environmentVariable, queue.queueUrl);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...QUEUE_CONSUMER_ACTIONS], resources: [queue.queueArn] }),
    );
    if (queue.encryptionMasterKey !== undefined) {
      this.grantKeyViaService(queue.encryptionMasterKey, 'sqs', QUEUE_CONSUMER_KEY_ACTIONS);
    }
    this.function.addEventSourceMapping(options.id ?? 'QueueEventSource', {
      eventSourceArn: queue.queueArn,
      batchSize: options.batchSize,
      reportBatchItemFailures: true,
      // Lambda's SQS pollers would otherwise scale past the reservation, and each throttled batch counts a receive
      // towards the dead-letter queue. SQS takes 2 at the least.
      maxConcurrency: Math.max(2, this.reservedConcurrency),
      ...(options.maxBatchingWindow === undefined ? {} : { maxBatchingWindow: options.maxBatchingWindow }),
    });
    return this;
  }

  /**
   * Sets `environmentVariable` to the secret's ARN (never its value: the function reads it at run time) and grants
   * secretsmanager:GetSecretValue on that one secret, nothing else (no describing, listing or writing), plus kms:Decrypt
   * of its customer-managed key through Secrets Manager for that secret only.
   */
  bindSecret(secret: BindableSecret, environmentVariable: string): this {
    this.setEnvironment(environmentVariable, secret.secretArn);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    );
    if (secret.encryptionKey !== undefined) {
      this.grantKeyViaService(secret.encryptionKey, 'secretsmanager', SECRET_KEY_ACTIONS, {
        StringEquals: { 'kms:EncryptionContext:SecretARN': secret.secretArn },
      });
    }
    return this;
  }

  /** Invokes the function on a schedule with a constant input (default `{}`); only that rule may invoke it. */
  /**
   * Without `input` the function receives EventBridge's scheduled event itself, whose `time` is the scheduled time
   * (the sweeper takes its "now" from it); with `input` it receives that constant object instead.
   */
  bindSchedule(schedule: Schedule, input?: Record<string, unknown>): Rule {
    const target = this.function;
    const rule = new Rule(this, 'Schedule', { schedule, description: `Runs the ${this.name} function` });
    rule.addTarget({
      bind: () => ({
        arn: target.functionArn,
        ...(input === undefined ? {} : { input: RuleTargetInput.fromObject(input) }),
        // The next scheduled run is the retry: a failed run is not re-delivered on top of it.
        retryPolicy: { maximumRetryAttempts: 0 },
      }),
    });
    // Own permission with a fixed id (the events-targets helper derives it from the stack name).
    target.addPermission('ScheduleInvoke', {
      principal: new ServicePrincipal('events.amazonaws.com'),
      sourceArn: rule.ruleArn,
    });
    return rule;
  }

  // The key is usable only through the service that owns the data (kms:ViaService), never directly by the code.
  private grantKeyViaService(
    key: IKey,
    service: KeyService,
    actions: readonly string[],
    extraConditions: Record<string, Record<string, unknown>> = {},
  ): void {
    const region = Stack.of(this).region;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...actions],
        resources: [key.keyArn],
        conditions: {
          ...extraConditions,
          StringEquals: { ...extraConditions.StringEquals, 'kms:ViaService': `${service}.${region}.amazonaws.com` },
        },
      }),
    );
  }

  private setEnvironment(key: string, value: string): void {
    if (this.environment.has(key)) throw new Error(`ServiceFunction ${this.name}: ${key} is already bound`);
    this.environment.set(key, value);
    this.function.addEnvironment(key, value);
  }
}
