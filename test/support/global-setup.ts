/**
 * Vitest's global setup: a temporary folder for the tarballs that `npm pack` makes once per run, shared
 * by the test files that install them (see packed.ts), and removed after the run.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { TestProject } from "vitest/node"
import type {} from "./packed.js"

export default function setup(project: TestProject) {
  const packDir = mkdtempSync(join(tmpdir(), "airs-packs-"))
  project.provide("packDir", packDir)
  return () => rmSync(packDir, { recursive: true, force: true })
}
