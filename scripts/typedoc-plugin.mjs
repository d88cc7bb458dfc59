// @ts-check
/**
 * The API reference's one adjustment to TypeDoc (`typedoc.json` loads it): a tagged error's base class is
 * shown as Effect's `YieldableError`, which it is, rather than the intersection of one object per field
 * that `Schema.TaggedError` returns, and its fields as its own properties rather than as inherited from
 * the source text of that call, without the Schemas that make them as "default values".
 */
import { Converter, IntersectionType, ReferenceType, ReflectionFlag, ReflectionKind } from "typedoc"

/** @param {import("typedoc").Application} app */
export const load = (app) => {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of context.project.getReflectionsByKind(ReflectionKind.Class)) {
      if (!("extendedTypes" in reflection)) continue
      const [base] = reflection.extendedTypes ?? []
      if (!(base instanceof IntersectionType)) continue
      const yieldable = base.types.find(
        (type) => type instanceof ReferenceType && type.name === "YieldableError"
      )
      if (yieldable === undefined) continue
      reflection.extendedTypes = [yieldable]
      for (const member of reflection.children ?? []) {
        member.inheritedFrom = undefined
        member.defaultValue = undefined
        member.setFlag(ReflectionFlag.Inherited, false)
        for (const signature of member.signatures ?? []) signature.inheritedFrom = undefined
      }
    }
  })
}
