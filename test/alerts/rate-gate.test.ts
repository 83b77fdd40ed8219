/**
 * The rate gate on a virtual clock: however requests are delayed on their way (before they reach
 * the platform, and before their answer is seen), no sliding second of the platform's holds more
 * than the limit; with no delay the gate reaches the limit (less its margin); a hold keeps every
 * request back until it ends; a request the platform did not count (429) gives its place back.
 */
import assert from 'node:assert/strict';
import { RateGate } from '../../alerts/pacer';

/** Timers that run only when the test advances the clock. */
class VirtualClock {
  private t = 1_000_000;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;

  now = (): number => this.t;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve });
    });

  /** Runs timers in order until none is left (or `until` is reached). */
  async run(until = Infinity): Promise<void> {
    for (;;) {
      // Let every promise chain settle before the clock moves.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > until) return;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

/** A small deterministic random source. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** The most arrivals within any `windowMs` (a window ending at each arrival). */
function busiestWindow(arrivals: number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  let head = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (sorted[head] <= sorted[i] - windowMs) head++;
    most = Math.max(most, i - head + 1);
  }
  return most;
}

describe('the alerts rate gate', function () {
  it('when requests are delayed at random before they arrive and before their answer is seen, then no platform second ever holds more than the limit', async () => {
    const clock = new VirtualClock();
    const gate = new RateGate({ rate: 10, margin: 0, now: clock.now, sleep: clock.sleep });
    const rnd = random(7);
    const arrivals: number[] = [];
    const request = async (): Promise<void> => {
      const ticket = await gate.acquire();
      // A busy event loop or a slow network: the first requests of a burst can arrive last.
      await clock.sleep(Math.floor(rnd() * 400));
      arrivals.push(clock.now());
      await clock.sleep(Math.floor(rnd() * 400));
      ticket.answered();
    };
    const all = Array.from({ length: 200 }, () => request());
    await clock.run();
    await Promise.all(all);
    assert.equal(arrivals.length, 200);
    assert.ok(busiestWindow(arrivals, 1000) <= 10, `a platform second held ${busiestWindow(arrivals, 1000)} requests`);
  });

  it('when answers come at once, then the gate lets the limit through each second (less its margin) and never bunches beyond it', async () => {
    const clock = new VirtualClock();
    const gate = new RateGate({ rate: 30, now: clock.now, sleep: clock.sleep });
    const start = clock.now();
    const arrivals: number[] = [];
    const all = Array.from({ length: 300 }, async () => {
      const ticket = await gate.acquire();
      arrivals.push(clock.now());
      ticket.answered();
    });
    await clock.run();
    await Promise.all(all);
    const last = Math.max(...arrivals) - start;
    // 300 at 30 per 1,020 ms: the last window opens after 9 × 1,020 ms.
    assert.ok(last >= 9 * 1000 && last <= 9 * 1020 + 10, `the last request went at ${last} ms`);
    assert.ok(busiestWindow(arrivals, 1000) <= 30);
  });

  it('when the platform asks to wait, then nothing goes out before the wait is over; a request it did not count gives its place back at once', async () => {
    const clock = new VirtualClock();
    const gate = new RateGate({ rate: 2, now: clock.now, sleep: clock.sleep });
    const start = clock.now();
    const first = await gate.acquire();
    const second = await gate.acquire();
    // Both places are held (under way): the third waits until one is given back.
    let thirdAt = 0;
    const third = gate.acquire().then((t) => {
      thirdAt = clock.now();
      return t;
    });
    await clock.run(start + 100);
    assert.equal(thirdAt, 0);
    second.notCounted();
    gate.hold(1500);
    first.answered();
    await clock.run();
    (await third).answered();
    assert.equal(thirdAt - start, 1500, 'the third request waited for the hold, not longer');
  });
});
