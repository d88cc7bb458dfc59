/**
 * The public surface is chosen, and a change to it is seen: every export of every entry, with its kind,
 * equals the committed `etc/exports.md` (`npm run api` writes it anew after a deliberate change).
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { apiReport, REPORT_PATH } from "../scripts/api-report.js"

describe("the public exports", () => {
  it("are those of etc/exports.md (after a deliberate change, run `npm run api` and commit the file)", () => {
    expect(apiReport()).toEqual(readFileSync(REPORT_PATH, "utf8"))
  })
})
