import fc from 'fast-check';

/**
 * Runs a fast-check property reproducibly. Each run has a seed, random unless PROPERTY_SEED gives
 * one; a failure names the seed and the path of the shrunk case, so that
 * `PROPERTY_SEED=… PROPERTY_PATH=… npx vitest run <file>` replays exactly that case.
 * PROPERTY_RUNS sets how many cases (`fallback` when unset).
 */
export async function assertProperty<T>(property: fc.IAsyncProperty<T>, fallback = 25): Promise<void> {
  const seed = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : Math.floor(Math.random() * 2 ** 31);
  const path = process.env.PROPERTY_PATH || undefined;
  const details = await fc.check(property, { seed, path, numRuns: Number(process.env.PROPERTY_RUNS ?? fallback) });
  if (!details.failed) return;
  const replay =
    `PROPERTY_SEED=${details.seed}` +
    `${details.counterexamplePath ? ` PROPERTY_PATH=${details.counterexamplePath}` : ''}`;
  const error = new Error(`replay with ${replay}\n${fc.defaultReportMessage(details) ?? ''}`);
  if (details.errorInstance instanceof Error) error.cause = details.errorInstance;
  throw error;
}
