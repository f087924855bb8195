// Local time and timers for the core's events. The core has no clock: every event
// carries the date and time, and the host's one timer (armed for the core's next
// deadline) is run here. `timeScale` shortens every timer (0.01 turns a 30 s host
// timeout into 0.3 s) so tests and scripted runs can exercise timeouts without
// waiting; the clock then runs as much faster from its creation, so the core, which
// measures its deadlines with the events' clock, sees them fall due.
import type { Clock, TimerHandle } from "./types";

export class SystemClock implements Clock {
  private readonly createdMs = Date.now();

  constructor(private readonly timeScale = 1) {
    if (!(timeScale > 0)) throw new RangeError(`timeScale must be positive (got ${timeScale})`);
  }

  now(): Date {
    return new Date(this.createdMs + (Date.now() - this.createdMs) / this.timeScale);
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
