// Values built on their first use and kept: what a function does not need to start (zod schemas only a request or the
// OpenAPI document reads, SDK clients only some requests use), so a cold start does not build them.

/** `build` runs once, on the first call; every later call answers the same value (the same instance). */
export function lazily<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
