// Resolves CloudFormation intrinsic functions in synthesized templates against local stand-ins for cloud resources.
import type { CfnResource, CfnTemplate, StackTemplate } from './cloud-assembly.ts';

/** Where the local copies of cloud resources live; every cloud name, ARN and URL is derived from these. */
export type LocalBindings = {
  readonly region: string;
  readonly accountId: string;
  /** The URL a local client uses for the queue with this (local) name. */
  readonly queueUrl: (queueName: string) => string;
  /** The local gateway's base URL, for an HTTP API's `ApiEndpoint`. */
  readonly apiUrl: string;
};

/** What a resource is called locally, and how `Ref` and `Fn::GetAtt` on it resolve. */
export type LocalIdentity = {
  readonly name: string;
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
};

// `AWS::NoValue` removes the property or list element it stands for.
const NO_VALUE = Symbol('AWS::NoValue');

export class UnresolvableIntrinsic extends Error {
  override readonly name = 'UnresolvableIntrinsic';
}

type Json = unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tagValue(resource: CfnResource, key: string): string | undefined {
  const tags = resource.Properties?.Tags;
  if (!Array.isArray(tags)) return undefined;
  for (const tag of tags) {
    if (isRecord(tag) && tag.Key === key && typeof tag.Value === 'string') return tag.Value;
  }
  return undefined;
}

/** The tag that names a project function; functions without it (e.g. CDK helper functions) are not run locally. */
export const FUNCTION_TAG = 'lotse:function';

export function functionShortName(resource: CfnResource): string | undefined {
  return tagValue(resource, FUNCTION_TAG);
}

function literalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Local names: an explicit physical name from the template when it is a literal, else the logical id (unique
 * across the assembly; on a clash the stack name is prefixed).
 */
export function localNames(stacks: readonly StackTemplate[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Map<string, number>();
  const candidates: [string, string][] = [];
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const props = resource.Properties ?? {};
      let name: string | undefined;
      switch (resource.Type) {
        case 'AWS::DynamoDB::Table':
        case 'AWS::DynamoDB::GlobalTable':
          name = literalString(props.TableName);
          break;
        case 'AWS::SQS::Queue':
          name = literalString(props.QueueName) ?? (props.FifoQueue === true ? `${logicalId}.fifo` : undefined);
          break;
        case 'AWS::Lambda::Function':
          name = functionShortName(resource) ?? literalString(props.FunctionName);
          break;
        case 'AWS::Events::Rule':
          name = literalString(props.Name);
          break;
        default:
          break;
      }
      const chosen = name ?? logicalId;
      candidates.push([`${stack.stackName}/${logicalId}`, chosen]);
      taken.set(chosen, (taken.get(chosen) ?? 0) + 1);
    }
  }
  for (const [key, chosen] of candidates) {
    const stackName = key.slice(0, key.indexOf('/'));
    names.set(key, (taken.get(chosen) ?? 0) > 1 ? `${stackName}-${chosen}` : chosen);
  }
  return names;
}

function identityOf(resource: CfnResource, logicalId: string, name: string, bindings: LocalBindings): LocalIdentity {
  const { region, accountId } = bindings;
  const arn = (service: string, rest: string) => `arn:aws:${service}:${region}:${accountId}:${rest}`;
  switch (resource.Type) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': {
      const tableArn = arn('dynamodb', `table/${name}`);
      return { name, ref: name, attributes: { Arn: tableArn, StreamArn: `${tableArn}/stream/local`, TableId: name } };
    }
    case 'AWS::SQS::Queue': {
      const url = bindings.queueUrl(name);
      return { name, ref: url, attributes: { Arn: arn('sqs', name), QueueName: name, QueueUrl: url } };
    }
    case 'AWS::Lambda::Function':
      return { name, ref: name, attributes: { Arn: arn('lambda', `function:${name}`) } };
    case 'AWS::Cognito::UserPool': {
      const id = `${region}_${logicalId}`;
      return {
        name: id,
        ref: id,
        attributes: {
          Arn: arn('cognito-idp', `userpool/${id}`),
          ProviderName: `cognito-idp.${region}.amazonaws.com/${id}`,
          ProviderURL: `https://cognito-idp.${region}.amazonaws.com/${id}`,
          UserPoolId: id,
        },
      };
    }
    case 'AWS::Cognito::UserPoolClient':
      return { name, ref: `local-${logicalId}`, attributes: { ClientId: `local-${logicalId}`, Name: name } };
    case 'AWS::KMS::Key':
      return {
        name,
        ref: `local-${logicalId}`,
        attributes: { Arn: arn('kms', `key/local-${logicalId}`), KeyId: name },
      };
    case 'AWS::IAM::Role':
      return { name, ref: name, attributes: { Arn: `arn:aws:iam::${accountId}:role/${name}`, RoleId: name } };
    case 'AWS::Logs::LogGroup': {
      const groupName = literalString(resource.Properties?.LogGroupName) ?? `/aws/local/${name}`;
      return { name: groupName, ref: groupName, attributes: { Arn: arn('logs', `log-group:${groupName}:*`) } };
    }
    case 'AWS::Events::Rule':
      return { name, ref: name, attributes: { Arn: arn('events', `rule/${name}`) } };
    case 'AWS::SNS::Topic': {
      const topicArn = arn('sns', name);
      return { name, ref: topicArn, attributes: { TopicArn: topicArn, TopicName: name } };
    }
    case 'AWS::ApiGatewayV2::Api':
      return { name, ref: name, attributes: { ApiEndpoint: bindings.apiUrl, ApiId: name } };
    default:
      return { name, ref: logicalId, attributes: {} };
  }
}

/** Resolves intrinsic functions of any stack of one assembly, following `Fn::ImportValue` to the exporting stack. */
export class IntrinsicResolver {
  readonly #stacks: Map<string, StackTemplate>;
  readonly #bindings: LocalBindings;
  readonly #names: Map<string, string>;
  readonly #exports = new Map<string, { stackName: string; value: Json }>();
  readonly #conditionCache = new Map<string, boolean>();

  constructor(stacks: readonly StackTemplate[], bindings: LocalBindings) {
    this.#stacks = new Map(stacks.map((stack) => [stack.stackName, stack]));
    this.#bindings = bindings;
    this.#names = localNames(stacks);
    for (const stack of stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export === undefined) continue;
        const exportName = this.resolve(stack.stackName, output.Export.Name);
        if (typeof exportName === 'string')
          this.#exports.set(exportName, { stackName: stack.stackName, value: output.Value });
      }
    }
  }

  get bindings(): LocalBindings {
    return this.#bindings;
  }

  localName(stackName: string, logicalId: string): string {
    return this.#names.get(`${stackName}/${logicalId}`) ?? logicalId;
  }

  identity(stackName: string, logicalId: string): LocalIdentity {
    const resource = this.#template(stackName).Resources?.[logicalId];
    if (resource === undefined) throw new UnresolvableIntrinsic(`${stackName}: no resource ${logicalId}`);
    return identityOf(resource, logicalId, this.localName(stackName, logicalId), this.#bindings);
  }

  /** Whether a resource exists in this deployment (its `Condition`, if any, holds). */
  isIncluded(stackName: string, resource: CfnResource): boolean {
    return resource.Condition === undefined || this.condition(stackName, resource.Condition);
  }

  condition(stackName: string, name: string): boolean {
    const key = `${stackName}/${name}`;
    const cached = this.#conditionCache.get(key);
    if (cached !== undefined) return cached;
    const expression = this.#template(stackName).Conditions?.[name];
    if (expression === undefined) throw new UnresolvableIntrinsic(`${stackName}: no condition ${name}`);
    const value = this.#evaluateCondition(stackName, expression);
    this.#conditionCache.set(key, value);
    return value;
  }

  /** Resolves a property value; throws UnresolvableIntrinsic for what it cannot resolve. */
  resolve(stackName: string, value: Json): Json {
    const resolved = this.#resolve(stackName, value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** Resolves a value that must end up a string (numbers and booleans are stringified as CloudFormation does). */
  resolveString(stackName: string, value: Json): string {
    const resolved = this.resolve(stackName, value);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    throw new UnresolvableIntrinsic(`${stackName}: expected a string, got ${JSON.stringify(resolved)}`);
  }

  #template(stackName: string): CfnTemplate {
    const stack = this.#stacks.get(stackName);
    if (stack === undefined) throw new UnresolvableIntrinsic(`no stack ${stackName}`);
    return stack.template;
  }

  #evaluateCondition(stackName: string, expression: Json): boolean {
    if (typeof expression === 'boolean') return expression;
    if (!isRecord(expression))
      throw new UnresolvableIntrinsic(`${stackName}: bad condition ${JSON.stringify(expression)}`);
    const [fn, args] = Object.entries(expression)[0] ?? [];
    const list = Array.isArray(args) ? args : [];
    switch (fn) {
      case 'Condition':
        return this.condition(stackName, String(args));
      case 'Fn::Equals':
        return JSON.stringify(this.resolve(stackName, list[0])) === JSON.stringify(this.resolve(stackName, list[1]));
      case 'Fn::Not':
        return !this.#evaluateCondition(stackName, list[0]);
      case 'Fn::And':
        return list.every((item) => this.#evaluateCondition(stackName, item));
      case 'Fn::Or':
        return list.some((item) => this.#evaluateCondition(stackName, item));
      default:
        throw new UnresolvableIntrinsic(`${stackName}: unsupported condition function ${String(fn)}`);
    }
  }

  #pseudo(stackName: string, name: string): Json | undefined {
    const { region, accountId } = this.#bindings;
    switch (name) {
      case 'AWS::Region':
        return region;
      case 'AWS::AccountId':
        return accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stackName;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/local`;
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::NotificationARNs':
        return [];
      default:
        return undefined;
    }
  }

  #ref(stackName: string, name: string): Json {
    const pseudo = this.#pseudo(stackName, name);
    if (pseudo !== undefined) return pseudo;
    const template = this.#template(stackName);
    const parameter = template.Parameters?.[name];
    if (parameter !== undefined) {
      if (parameter.Default === undefined)
        throw new UnresolvableIntrinsic(`${stackName}: parameter ${name} has no default`);
      return parameter.Default;
    }
    return this.identity(stackName, name).ref;
  }

  #getAtt(stackName: string, logicalId: string, attribute: string): string {
    const identity = this.identity(stackName, logicalId);
    const value = identity.attributes[attribute];
    if (value === undefined)
      throw new UnresolvableIntrinsic(`${stackName}: no local value for ${logicalId}.${attribute}`);
    return value;
  }

  #sub(stackName: string, args: Json): string {
    const [text, variables] = Array.isArray(args) ? [args[0], args[1]] : [args, undefined];
    if (typeof text !== 'string') throw new UnresolvableIntrinsic(`${stackName}: Fn::Sub needs a string`);
    const vars = isRecord(variables) ? variables : {};
    return text.replace(/\$\{([^}]*)\}/g, (_match, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      if (expression in vars) return this.resolveString(stackName, vars[expression]);
      const dot = expression.indexOf('.');
      if (dot > 0 && this.#pseudo(stackName, expression) === undefined) {
        return this.#getAtt(stackName, expression.slice(0, dot), expression.slice(dot + 1));
      }
      const value = this.#ref(stackName, expression);
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new UnresolvableIntrinsic(`${stackName}: \${${expression}} is not a string`);
      }
      return String(value);
    });
  }

  #importValue(stackName: string, nameExpression: Json): Json {
    const name = this.resolveString(stackName, nameExpression);
    const exported = this.#exports.get(name);
    if (exported === undefined) throw new UnresolvableIntrinsic(`${stackName}: no stack exports ${name}`);
    return this.resolve(exported.stackName, exported.value);
  }

  #resolve(stackName: string, value: Json): Json {
    if (Array.isArray(value)) {
      return value.map((item) => this.#resolve(stackName, item)).filter((item) => item !== NO_VALUE);
    }
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    const [fn] = keys;
    if (keys.length === 1 && fn !== undefined && (fn === 'Ref' || fn.startsWith('Fn::') || fn === 'Condition')) {
      return this.#intrinsic(stackName, fn, value[fn]);
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = this.#resolve(stackName, item);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  #intrinsic(stackName: string, fn: string, args: Json): Json {
    const list = Array.isArray(args) ? args : [];
    switch (fn) {
      case 'Ref':
        return this.#ref(stackName, String(args));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(args)
          ? [String(args[0]), this.resolveString(stackName, args[1])]
          : String(args).split(/\.(.*)/s);
        return this.#getAtt(stackName, String(logicalId), String(attribute));
      }
      case 'Fn::Join': {
        const parts = this.resolve(stackName, list[1]);
        if (!Array.isArray(parts)) throw new UnresolvableIntrinsic(`${stackName}: Fn::Join needs a list`);
        return parts.map((part) => String(part)).join(String(list[0]));
      }
      case 'Fn::Select': {
        const index = Number(this.resolve(stackName, list[0]));
        const items = this.resolve(stackName, list[1]);
        if (!Array.isArray(items) || !(index in items)) {
          throw new UnresolvableIntrinsic(`${stackName}: Fn::Select index ${index} out of range`);
        }
        return items[index];
      }
      case 'Fn::Split': {
        const source = this.resolveString(stackName, list[1]);
        return source.split(String(list[0]));
      }
      case 'Fn::Sub':
        return this.#sub(stackName, args);
      case 'Fn::ImportValue':
        return this.#importValue(stackName, args);
      case 'Fn::If':
        return this.#resolve(stackName, this.condition(stackName, String(list[0])) ? list[1] : list[2]);
      case 'Fn::Base64':
        return Buffer.from(this.resolveString(stackName, args)).toString('base64');
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.#bindings.region}${zone}`);
      case 'Fn::FindInMap': {
        const [map, top, second] = list.map((item) => this.resolveString(stackName, item));
        const found = this.#template(stackName).Mappings?.[String(map)]?.[String(top)]?.[String(second)];
        if (found === undefined) throw new UnresolvableIntrinsic(`${stackName}: no mapping ${map}.${top}.${second}`);
        return found;
      }
      case 'Fn::ToJsonString':
        return JSON.stringify(this.resolve(stackName, args));
      case 'Condition':
        return this.condition(stackName, String(args));
      default:
        throw new UnresolvableIntrinsic(`${stackName}: unsupported intrinsic ${fn}`);
    }
  }
}
