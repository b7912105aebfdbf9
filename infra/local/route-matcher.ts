// Matches a request to an HTTP API route key the way API Gateway does: most specific path first, `$default` last.
import type { RouteModel } from './app-model.ts';

export type RouteMatch = { readonly route: RouteModel; readonly pathParameters: Record<string, string> };

type Compiled = {
  readonly route: RouteModel;
  readonly segments: readonly { readonly literal?: string; readonly parameter?: string; readonly greedy?: boolean }[];
};

function compile(route: RouteModel): Compiled {
  const segments = (route.path ?? '')
    .split('/')
    .slice(1)
    .map((segment) => {
      const parameter = /^\{([^}]+)\}$/.exec(segment)?.[1];
      if (parameter === undefined) return { literal: segment };
      return parameter.endsWith('+') ? { parameter: parameter.slice(0, -1), greedy: true } : { parameter };
    });
  return { route, segments };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// Rank per segment: literal > parameter > greedy; an exact method beats ANY.
function score(compiled: Compiled, method: string): number[] {
  return [
    ...compiled.segments.map((segment) => (segment.literal !== undefined ? 3 : segment.greedy ? 1 : 2)),
    compiled.route.method === method ? 1 : 0,
  ];
}

function compareScores(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function matchPath(compiled: Compiled, requestSegments: readonly string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of compiled.segments.entries()) {
    if (segment.greedy === true) {
      const rest = requestSegments.slice(index);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      parameters[segment.parameter ?? 'proxy'] = decode(rest.join('/'));
      return parameters;
    }
    const actual = requestSegments[index];
    if (actual === undefined) return undefined;
    if (segment.literal !== undefined) {
      if (segment.literal !== actual) return undefined;
    } else {
      if (actual === '') return undefined;
      parameters[segment.parameter ?? ''] = decode(actual);
    }
  }
  return requestSegments.length === compiled.segments.length ? parameters : undefined;
}

export function createRouteMatcher(routes: readonly RouteModel[]) {
  const compiled = routes.filter((route) => route.path !== undefined).map(compile);
  const fallback = routes.find((route) => route.routeKey === '$default');
  return {
    match(method: string, rawPath: string): RouteMatch | undefined {
      const upper = method.toUpperCase();
      const requestSegments = rawPath.split('/').slice(1);
      let best: { match: RouteMatch; score: number[] } | undefined;
      for (const candidate of compiled) {
        if (candidate.route.method !== upper && candidate.route.method !== 'ANY') continue;
        const pathParameters = matchPath(candidate, requestSegments);
        if (pathParameters === undefined) continue;
        const candidateScore = score(candidate, upper);
        if (best === undefined || compareScores(candidateScore, best.score) > 0) {
          best = { match: { route: candidate.route, pathParameters }, score: candidateScore };
        }
      }
      if (best !== undefined) return best.match;
      return fallback === undefined ? undefined : { route: fallback, pathParameters: {} };
    },
  };
}
