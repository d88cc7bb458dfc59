/** Deterministic randomness for the fake AIRS fixtures: a seeded PRNG and invertible v4-format UUIDs. */

/** A pseudo-random number generator returning floats in [0, 1). */
export type Rng = () => number

/** Mixes `value` into the 32-bit hash `hash` (a murmur3-style finaliser). */
export const mix = (hash: number, value: number): number => {
  let h = Math.imul(hash ^ value, 0x9e3779b1)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** The mulberry32 generator seeded with a 32-bit integer. */
export const mulberry32 = (seed: number): Rng => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A generator whose stream depends only on the given integers. */
export const rngFor = (...parts: ReadonlyArray<number>): Rng => mulberry32(parts.reduce(mix, 0x2545f491))

/** An integer in [0, n). */
export const int = (rng: Rng, n: number): number => Math.floor(rng() * n)

/** One element of a non-empty list. */
export const pick = <A>(rng: Rng, items: ReadonlyArray<A>): A => items[int(rng, items.length)]!

/** One element of a non-empty list of `[weight, value]` pairs, by weight. */
export const weighted = <A>(rng: Rng, items: ReadonlyArray<readonly [number, A]>): A => {
  const total = items.reduce((sum, [weight]) => sum + weight, 0)
  let roll = rng() * total
  for (const [weight, value] of items) {
    roll -= weight
    if (roll < 0) return value
  }
  return items[items.length - 1]![1]
}

/** `count` hexadecimal digits. */
export const hex = (rng: Rng, count: number): string => {
  let out = ""
  while (out.length < count) out += int(rng, 0x100000000).toString(16).padStart(8, "0")
  return out.slice(0, count)
}

/** Kinds of entity an id can name; part of the id so that it can be decoded without a lookup table. */
export const IdKind = {
  scan: 1,
  modelVersion: 2,
  evaluation: 3,
  violation: 4,
  file: 5,
  user: 6,
  securityGroup: 7,
  securityRule: 8,
  ruleInstance: 9,
  customRule: 10
} as const
/** One of the `IdKind` values. */
export type IdKind = (typeof IdKind)[keyof typeof IdKind]

/** What a fixture id encodes: an entity kind, an index (e.g. the scan's) and an item number within it. */
export interface IdParts {
  readonly kind: IdKind
  readonly index: number
  readonly item: number
}

const MAX_INDEX = 2 ** 32
const MAX_ITEM = 2 ** 12
const BYTES = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, "0"))
const hex6 = (n: number) => BYTES[n >>> 16]! + BYTES[(n >>> 8) & 255]! + BYTES[n & 255]!

/**
 * A v4-format UUID for (seed, kind, index, item). It looks random, and the last group carries the
 * parts XOR-ed with the first 48 bits, so `decodeId` recovers them in O(1) without any table.
 */
export const fixtureUuid = (seed: number, kind: IdKind, index: number, item = 0): string => {
  if (index < 0 || index >= MAX_INDEX || item < 0 || item >= MAX_ITEM) {
    throw new RangeError(`fixture id out of range: kind ${kind}, index ${index}, item ${item}`)
  }
  const rng = rngFor(seed, kind, index, item)
  const a = int(rng, 0x1000000)
  const b = int(rng, 0x1000000)
  const hi = Math.floor(index / 256)
  const lo = (index % 256) * 65536 + kind * 4096 + item
  const head = hex6(a) + hex6(b)
  const tail = hex6(hi ^ a) + hex6(lo ^ b)
  const version = (0x4000 + int(rng, 0x1000)).toString(16)
  const variant = (0x8000 + int(rng, 0x4000)).toString(16)
  return `${head.slice(0, 8)}-${head.slice(8)}-${version}-${variant}-${tail}`
}

/** The parts a `fixtureUuid` of this seed was made from, or `undefined` when it is not one. */
export const decodeId = (seed: number, uuid: string): IdParts | undefined => {
  const compact = uuid.replaceAll("-", "")
  if (!/^[0-9a-f]{32}$/.test(compact)) return undefined
  const a = Number.parseInt(compact.slice(0, 6), 16)
  const b = Number.parseInt(compact.slice(6, 12), 16)
  const hi = Number.parseInt(compact.slice(20, 26), 16) ^ a
  const lo = Number.parseInt(compact.slice(26, 32), 16) ^ b
  const index = hi * 256 + Math.floor(lo / 65536)
  const kind = Math.floor(lo / 4096) % 16
  const item = lo % 4096
  if (!Object.values(IdKind).includes(kind as IdKind)) return undefined
  return fixtureUuid(seed, kind as IdKind, index, item) === uuid
    ? { kind: kind as IdKind, index, item }
    : undefined
}

/** A 32-bit hash of a text (FNV-1a, then mixed with the salts). */
export const hashText = (text: string, ...salts: ReadonlyArray<number>): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return salts.reduce(mix, h >>> 0)
}

const hex8 = (n: number) =>
  BYTES[n >>> 24]! + BYTES[(n >>> 16) & 255]! + BYTES[(n >>> 8) & 255]! + BYTES[n & 255]!

/**
 * A v4-format UUID that is a pure function of (seed, salt, text), for entities named by text rather than
 * by number (models by URI, model versions by URI and revision): two independent 32-bit hashes of the
 * text (64 bits, so distinct texts do not collide in practice), spread over the UUID's 122 bits.
 */
export const hashUuid = (seed: number, salt: number, text: string): string => {
  let a = 0x811c9dc5 ^ seed
  let b = 0x9747b28c ^ salt
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    a = Math.imul(a ^ code, 0x01000193)
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15)
  }
  const words = [mix(a, b), mix(b, a), mix(mix(a, salt), 1), mix(mix(b, seed), 2)]
  const h = hex8(words[0]!) + hex8(words[1]!) + hex8(words[2]!) + hex8(words[3]!)
  const variant = (0x8000 + (Number.parseInt(h.slice(16, 20), 16) & 0x3fff)).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}-${h.slice(20, 32)}`
}
