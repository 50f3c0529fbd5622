import { For, Match, Switch, type JSX } from "solid-js";
import { Dynamic } from "solid-js/web";

/**
 * A small Markdown reader for notes and READMEs: headings, paragraphs, lists, quotes, code,
 * rules, and inline code, bold, italics and links. It builds elements, never HTML strings, so
 * whatever a file holds is only ever text; raw HTML in the file shows as written, and links
 * work only for http(s) and mailto.
 */
type Block =
  | { kind: "heading"; level: number; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "code"; text: string }
  | { kind: "quote"; text: string }
  | { kind: "list"; ordered: boolean; items: string[] }
  | { kind: "rule" };

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const FENCE = /^\s*(```|~~~)/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let index = 0;
  const isBlockStart = (line: string) =>
    HEADING.test(line) ||
    FENCE.test(line) ||
    RULE.test(line) ||
    line.startsWith(">") ||
    BULLET.test(line) ||
    NUMBERED.test(line);

  while (index < lines.length) {
    const line = lines[index]!;
    if (!line.trim()) {
      index++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const code: string[] = [];
      index++;
      while (index < lines.length && !lines[index]!.trim().startsWith(fence[1]!)) code.push(lines[index++]!);
      index++;
      blocks.push({ kind: "code", text: code.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", level: heading[1]!.length, text: heading[2]! });
      index++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: "rule" });
      index++;
      continue;
    }
    if (line.startsWith(">")) {
      const quote: string[] = [];
      while (index < lines.length && lines[index]!.startsWith(">")) quote.push(lines[index++]!.replace(/^>\s?/, ""));
      blocks.push({ kind: "quote", text: quote.join(" ") });
      continue;
    }
    const ordered = NUMBERED.test(line);
    if (ordered || BULLET.test(line)) {
      const pattern = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      while (index < lines.length) {
        const item = pattern.exec(lines[index]!);
        if (item) items.push(item[1]!);
        else if (lines[index]!.trim() && /^\s{2,}/.test(lines[index]!) && items.length)
          items[items.length - 1] += " " + lines[index]!.trim();
        else break;
        index++;
      }
      blocks.push({ kind: "list", ordered, items });
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length && lines[index]!.trim() && !isBlockStart(lines[index]!))
      paragraph.push(lines[index++]!.trim());
    blocks.push({ kind: "paragraph", text: paragraph.join(" ") });
  }
  return blocks;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*|__[^_]+__)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/;
const SAFE_LINK = /^(https?:|mailto:)/i;

/** Inline formatting as elements; anything not understood stays text. */
export function renderInline(text: string): JSX.Element[] {
  const parts: JSX.Element[] = [];
  let rest = text;
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) {
      parts.push(rest);
      break;
    }
    if (match.index > 0) parts.push(rest.slice(0, match.index));
    const [token] = match;
    if (match[1]) parts.push(<code>{token.slice(1, -1)}</code>);
    else if (match[2]) parts.push(<strong>{renderInline(token.slice(2, -2))}</strong>);
    else if (match[3]) parts.push(<em>{renderInline(token.slice(1, -1))}</em>);
    else {
      const [, label, href] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token)!;
      parts.push(
        SAFE_LINK.test(href!) ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {label}
          </a>
        ) : (
          token
        ),
      );
    }
    rest = rest.slice(match.index + token.length);
  }
  return parts;
}

export function MarkdownView(props: { source: string }) {
  const blocks = () => parseMarkdown(props.source);
  return (
    <div class="markdown" data-testid="preview-markdown">
      <For each={blocks()}>
        {(block) => (
          <Switch>
            <Match when={block.kind === "heading" && block}>
              {(heading) => (
                <Dynamic component={`h${Math.min(6, heading().level + 1)}`}>{renderInline(heading().text)}</Dynamic>
              )}
            </Match>
            <Match when={block.kind === "paragraph" && block}>
              {(paragraph) => <p>{renderInline(paragraph().text)}</p>}
            </Match>
            <Match when={block.kind === "code" && block}>
              {(code) => (
                <pre>
                  <code>{code().text}</code>
                </pre>
              )}
            </Match>
            <Match when={block.kind === "quote" && block}>
              {(quote) => <blockquote>{renderInline(quote().text)}</blockquote>}
            </Match>
            <Match when={block.kind === "list" && block}>
              {(list) => {
                const items = <For each={list().items}>{(item) => <li>{renderInline(item)}</li>}</For>;
                return list().ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
              }}
            </Match>
            <Match when={block.kind === "rule"}>
              <hr />
            </Match>
          </Switch>
        )}
      </For>
    </div>
  );
}
