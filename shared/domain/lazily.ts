// Values built on their first use and kept: the zod schemas a function does not need to start (response schemas,
// bodies and documents only a request or the OpenAPI document reads), so a cold start does not build them.

/** `build` runs once, on the first call; every later call answers the same value (the same schema instance). */
export function lazily<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
