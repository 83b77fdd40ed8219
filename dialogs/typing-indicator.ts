/**
 * The "bot is typing" indicator for one answer: shown at once, or only when the answer takes
 * longer than a delay, so a quick answer arrives without an indicator flashing first and without
 * an extra request to the channel.
 */
export class TypingIndicator {
  private sent: Promise<unknown> | null = null;
  private timer: NodeJS.Timeout | null = null;

  /**
   * @param send sends the `typing` activity (its failure is ignored: the answer matters more)
   * @param delayMs 0 = show at once
   */
  constructor(
    private readonly send: () => Promise<unknown>,
    delayMs: number,
  ) {
    if (delayMs <= 0) this.show();
    else this.timer = setTimeout(() => this.show(), delayMs);
  }

  /** Stops a pending indicator (the answer is ready, or streamed text already shows progress). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Cancels a pending indicator and waits for one already on its way, so it precedes the answer. */
  async settle(): Promise<void> {
    this.cancel();
    await this.sent;
  }

  private show(): void {
    this.timer = null;
    this.sent ??= this.send().catch(() => undefined);
  }
}
