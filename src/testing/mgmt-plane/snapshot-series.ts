/**
 * Snapshot history, as the API keeps it in GCS: every change to a snapshot (the security rules, the
 * custom rules, one group's rule instances) stores a new generation; versions are listed newest first,
 * paged by an opaque cursor.
 */
import { isoTime, type SnapshotVersionRecord } from "../records.js"

interface Generation<A> {
  readonly generation: number
  readonly timestamp: string
  readonly value: A
}

/** A page of versions and the cursor of the next one (`null` after the last). */
export interface VersionPage {
  readonly versions: ReadonlyArray<SnapshotVersionRecord>
  readonly nextToken: string | null
}

/**
 * Bytes the cursors start with. They encode as "+/+/" in base64, so every cursor holds characters a
 * client must percent-encode in a query string.
 */
const TOKEN_PREFIX = "\xfb\xff\xbf"

/**
 * The generations of one snapshot. A generation is a GCS-style object generation: the time of the change
 * in microseconds since the epoch, strictly increasing within the series.
 */
export class SnapshotSeries<A> {
  private readonly generations: Array<Generation<A>> = []

  /** @param key tells this series' cursors from those of other series. */
  constructor(private readonly key: string) {}

  /** Stores a new generation of the snapshot made at `time` (epoch milliseconds); returns its number. */
  append(time: number, value: A): number {
    const last = this.generations[this.generations.length - 1]?.generation ?? 0
    const generation = Math.max(Math.floor(time) * 1000, last + 1)
    this.generations.push({ generation, timestamp: isoTime(generation / 1000), value })
    return generation
  }

  /** The snapshot at a generation, or `undefined` when the series has no such generation. */
  at(generation: number): A | undefined {
    let low = 0
    let high = this.generations.length - 1
    while (low <= high) {
      const middle = (low + high) >> 1
      const found = this.generations[middle]!
      if (found.generation === generation) return found.value
      if (found.generation < generation) low = middle + 1
      else high = middle - 1
    }
    return undefined
  }

  /**
   * A page of at most `limit` versions, newest first, after the cursor `token` (from the start when
   * absent); `undefined` when the token is not a cursor of this series.
   */
  page(limit: number, token: string | undefined): VersionPage | undefined {
    let before = Number.POSITIVE_INFINITY
    if (token !== undefined) {
      const decoded = this.decode(token)
      if (decoded === undefined) return undefined
      before = decoded
    }
    const versions: Array<SnapshotVersionRecord> = []
    for (let i = this.generations.length - 1; i >= 0 && versions.length < limit; i--) {
      const { generation, timestamp } = this.generations[i]!
      if (generation < before) versions.push({ generation, timestamp })
    }
    const last = versions[versions.length - 1]
    const more = last !== undefined && (this.generations[0]?.generation ?? last.generation) < last.generation
    return { versions, nextToken: more ? this.encode(last.generation) : null }
  }

  private encode(before: number): string {
    return btoa(`${TOKEN_PREFIX}${this.key}|${before}`)
  }

  private decode(token: string): number | undefined {
    let text: string
    try {
      text = atob(token)
    } catch {
      return undefined
    }
    const prefix = `${TOKEN_PREFIX}${this.key}|`
    if (!text.startsWith(prefix)) return undefined
    const before = Number(text.slice(prefix.length))
    return Number.isSafeInteger(before) && before > 0 ? before : undefined
  }
}
