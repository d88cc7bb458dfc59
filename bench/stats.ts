/** Summaries of repeated measurements: median, min–max, interquartile range. */

/** A summary of samples (all in one unit). */
export interface Summary {
  readonly samples: ReadonlyArray<number>
  readonly median: number
  readonly min: number
  readonly max: number
  readonly q1: number
  readonly q3: number
}

/** The `q`-quantile (0–1) of sorted values, linearly interpolated. */
export const quantile = (sorted: ReadonlyArray<number>, q: number): number => {
  if (sorted.length === 0) return Number.NaN
  const position = (sorted.length - 1) * q
  const below = Math.floor(position)
  const above = Math.ceil(position)
  const low = sorted[below]!
  const high = sorted[above]!
  return low + (high - low) * (position - below)
}

/** Median, range and quartiles of `samples`. */
export const summarize = (samples: ReadonlyArray<number>): Summary => {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    samples,
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75)
  }
}

/** The order of contestants in round `round`: rotated by the round, reversed every other round. */
export const roundOrder = <A>(items: ReadonlyArray<A>, round: number): ReadonlyArray<A> => {
  const shift = items.length === 0 ? 0 : round % items.length
  const rotated = [...items.slice(shift), ...items.slice(0, shift)]
  return round % 2 === 1 ? rotated.reverse() : rotated
}
