// Throughput measurement for `npm run bench`. These machines are noisy and
// shared, so a number is only reported beside a baseline measured in the same
// run: the two alternate in rounds so that drift hits both alike, and each
// side's median round is reported. Each round is timed twice: by the clock,
// and by the process's CPU time, which leaves out the time other work on the
// machine took the CPU away (it counts all of node's threads, so a baseline
// that makes garbage also pays for collecting it).

export interface Options {
  /** Alternating rounds per side (the median is reported). */
  rounds?: number;
  /** Milliseconds per round. */
  ms?: number;
  /** Bytes one call processes: adds MB/s and ns per byte. */
  bytes?: number;
}

export interface Comparison {
  /** Calls per second by the clock, median round. */
  subject: number;
  baseline: number;
  /** subject / baseline. */
  ratio: number;
  /** Calls per second of CPU time, median round. */
  subjectCpu: number;
  baselineCpu: number;
}

interface Rate {
  wall: number;
  cpu: number;
}

/** Runs `fn` in batches for about `ms` milliseconds and returns calls per second, by the clock and by CPU time. */
function rate(fn: () => void, ms: number): Rate {
  let batch = 1;
  for (;;) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    const elapsed = performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    if (elapsed >= ms) return { wall: (batch * 1000) / elapsed, cpu: (batch * 1e6) / Math.max(1, used.user + used.system) };
    batch *= elapsed < ms / 10 ? 10 : 2;
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length & 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** "1,234 /s" and, for a byte count, "12.3 MB/s  81.3 ns/B". */
export function describeRate(perSecond: number, bytes?: number): string {
  let text = `${Math.round(perSecond).toLocaleString("en").padStart(12)} /s`;
  if (bytes) {
    const mbps = (perSecond * bytes) / 1e6;
    text += `  ${mbps.toFixed(mbps < 10 ? 2 : 1).padStart(8)} MB/s  ${(1e9 / (perSecond * bytes)).toFixed(2).padStart(7)} ns/B`;
  }
  return text;
}

/** Both sides' rates, median of alternating rounds after a warm-up. */
export function measure(subject: () => void, baseline: () => void, options: Options = {}): Comparison {
  const rounds = options.rounds ?? 7;
  const ms = options.ms ?? 150;
  rate(subject, 50);
  rate(baseline, 50);
  const a: Rate[] = [];
  const b: Rate[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(rate(subject, ms));
    b.push(rate(baseline, ms));
  }
  const s = median(a.map((x) => x.wall)), base = median(b.map((x) => x.wall));
  return { subject: s, baseline: base, ratio: s / base, subjectCpu: median(a.map((x) => x.cpu)), baselineCpu: median(b.map((x) => x.cpu)) };
}

/**
 * Measures `subject` against `baseline` and prints both rates (medians of
 * alternating rounds) and subject/baseline.
 */
export function compare(title: string, subject: [string, () => void], baseline: [string, () => void], options: Options = {}): Comparison {
  const c = measure(subject[1], baseline[1], options);
  console.log(`${title}`);
  console.log(`  ${subject[0].padEnd(36)} ${describeRate(c.subject, options.bytes)}`);
  console.log(`  ${baseline[0].padEnd(36)} ${describeRate(c.baseline, options.bytes)}`);
  console.log(`  ratio ${c.ratio.toFixed(2)}x (medians of ${options.rounds ?? 7} rounds)`);
  console.log(`  by CPU time: ${describeRate(c.subjectCpu, options.bytes).trim()} against ${describeRate(c.baselineCpu, options.bytes).trim()}, ratio ${(c.subjectCpu / c.baselineCpu).toFixed(2)}x\n`);
  return c;
}
