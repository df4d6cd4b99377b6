/**
 * Runs a long streamed export (a whole file's demands as JSON or CSV) with V8's heap kept small.
 * An export formats every row and drops it at once, fast: V8 answers that by growing its young
 * generation (up to 2 × 16 MiB) and by letting the old one grow before collecting it, and that
 * growth, not any row kept, was most of an export's peak memory (issue #21). V8's heap sizes can
 * only be set for the whole process at start, but these two flags are read each time the heap
 * would grow: the young generation stays at its starting size, the old one grows by a tenth
 * instead of doubling before its next collection.
 *
 * The flags are put back to V8's defaults before the command ends: the compiled-code cache that
 * bin/hongwu writes at exit carries a hash of V8's flags, and a cache written under changed flags
 * would be refused by every later run. A process started with its own heap flags keeps them.
 */
export async function withSteadyHeap<T>(work: () => Promise<T>): Promise<T> {
  const own = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((flag) =>
    /semi-space|heap-growing/.test(flag),
  );
  if (own) return work();
  const v8 = await import('node:v8');
  const set = (flags: Record<string, number>) => {
    for (const [flag, value] of Object.entries(flags)) v8.setFlagsFromString(`${flag}=${value}`);
  };
  set(STEADY);
  try {
    return await work();
  } finally {
    set(DEFAULTS);
  }
}

const STEADY = { '--semi-space-growth-factor': 1, '--heap-growing-percent': 10 };
/** V8's own defaults (`node --v8-options`). */
const DEFAULTS = { '--semi-space-growth-factor': 2, '--heap-growing-percent': 0 };
