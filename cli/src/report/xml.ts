/**
 * A small XML writer: elements, attributes and text, escaped as XML 1.0 requires. Characters XML 1.0
 * cannot hold at all (most control characters, lone surrogates, U+FFFE and U+FFFF) become U+FFFD.
 */

/** An element: its name, its attributes (an `undefined` one is left out) and its children. */
export interface XmlElement {
  readonly name: string
  readonly attributes: Readonly<Record<string, string | number | undefined>>
  readonly children: ReadonlyArray<XmlElement | string>
}

/** An element. */
export const element = (
  name: string,
  attributes: XmlElement["attributes"] = {},
  children: ReadonlyArray<XmlElement | string> = []
): XmlElement => ({ name, attributes, children })

// XML 1.0's characters: tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and beyond U+FFFF
// (a lone surrogate is none of them).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

const allowed = (text: string) => text.replace(NOT_XML, "\uFFFD")

/** Text content, escaped. */
export const escapeText = (text: string): string =>
  allowed(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** An attribute value, escaped for double quotes; line breaks and tabs kept as character references. */
export const escapeAttribute = (text: string): string =>
  escapeText(text)
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")

const attributesOf = (attributes: XmlElement["attributes"]) =>
  Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join("")

const write = (node: XmlElement, indent: string): string => {
  const open = `${indent}<${node.name}${attributesOf(node.attributes)}`
  if (node.children.length === 0) return `${open}/>\n`
  if (node.children.every((child) => typeof child === "string")) {
    return `${open}>${node.children.map((child) => escapeText(child as string)).join("")}</${node.name}>\n`
  }
  const inner = node.children
    .map((child) =>
      typeof child === "string" ? `${indent}  ${escapeText(child)}\n` : write(child, `${indent}  `)
    )
    .join("")
  return `${open}>\n${inner}${indent}</${node.name}>\n`
}

/** A document: the XML declaration and the root element, indented by two spaces. */
export const xmlDocument = (root: XmlElement): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${write(root, "")}`
