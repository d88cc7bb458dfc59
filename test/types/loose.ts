/**
 * What the Promise API's `Loose` inputs accept: any string where the API has an enum, in nested objects and
 * arrays too, and a `Date` kept a `Date` (not turned into an object of its methods). `tsc` fails here when
 * that changes.
 */
import type { Loose, LooseValue, ScanCreateRequest, ScanDetails } from "../../src/compat.js"

/** `true` when each type is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Check<T extends true> = T

type Body = Loose<ScanCreateRequest>

export type LooseTypes = [
  Check<Same<LooseValue<Date>, Date>>,
  Check<Same<LooseValue<"a" | "b">, string>>,
  Check<Same<LooseValue<ReadonlyArray<"a" | "b">>, ReadonlyArray<string>>>,
  Check<Same<NonNullable<Body["scan_origin"]>, string>>,
  Check<Same<NonNullable<Body["scan_details"]>, Loose<ScanDetails>>>,
  Check<Same<NonNullable<Body["scan_details"]>["time_started"], string | Date>>,
  Check<Same<NonNullable<Body["scan_details"]>["error_code"], string | null | undefined>>,
  Check<Same<Body["model_uri"], string>>
]

/** A body the existing SDK's types allow: enums as plain strings, a `Date` where a date-time goes. */
export const body: Body = {
  model_uri: "https://huggingface.co/org/model",
  security_group_uuid: "00000000-0000-4000-8000-000000000000",
  scan_origin: "SOME_FUTURE_ORIGIN",
  scan_details: {
    files: [],
    model_formats: [],
    model_size_bytes: 1,
    scan_duration_ms: 1,
    scanner_version: "1",
    time_started: new Date(0),
    total_files_scanned: 0,
    total_files_skipped: 0
  }
}
