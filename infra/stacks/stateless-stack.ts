// Stateless stack: the functions, the HTTP API in front of them, the routing consumer and the sweeper schedule.
// Everything here can be destroyed and redeployed without losing data.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { type AppConfig, FUNCTION_SETTINGS, type FunctionName } from '../config.ts';
import { scopeOf } from '../constructs/api-user-pool.ts';
import {
  ServiceFunction,
  type ServiceFunctionDefaults,
  type ServiceFunctionProps,
} from '../constructs/service-function.ts';
import { ServiceHttpApi } from '../constructs/service-http-api.ts';
import { type StatefulStack, TABLE_INDEXES } from './stateful-stack.ts';

export type StatelessStackProps = StackProps & { readonly config: AppConfig; readonly stateful: StatefulStack };

export class StatelessStack extends Stack {
  readonly api: ServiceHttpApi;
  readonly functions: Record<FunctionName, ServiceFunction>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const { table, key } = stateful;
    const routingQueue = stateful.routing.queue;
    // Only the sweeper queries an index (GSI2, cases still `received`); nobody else is granted any index.
    const sweepIndex = [TABLE_INDEXES.gsi2.indexName];

    const defaults: ServiceFunctionDefaults = {
      municipality: config.municipality,
      stage: config.stage,
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
      logEncryptionKey: key,
    };
    const serviceFunction = (
      constructId: string,
      name: FunctionName,
      extra: Pick<ServiceFunctionProps, 'description'> & Partial<Pick<ServiceFunctionProps, 'environment'>> = {},
    ): ServiceFunction =>
      new ServiceFunction(this, constructId, {
        name,
        defaults,
        timeout: FUNCTION_SETTINGS[name].timeout,
        memorySize: FUNCTION_SETTINGS[name].memorySize,
        ...extra,
      });

    const intake = serviceFunction('Intake', 'intake', { description: 'POST /v1/referrals: validate, store, enqueue' })
      .bindTable(table, 'readWrite')
      .bindQueueSender(routingQueue);
    const referrer = serviceFunction('Referrer', 'referrer', {
      description: 'GET /v1/referrals/{referralId}: milestones for the referrer',
    }).bindTable(table, 'read');
    const office = serviceFunction('Office', 'office', { description: 'GET /v1/cases/{caseId}: the full case' })
      // Read-only in this issue; the office workflow (accept, decline, opened events) switches it to readWrite.
      .bindTable(table, 'read');
    const router = serviceFunction('Router', 'router', {
      description: 'Routing queue consumer: assign office, propose offers',
    })
      .bindTable(table, 'readWrite')
      .bindQueueConsumer(routingQueue, { batchSize: FUNCTION_SETTINGS.router.batchSize });
    const sweeper = serviceFunction('Sweeper', 'sweeper', {
      description: 'Re-enqueues cases stuck in received (heals a crash between store and enqueue)',
      environment: { STUCK_AFTER_SECONDS: String(config.sweeper.stuckAfterSeconds) },
    })
      .bindTable(table, 'read', { indexNames: sweepIndex })
      .bindQueueSender(routingQueue);
    sweeper.bindSchedule(Schedule.rate(config.sweeper.schedule), {});
    this.functions = { intake, referrer, office, router, sweeper };

    const { clients } = stateful.auth;
    this.api = new ServiceHttpApi(this, 'Api', {
      apiName: `${config.prefix}-api`,
      userPool: stateful.auth.userPool,
      userPoolClients: [clients.referrer, clients.office, clients.coordinator],
      userPoolRegion: stateful.region,
      throttle: config.apiThrottle,
      logRetention: config.logRetention,
      logEncryptionKey: key,
      removalPolicy: config.removalPolicy,
    });
    this.api.addRoute({
      method: HttpMethod.POST,
      path: '/v1/referrals',
      target: intake,
      scopes: [scopeOf('referrer')],
    });
    this.api.addRoute({
      method: HttpMethod.GET,
      path: '/v1/referrals/{referralId}',
      target: referrer,
      scopes: [scopeOf('referrer')],
    });
    this.api.addRoute({
      method: HttpMethod.GET,
      path: '/v1/cases/{caseId}',
      target: office,
      scopes: [scopeOf('office'), scopeOf('coordinator')],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
  }
}
