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
