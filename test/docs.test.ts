/**
 * The API reference reads well: `npm run docs` (run by `npm test` before vitest, warnings as errors) writes
 * TypeDoc's JSON model next to the pages, and this file reads it. Every method of the Effect services and of
 * the Promise client has a description and an example; each service's page links every method and says how
 * to get it; wire types and method signatures name the types they use instead of spelling them out; every
 * export has a category; the modules are named by their import paths.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { ClientSignatures } from "../src/compat/signatures.js"
import { Signatures } from "../src/internal/signatures.js"

const root = fileURLToPath(new URL("..", import.meta.url))
const JSON_PATH = join(root, "docs/api/api.json")

/** A node of TypeDoc's JSON model: a reflection, a type, a comment part. */
type Node = { readonly [key: string]: any }

/** The newest modification time among the files the reference is built from. */
const newestSource = (): number => {
  const times: Array<number> = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith(".ts")) times.push(statSync(path).mtimeMs)
    }
  }
  walk(join(root, "src"))
  for (const file of ["typedoc.json", "scripts/typedoc-plugin.mjs", "README.md"])
    times.push(statSync(join(root, file)).mtimeMs)
  return Math.max(...times)
}

const loadProject = (): Node => {
  let built: number
  try {
    built = statSync(JSON_PATH).mtimeMs
  } catch {
    throw new Error(`${JSON_PATH} is missing: run \`npm run docs\` (npm test does) before this file`)
  }
  if (built < newestSource()) throw new Error(`${JSON_PATH} is older than the sources: run \`npm run docs\``)
  return JSON.parse(readFileSync(JSON_PATH, "utf8"))
}

const project = loadProject()

const ROOT = "@effect-airs/model-security"
const COMPAT = "@effect-airs/model-security/compat"

const KIND = {
  Module: 2,
  Namespace: 4,
  Class: 128,
  Interface: 256,
  Property: 1024,
  Method: 2048,
  TypeAlias: 2097152
} as const

const moduleNamed = (name: string): Node => {
  const found = project.children.find((child: Node) => child.name === name)
  if (found === undefined) throw new Error(`no module ${name}`)
  return found
}

const childOf = (parent: Node, name: string, kind: number): Node => {
  const found = (parent.children ?? []).find((child: Node) => child.name === name && child.kind === kind)
  if (found === undefined) throw new Error(`${parent.name} has no ${name} of kind ${kind}`)
  return found
}

const text = (parts: ReadonlyArray<Node> | undefined): string =>
  (parts ?? []).map((part) => part.text).join("")

const summary = (reflection: Node): string => text(reflection.comment?.summary).trim()

const hasExample = (reflection: Node): boolean =>
  (reflection.comment?.blockTags ?? []).some((tag: Node) => tag.tag === "@example")

/** A method's documented node: a property's own comment, or a method's signature's. */
const documented = (member: Node): Node => (member.kind === KIND.Method ? member.signatures[0] : member)

/** The members of an interface that are methods: methods, or properties whose type is a function. */
const methods = (reflection: Node): ReadonlyArray<Node> =>
  (reflection.children ?? []).filter(
    (member: Node) =>
      member.kind === KIND.Method ||
      (member.kind === KIND.Property &&
        member.type?.type === "reflection" &&
        member.type.declaration.signatures !== undefined)
  )

/** The signatures of a method, whichever way it is declared. */
const signaturesOf = (member: Node): ReadonlyArray<Node> =>
  member.kind === KIND.Method ? member.signatures : member.type.declaration.signatures

/**
 * Where a type spells out an object with named fields rather than naming a type (`readonly { key: string;
 * value: string }[]` instead of `readonly Label[]`): the paths of such inline object types within `type`.
 */
const inlineObjects = (type: Node | undefined, at: string): ReadonlyArray<string> => {
  if (type === undefined || type === null || typeof type !== "object") return []
  const within = (child: Node | undefined, where: string) => inlineObjects(child, `${at}${where}`)
  switch (type.type) {
    case "reflection": {
      const declaration = type.declaration
      return [
        ...((declaration.children ?? []).length > 0
          ? [`${at} { ${declaration.children.map((child: Node) => child.name).join(", ")} }`]
          : []),
        ...(declaration.signatures ?? []).flatMap((signature: Node) => signatureObjects(signature, at)),
        ...(declaration.indexSignatures ?? []).flatMap((index: Node) => within(index.type, "[key]"))
      ]
    }
    case "reference":
      return (type.typeArguments ?? []).flatMap((argument: Node, i: number) =>
        within(argument, `<${type.name}#${i}>`)
      )
    case "union":
    case "intersection":
      return type.types.flatMap((member: Node) => within(member, ""))
    case "array":
      return within(type.elementType, "[]")
    case "tuple":
      return (type.elements ?? []).flatMap((element: Node) => within(element, "[]"))
    case "optional":
    case "rest":
      return within(type.elementType, "")
    case "typeOperator":
      return within(type.target, "")
    case "mapped":
      return within(type.templateType, "[K]")
    case "conditional":
      return [type.checkType, type.extendsType, type.trueType, type.falseType].flatMap((branch) =>
        within(branch, "")
      )
    case "indexedAccess":
      return [...within(type.objectType, ""), ...within(type.indexType, "")]
    default:
      return []
  }
}

/** The inline object types of a signature's parameters and result. */
const signatureObjects = (signature: Node, at: string): ReadonlyArray<string> => [
  ...(signature.parameters ?? []).flatMap((parameter: Node) =>
    inlineObjects(parameter.type, `${at}(${parameter.name})`)
  ),
  ...inlineObjects(signature.type, `${at}: result`)
]

/** Each module's exports in a category, as `Module/Name`. */
const inCategory = (module: Node, title: string): ReadonlyArray<Node> => {
  const ids = new Set((module.categories ?? []).find((c: Node) => c.title === title)?.children ?? [])
  return (module.children ?? []).filter((child: Node) => ids.has(child.id))
}

const SERVICES = [
  "Scans",
  "Models",
  "SecurityGroups",
  "SecurityRules",
  "CustomRules",
  "ModelSecurity"
] as const
const CLIENTS = {
  scans: "ScansClient",
  models: "ModelsClient",
  securityGroups: "SecurityGroupsClient",
  securityRules: "SecurityRulesClient",
  customRules: "CustomRulesClient"
} as const

describe("the API reference", () => {
  const effect = moduleNamed(ROOT)
  const compat = moduleNamed(COMPAT)

  it("names its modules by their import paths, each with a description", () => {
    expect(project.children.map((module: Node) => module.name)).toEqual([
      ROOT,
      COMPAT,
      `${ROOT}/node`,
      `${ROOT}/testing`
    ])
    expect(
      project.children.filter((module: Node) => summary(module) === "").map((m: Node) => m.name)
    ).toEqual([])
  })

  it("puts every export of every module in a category", () => {
    const uncategorized = project.children.flatMap((module: Node) =>
      inCategory(module, "Other").map((child: Node) => `${module.name}: ${child.name}`)
    )
    expect(uncategorized).toEqual([])
  })

  it("has a category of errors: the tagged errors, each a YieldableError", () => {
    const errors = inCategory(effect, "Errors").filter((child: Node) => child.kind === KIND.Class)
    expect(errors.map((error: Node) => error.name).sort()).toEqual([
      "AssignmentError",
      "ClientError",
      "MissingVariableError",
      "OAuthError",
      "PayloadError",
      "ServerError"
    ])
    expect(
      errors.map((error: Node) => [
        error.name,
        error.extendedTypes.map((type: Node) => (type.type === "reference" ? type.name : type.type))
      ])
    ).toEqual(errors.map((error: Node) => [error.name, ["YieldableError"]]))
  })

  describe.each(SERVICES)("the Effect service %s", (name) => {
    const service = childOf(childOf(effect, name, KIND.Namespace), "Service", KIND.Interface)
    const members = methods(service)

    it("documents every method, as the code has them, with a description and an example", () => {
      expect(members.map((member) => member.name).sort()).toEqual(Object.keys(Signatures[name]).sort())
      const undescribed = members.filter((member) => summary(member) === "").map((member) => member.name)
      const unexampled = members.filter((member) => !hasExample(member)).map((member) => member.name)
      expect({ undescribed, unexampled }).toEqual({ undescribed: [], unexampled: [] })
    })

    it("has a page that links every method and shows how to get the service", () => {
      const tag = childOf(effect, name, KIND.Class)
      const linked = new Set(
        (tag.comment?.summary ?? [])
          .filter((part: Node) => part.kind === "inline-tag" && part.tag === "@link")
          .map((part: Node) => part.target)
      )
      const unlinked = members.filter((member) => !linked.has(member.id)).map((member) => member.name)
      expect(unlinked).toEqual([])
      expect(linked.has(service.id)).toBe(true)
      const example = text(tag.comment.blockTags.find((block: Node) => block.tag === "@example")?.content)
      expect(example).toContain(`yield* ${name}`)
      expect(example).toContain("Effect.provide(")
    })

    it("names the types of its methods' arguments and results", () => {
      expect(
        members.flatMap((member) => signaturesOf(member).flatMap((s) => signatureObjects(s, member.name)))
      ).toEqual([])
    })
  })

  describe.each(Object.entries(CLIENTS))("the Promise sub-client client.%s", (property, name) => {
    const client = childOf(compat, name, KIND.Interface)
    const members = methods(client)

    it("documents every method, as the code has them, with a description and an example", () => {
      expect(members.map((member) => member.name).sort()).toEqual(
        Object.keys(ClientSignatures[property as keyof typeof CLIENTS]).sort()
      )
      const undescribed = members.filter((member) => summary(documented(member)) === "").map((m) => m.name)
      const unexampled = members.filter((member) => !hasExample(documented(member))).map((m) => m.name)
      expect({ undescribed, unexampled }).toEqual({ undescribed: [], unexampled: [] })
    })

    it("names the types of its methods' arguments and results", () => {
      expect(
        members.flatMap((member) => signaturesOf(member).flatMap((s) => signatureObjects(s, member.name)))
      ).toEqual([])
    })
  })

  it("documents the Promise client's own methods with a description and an example", () => {
    const client = childOf(compat, "ModelSecurityClient", KIND.Class)
    const own = methods(client).filter((member) => !member.name.startsWith("["))
    expect(own.map((member) => member.name).sort()).toEqual(["close", "getPyPIAuth"])
    expect(
      own.filter((member) => !hasExample(documented(member)) || summary(documented(member)) === "")
    ).toEqual([])
  })

  it.each([ROOT, COMPAT])(
    "describes every wire type of %s in words of its own, naming the types of its fields",
    (name) => {
      const wireTypes = inCategory(moduleNamed(name), "Wire types")
      expect(wireTypes.length).toBeGreaterThan(90)
      const undescribed = wireTypes
        .filter((type: Node) => summary(type) === "" || summary(type).replace(/[`.]/g, "") === type.name)
        .map((type: Node) => type.name)
      expect(undescribed).toEqual([])
      const spelledOut = wireTypes.flatMap((type: Node) =>
        type.kind === KIND.TypeAlias
          ? inlineObjects(type.type, type.name)
          : (type.children ?? []).flatMap((field: Node) =>
              inlineObjects(field.type, `${type.name}.${field.name}`)
            )
      )
      expect(spelledOut).toEqual([])
    }
  )
})
