// Local time and timers for the core's events. The core has no clock: every event
// carries the date and time, and its timers are run here. `timeScale` shortens
// every timer (0.01 turns a 30 s host timeout into 0.3 s) so tests and scripted
// runs can exercise timeouts without waiting; the date and time stay real.
import type { Clock, TimerHandle } from "./types";

export class SystemClock implements Clock {
  constructor(private readonly timeScale = 1) {
    if (!(timeScale > 0)) throw new RangeError(`timeScale must be positive (got ${timeScale})`);
  }

  now(): Date {
    return new Date();
  }

  after(ms: number, fire: () => void): TimerHandle {
    const t = setTimeout(fire, Math.max(0, Math.round(ms * this.timeScale)));
    return { cancel: () => clearTimeout(t) };
  }
}

/**
 * A clock whose time stands still except when one of its timers falls due: it then
 * jumps to that timer's due time. Timers still fire after their (scaled) real delay,
 * so the network has time to run. The same run gives the same dates and times
 * however fast the machine is: transcripts recorded with it (scripts/transcripts.ts)
 * differ only where the behaviour differs.
 */
export class VirtualClock extends SystemClock {
  private elapsedMs = 0;

  constructor(private readonly start: Date, timeScale = 1) {
    super(timeScale);
  }

  override now(): Date {
    return new Date(this.start.getTime() + this.elapsedMs);
  }

  override after(ms: number, fire: () => void): TimerHandle {
    const due = this.elapsedMs + ms;
    return super.after(ms, () => {
      this.elapsedMs = Math.max(this.elapsedMs, due);
      fire();
    });
  }
}
