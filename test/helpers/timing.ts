/**
 * Time limits that hold on a loaded machine: a limit is a generous multiple of a baseline measured
 * in the same run (the machine's speed right now), and never below a floor. What such a limit
 * catches is a hang or a blow-up (a retry loop, quadratic work), not a few slow milliseconds.
 */
export function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

export async function timedAsync<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** `ratio` times the baseline, at least `floorMs`. */
export const budget = (baselineMs: number, ratio: number, floorMs: number) => Math.max(baselineMs * ratio, floorMs);
