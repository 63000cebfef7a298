import fc from 'fast-check';

/** The seed every property uses: FUZZ_SEED when set (to replay a failure), else a fixed one. */
export const FUZZ_SEED = process.env.FUZZ_SEED === undefined ? 42 : Number(process.env.FUZZ_SEED);
if (!Number.isSafeInteger(FUZZ_SEED))
  throw new Error(`FUZZ_SEED must be an integer, not ${process.env.FUZZ_SEED}`);

/** FUZZ_SCALE multiplies every property's case count (0.1 for a quick look, 10 for a long hunt). */
const SCALE = process.env.FUZZ_SCALE === undefined ? 1 : Number(process.env.FUZZ_SCALE);
if (!(SCALE > 0)) throw new Error(`FUZZ_SCALE must be a positive number, not ${process.env.FUZZ_SCALE}`);

/** A property's case count at the suite's scale (at least 1). */
export const cases = (n: number): number => Math.max(1, Math.round(n * SCALE));

// Cases run by this file's properties so far (each test file is its own module instance).
let total = 0;

/** One line for a file's afterAll: how many cases its properties ran, with which seed. */
export const totalLine = (what: string): string => `fuzz: ${what}: ${total} cases in all, seed ${FUZZ_SEED}`;

/**
 * Runs a property `runs` times with the suite's seed and prints one summary line. On failure the
 * error starts with the name, the seed and how to replay it; fast-check's own report (the seed, the
 * shrink path and the counterexample) follows.
 */
export async function fuzz<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<string | undefined> | string | undefined | Promise<void> | void,
  runs: number,
  options: {
    /** Cases run first, before the random ones (inputs known to have broken something once). */
    examples?: T[];
    /** Report the first failing case as it is, without shrinking it (cases that take seconds). */
    noShrink?: boolean;
  } = {},
): Promise<void> {
  const started = performance.now();
  // What the cases came to (a check may name its outcome: answered, refused, ...), for the summary.
  const outcomes = new Map<string, number>();
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const outcome = await check(value);
        if (typeof outcome === 'string') outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      {
        numRuns: runs,
        seed: FUZZ_SEED,
        examples: (options.examples ?? []).map((e) => [e] as [T]),
        endOnFailure: options.noShrink ?? false,
      },
    );
  } catch (error) {
    const message = shorten(error instanceof Error ? error.message : String(error));
    throw new Error(
      `fuzz: ${name} failed with seed ${FUZZ_SEED} (replay: FUZZ_SEED=${FUZZ_SEED})\n${message}`,
      {
        cause: error,
      },
    );
  }
  total += runs;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const split = [...outcomes].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
  console.log(`fuzz: ${name} ${runs} cases${split ? ` (${split})` : ''}, seed ${FUZZ_SEED}, ${seconds} s`);
}

/** A counterexample of 10 kB strings, cut to what a person reads: long runs and long lines shortened. */
function shorten(text: string): string {
  return text
    .replace(/(.)\1{60,}/gsu, (run, c: string) => `${c.repeat(20)}…(${run.length} × ${JSON.stringify(c)})`)
    .split('\n')
    .map((line) => (line.length > 2000 ? `${line.slice(0, 2000)}…(${line.length - 2000} more)` : line))
    .join('\n');
}
