// Throughput measurement for `npm run bench`. These machines are noisy, so a
// number is only reported beside a baseline measured in the same run, and the
// two alternate in rounds so that drift hits both alike.

export interface Rate {
  name: string;
  perSecond: number;
}

/** Runs `fn` in batches for about `ms` milliseconds and returns calls per second. */
function rate(fn: () => void, ms: number): number {
  let batch = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    const elapsed = performance.now() - t0;
    if (elapsed >= ms) return (batch * 1000) / elapsed;
    batch *= elapsed < ms / 10 ? 10 : 2;
  }
}

/**
 * Measures `subject` against `baseline` in alternating rounds (after a warm-up)
 * and prints both rates and subject/baseline, taking each one's best round.
 */
export function compare(title: string, subject: [string, () => void], baseline: [string, () => void], rounds = 5, ms = 200): number {
  rate(subject[1], 50);
  rate(baseline[1], 50);
  let best = [0, 0];
  for (let r = 0; r < rounds; r++) {
    best = [Math.max(best[0], rate(subject[1], ms)), Math.max(best[1], rate(baseline[1], ms))];
  }
  const ratio = best[0] / best[1];
  console.log(`${title}`);
  console.log(`  ${subject[0].padEnd(34)} ${Math.round(best[0]).toLocaleString("en").padStart(12)} /s`);
  console.log(`  ${baseline[0].padEnd(34)} ${Math.round(best[1]).toLocaleString("en").padStart(12)} /s`);
  console.log(`  ratio ${ratio.toFixed(2)}x\n`);
  return ratio;
}
