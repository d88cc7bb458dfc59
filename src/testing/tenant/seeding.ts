/** The clock the seeded tenant lives on, and the salts that keep the random streams of its fixtures apart. */

/** When the first seeded scan was created; each later one is a minute newer. */
export const SCAN_EPOCH = Date.UTC(2026, 0, 1)
/** When the seeded security groups were created (an hour apart). */
export const CATALOG_EPOCH = Date.UTC(2025, 11, 1)
/** Durations in milliseconds. */
export const DAY = 86_400_000
export const HOUR = 3_600_000
export const MINUTE = 60_000
export const SECOND = 1_000

/** Salts that keep the random streams of different fixtures apart. */
export const Salt = {
  scan: 101,
  threats: 102,
  details: 103,
  blob: 104,
  labels: 105,
  origin: 106,
  revision: 107,
  model: 108,
  version: 109
} as const
