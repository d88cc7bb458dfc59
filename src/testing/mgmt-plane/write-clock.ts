/** The clock of the management plane's writes. */

/**
 * Wall-clock times in milliseconds, each later than the one before: two writes in the same millisecond
 * still get distinct times, so each is its own generation of a snapshot.
 */
export class WriteClock {
  private last = 0

  /** A time later than every earlier one. */
  now(): number {
    this.last = Math.max(Date.now(), this.last + 1)
    return this.last
  }
}
