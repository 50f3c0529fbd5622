/**
 * WebDAV's XML, through fast-xml-parser: request bodies are parsed into elements with their
 * namespaces resolved (the parser keeps prefixes; the `xmlns` scoping is done here), and
 * responses are built as trees and serialized by its builder, so no XML is written by hand.
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { badRequest } from "../../lib/errors";

export const DAV_NS = "DAV:";

type OrderedNode = Record<string, unknown> & { ":@"?: Record<string, string> };

/** An element with its namespace resolved. */
export interface XmlElement {
  ns: string;
  local: string;
  children: XmlElement[];
  text: string;
  /** The element as the parser saw it, and the namespaces in scope there (to store dead property values). */
  raw: OrderedNode;
  scope: Record<string, string>;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Also decodes numeric character references (&#65536;), which clients send for characters beyond ASCII.
  htmlEntities: true,
});

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  suppressEmptyNode: true,
});

const tagOf = (node: OrderedNode) => Object.keys(node).find((k) => k !== ":@")!;

function resolve(node: OrderedNode, parentScope: Record<string, string>): XmlElement | undefined {
  const tag = tagOf(node);
  if (tag === "#text" || tag === "?xml" || tag.startsWith("!") || tag === "#comment") return undefined;
  const scope = { ...parentScope };
  for (const [name, value] of Object.entries(node[":@"] ?? {})) {
    if (name === "@_xmlns") scope[""] = value;
    else if (name.startsWith("@_xmlns:")) {
      // Namespaces in XML 1.0 forbids binding a prefix to the empty name.
      if (value === "") throw badRequest("invalid_xml", "A namespace prefix cannot be bound to an empty name.");
      scope[name.slice(8)] = value;
    }
  }
  const colon = tag.indexOf(":");
  const prefix = colon >= 0 ? tag.slice(0, colon) : "";
  const local = colon >= 0 ? tag.slice(colon + 1) : tag;
  const ns = scope[prefix];
  if (ns === undefined && prefix !== "") throw badRequest("invalid_xml", `The XML prefix “${prefix}” is not declared.`);
  const kids = (node[tag] as OrderedNode[]) ?? [];
  const children: XmlElement[] = [];
  let text = "";
  for (const kid of kids) {
    if (tagOf(kid) === "#text") text += String(kid["#text"]);
    else {
      const element = resolve(kid, scope);
      if (element) children.push(element);
    }
  }
  return { ns: ns ?? "", local, children, text, raw: node, scope };
}

/** The root element of an XML body, or undefined for an empty body; 400 when it is not well-formed XML. */
export function parseXml(text: string): XmlElement | undefined {
  if (text.trim() === "") return undefined;
  if (/<!DOCTYPE/i.test(text)) throw badRequest("invalid_xml", "DOCTYPE declarations are not accepted.");
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text, true) as OrderedNode[];
  } catch {
    throw badRequest("invalid_xml", "The request body is not well-formed XML.");
  }
  for (const node of nodes) {
    const element = resolve(node, {});
    if (element) return element;
  }
  throw badRequest("invalid_xml", "The request body has no XML element.");
}

/** Checks XML for well-formedness (fast-xml-parser's validator), for bodies that must be XML. */
export function isWellFormed(text: string): boolean {
  try {
    parser.parse(text, true);
    return true;
  } catch {
    return false;
  }
}

export const child = (element: XmlElement | undefined, local: string, ns = DAV_NS) =>
  element?.children.find((c) => c.local === local && c.ns === ns);

/** `{ns}local`, how dead properties are stored and compared. */
export const clarkName = (ns: string, local: string) => `{${ns}}${local}`;

export function splitClark(name: string): { ns: string; local: string } {
  const end = name.indexOf("}");
  return { ns: name.slice(1, end), local: name.slice(end + 1) };
}

/**
 * A dead property's value as stored: the element's content as XML, each child element carrying
 * the namespace declarations in scope, so it reads back the same anywhere.
 */
export function storedValue(element: XmlElement): string {
  const tag = tagOf(element.raw);
  const kids = (element.raw[tag] as OrderedNode[]) ?? [];
  const withScope = kids.map((kid) => {
    const kidTag = tagOf(kid);
    if (kidTag === "#text") return kid;
    const attrs: Record<string, string> = {};
    for (const [prefix, ns] of Object.entries(element.scope))
      attrs[prefix === "" ? "@_xmlns" : `@_xmlns:${prefix}`] = ns;
    return { ...kid, ":@": { ...attrs, ...(kid[":@"] ?? {}) } };
  });
  return builder.build(withScope) as string;
}

// ---- building responses ----

/** A node of a response tree (fast-xml-parser's ordered form). */
export type Node = OrderedNode;

/** `<D:local>` with children (or text). */
export function el(local: string, content?: Node[] | string | number, attrs?: Record<string, string>): Node {
  const children: Node[] =
    content === undefined ? [] : typeof content === "object" ? content : [{ "#text": String(content) }];
  const node: Node = { [`D:${local}`]: children };
  if (attrs) node[":@"] = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [`@_${k}`, v]));
  return node;
}

/** A property element in any namespace (prefix `p0`, `p1`... declared on it), with raw stored XML inside. */
export function foreignEl(ns: string, local: string, innerXml: string | undefined, index: number): Node {
  if (ns === DAV_NS) return innerXml ? { [`D:${local}`]: parseStored(innerXml) } : el(local);
  if (ns === "") return { [local]: innerXml ? parseStored(innerXml) : [], ":@": { "@_xmlns": "" } };
  const prefix = `p${index}`;
  return {
    [`${prefix}:${local}`]: innerXml ? parseStored(innerXml) : [],
    ":@": { [`@_xmlns:${prefix}`]: ns },
  };
}

function parseStored(innerXml: string): Node[] {
  try {
    return parser.parse(`<v>${innerXml}</v>`, true)[0]?.v ?? [];
  } catch {
    return [{ "#text": innerXml }];
  }
}

/** A complete document with `D` bound to DAV:. */
export function xmlDocument(root: Node): string {
  root[":@"] = { "@_xmlns:D": DAV_NS, ...(root[":@"] ?? {}) };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build([root])}`;
}

/**
 * A document whose root holds many children, sent as they are made: the root's opening and
 * closing text (from the builder, around a marker) with each child serialized between them.
 */
export function streamedDocument(root: string, children: AsyncIterable<Node[]>): ReadableStream<Uint8Array> {
  const marker = "hearth-children-go-here";
  const [open, close] = xmlDocument(el(root, marker)).split(marker) as [string, string];
  const encoder = new TextEncoder();
  const iterator = children[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(open));
        return;
      }
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(encoder.encode(close));
          controller.close();
          return;
        }
        if (next.value.length === 0) continue;
        controller.enqueue(encoder.encode(next.value.map((node) => builder.build([node]) as string).join("")));
        return;
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
