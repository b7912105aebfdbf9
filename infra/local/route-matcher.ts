// Matches a request to an HTTP API route key the way API Gateway does for the routes the stacks create
// (`METHOD /literal/{parameter}`): the exact method, and at each segment a literal before a parameter.
import type { RouteModel } from './app-model.ts';

export type RouteMatch = { readonly route: RouteModel; readonly pathParameters: Record<string, string> };

type Segment = { readonly literal: string } | { readonly parameter: string };
type Compiled = { readonly route: RouteModel; readonly segments: readonly Segment[] };

function compile(route: RouteModel): Compiled {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((segment): Segment => {
      const parameter = /^\{([^}]+)\}$/.exec(segment)?.[1];
      return parameter === undefined ? { literal: segment } : { parameter };
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

function matchPath(compiled: Compiled, requestSegments: readonly string[]): Record<string, string> | undefined {
  if (requestSegments.length !== compiled.segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, segment] of compiled.segments.entries()) {
    const actual = requestSegments[index] ?? '';
    if ('literal' in segment) {
      if (segment.literal !== actual) return undefined;
    } else {
      if (actual === '') return undefined;
      parameters[segment.parameter] = decode(actual);
    }
  }
  return parameters;
}

/** Whether `a` is the more specific route: the first segment where they differ is a literal in `a`. */
function moreSpecific(a: Compiled, b: Compiled): boolean {
  const index = a.segments.findIndex((segment, at) => 'literal' in segment !== 'literal' in (b.segments[at] ?? {}));
  return index >= 0 && 'literal' in (a.segments[index] ?? {});
}

export function createRouteMatcher(routes: readonly RouteModel[]) {
  const compiled = routes.map(compile);
  return {
    match(method: string, rawPath: string): RouteMatch | undefined {
      const upper = method.toUpperCase();
      const requestSegments = rawPath.split('/').slice(1);
      let best: { compiled: Compiled; pathParameters: Record<string, string> } | undefined;
      for (const candidate of compiled) {
        if (candidate.route.method !== upper) continue;
        const pathParameters = matchPath(candidate, requestSegments);
        if (pathParameters === undefined) continue;
        if (best === undefined || moreSpecific(candidate, best.compiled))
          best = { compiled: candidate, pathParameters };
      }
      return best === undefined ? undefined : { route: best.compiled.route, pathParameters: best.pathParameters };
    },
  };
}
