/**
 * What a model URI determines: the model's uuid, the revisions published over time and their version
 * uuids, and what a version says about itself (fingerprint, license, Hugging Face commit).
 */
import { hashText, hashUuid, hex, pick, rngFor } from "../random.js"
import { Salt } from "./seeding.js"
import { COMMIT_TITLES, LICENSES } from "./vocabulary.js"

const HUGGING_FACE_URI = /^https:\/\/huggingface\.co\/([^/]+)\/([^/?#]+)/

/** The organization and name of a Hugging Face model URI. */
export const huggingFaceName = (
  uri: string
): { readonly organization: string; readonly name: string } | undefined => {
  const match = HUGGING_FACE_URI.exec(uri)
  return match === null ? undefined : { organization: match[1]!, name: match[2]! }
}

/** What the fixtures derive from a model URI, computed once per seed and URI. */
interface UriFacts {
  readonly hash: number
  readonly huggingFace: boolean
  /** Revision strings by revision number. */
  readonly revisions: Map<number, string>
  /** Version uuids by revision. */
  readonly versions: Map<string, string>
}

const uriFacts = new Map<number, Map<string, UriFacts>>()
const factsOfUri = (seed: number, uri: string): UriFacts => {
  let bySeed = uriFacts.get(seed)
  if (bySeed === undefined) {
    bySeed = new Map()
    uriFacts.set(seed, bySeed)
  }
  let facts = bySeed.get(uri)
  if (facts === undefined) {
    if (bySeed.size >= 100_000) bySeed.clear()
    facts = {
      hash: hashText(uri, seed, Salt.revision),
      huggingFace: huggingFaceName(uri) !== undefined,
      revisions: new Map(),
      versions: new Map()
    }
    bySeed.set(uri, facts)
  }
  return facts
}

/**
 * The revision a scan of `uri` made at position `index` reads when none is given: each model publishes
 * a new revision every so many scans (a period of its own), so newer scans see the same or a newer
 * revision. A Hugging Face revision is a commit sha, any other an object version.
 */
export const revisionAt = (seed: number, uri: string, index: number): string => {
  const facts = factsOfUri(seed, uri)
  const period = 40 + (facts.hash % 160)
  const number = Math.floor((index + (facts.hash % period)) / period)
  let revision = facts.revisions.get(number)
  if (revision === undefined) {
    revision = hex(rngFor(seed, Salt.revision, facts.hash, number), facts.huggingFace ? 40 : 32)
    facts.revisions.set(number, revision)
  }
  return revision
}

/** The uuid of the model of a URI. */
export const modelUuid = (seed: number, uri: string): string => hashUuid(seed, Salt.model, uri)

/** The uuid of a model version: one per (URI, revision). */
export const versionUuid = (seed: number, uri: string, revision: string): string => {
  const facts = factsOfUri(seed, uri)
  let uuid = facts.versions.get(revision)
  if (uuid === undefined) {
    uuid = hashUuid(seed, Salt.version, `${uri}\n${revision}`)
    facts.versions.set(revision, uuid)
  }
  return uuid
}

/** What a model version says about itself beyond its scans: fingerprint, license and Hugging Face commit. */
export const versionFacts = (seed: number, uri: string, revision: string) => {
  const rng = rngFor(seed, Salt.version, hashText(uri), hashText(revision))
  const hf = huggingFaceName(uri)
  return {
    fingerprint: hex(rng, 64),
    hf_commit_sha: hf !== undefined && /^[0-9a-f]{40}$/.test(revision) ? revision : null,
    hf_commit_title: hf === undefined ? null : pick(rng, COMMIT_TITLES),
    hf_commit_authors: hf === undefined ? null : [hf.organization, ...(rng() < 0.4 ? ["hf-bot"] : [])],
    hf_model_name: hf?.name ?? null,
    hf_organization: hf?.organization ?? null,
    license: hf === undefined ? null : pick(rng, LICENSES)
  }
}
