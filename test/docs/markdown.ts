/**
 * Just enough Markdown for the documentation tests: fenced blocks, headings and their GitHub anchors, and links.
 * No dependency: the README and docs/ are written in a small subset (ATX headings, ``` fences, inline links).
 */

export interface Fence {
  /** The info string after the opening fence, e.g. "sh", "text", "" */
  lang: string;
  /** The lines between the fences. */
  lines: string[];
  /** 1-based line of the opening fence. */
  line: number;
  /** Lines between the previous fence's end (or the file's start) and this fence, excluding blank lines. */
  proseBefore: string[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;

/** Every fenced code block, in order. An unclosed fence throws: it would hide the rest of the file. */
export function fences(markdown: string): Fence[] {
  const out: Fence[] = [];
  const lines = markdown.split("\n");
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) {
      if (lines[i].trim() !== "") prose.push(lines[i]);
      continue;
    }
    const marker = open[2];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(marker)) body.push(lines[j++]);
    if (j >= lines.length) throw new Error(`unclosed code fence opened at line ${i + 1}`);
    out.push({ lang: open[3], lines: body, line: i + 1, proseBefore: prose });
    prose = [];
    i = j;
  }
  return out;
}

/** The file with fenced blocks and inline code spans blanked out (line count kept), so links are read from prose only. */
export function proseOnly(markdown: string): string {
  return proseOnlyKeepingCode(markdown)
    .split("\n")
    .map((line) => line.replace(/(`+)[^`]*?\1/g, ""))
    .join("\n");
}

/** GitHub's anchor for a heading text: markup dropped, lowercased, punctuation except - and _ removed, spaces → -. */
export function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // [text](url) → text
    .replace(/(\*\*|\*)(\S[^*]*?)\1/g, "$2") // emphasis (underscores stay: GitHub keeps them in anchors)
    .replace(/`/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a file's headings (ATX, outside code), with GitHub's -1, -2 … for repeats. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of proseOnlyKeepingCode(markdown).split("\n")) {
    const h = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = slug(h[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Fenced blocks blanked, inline code kept (headings may contain `code`, which counts in the anchor). */
function proseOnlyKeepingCode(markdown: string): string {
  let marker: string | undefined;
  return markdown
    .split("\n")
    .map((line) => {
      const open = FENCE.exec(line);
      if (marker) {
        if (line.trimStart().startsWith(marker)) marker = undefined;
        return "";
      }
      if (open) {
        marker = open[2];
        return "";
      }
      return line;
    })
    .join("\n");
}

export interface Link {
  text: string;
  target: string;
  /** 1-based line. */
  line: number;
}

/** Inline links and images `[x](target)` / `![x](target "title")`, reference definitions `[x]: target`, autolinks `<https://…>`. */
export function links(markdown: string): Link[] {
  const out: Link[] = [];
  proseOnly(markdown)
    .split("\n")
    .forEach((line, i) => {
      for (const m of line.matchAll(/!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g))
        out.push({ text: m[1], target: m[2], line: i + 1 });
      const def = /^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(line);
      if (def) out.push({ text: def[1], target: def[2], line: i + 1 });
      for (const m of line.matchAll(/<(https?:\/\/[^>\s]+)>/g))
        out.push({ text: m[1], target: m[1], line: i + 1 });
    });
  return out;
}
