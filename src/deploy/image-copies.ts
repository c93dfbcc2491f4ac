import { posix } from "node:path";

/** A Python file the image build copies to another place in the application tree. */
export interface ImageCopy {
  /** The file of the tree that is copied (relative, `/`). */
  from: string;
  /** Where it lands, relative to the tree (the image's WORKDIR holding the tree). */
  to: string;
  /** The Dockerfile line that copies it, e.g. `docker/Dockerfile:4`. */
  source: string;
}

const DOCKERFILE = /^(Dockerfile|Containerfile)(\..*)?$|\.dockerfile$/i;
const MAX_COPIES = 50;

/**
 * `RUN cp docker/prod.py app/settings/prod.py` and `COPY docker/prod.py app/settings/prod.py` in a Dockerfile that
 * copies the tree into its WORKDIR: the image has a settings module the repository only holds elsewhere, and
 * DJANGO_SETTINGS_MODULE names that copy. Pure: Dockerfile texts and the tree's paths in, copies out (bounded).
 */
export function imageCopies(
  files: readonly { path: string; text?: string }[],
  exists: (path: string) => boolean,
): ImageCopy[] {
  const out: ImageCopy[] = [];
  for (const f of files) {
    if (!DOCKERFILE.test(posix.basename(f.path)) || f.text === undefined) continue;
    let workdir = "";
    logicalLines(f.text).forEach(({ line, at: i }) => {
      const w = /^\s*WORKDIR\s+(\S+)/i.exec(line);
      if (w) workdir = (w[1] as string).replace(/\/+$/, "");
      for (const [from, to] of copiesOn(line)) {
        if (out.length >= MAX_COPIES) return;
        const src = inTree(from, workdir);
        let dst = inTree(to, workdir);
        if (!src || dst === undefined || !src.endsWith(".py") || !exists(src)) continue;
        if (dst === "" || to.endsWith("/")) dst = posix.join(dst, posix.basename(src));
        if (!dst.endsWith(".py") || dst === src || exists(dst)) continue;
        out.push({ from: src, to: dst, source: `${f.path}:${i + 1}` });
      }
    });
  }
  return out;
}

/** Dockerfile lines with their `\` continuations joined, each with the index of its first physical line. */
function logicalLines(text: string): { line: string; at: number }[] {
  const out: { line: string; at: number }[] = [];
  let current: { line: string; at: number } | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const cont = /\\\s*$/.test(raw);
    const part = raw.replace(/\\\s*$/, " ");
    // A comment line inside a continued RUN is dropped by Docker; it does not end the instruction.
    if (current && /^\s*#/.test(raw)) return;
    if (current) current.line += part;
    else current = { line: part, at: i };
    if (!cont) {
      out.push(current);
      current = undefined;
    }
  });
  if (current) out.push(current);
  return out;
}

/** The (from, to) pairs of one `RUN cp a b` (each `&&` part) or `COPY a b` line with exactly one source. */
function copiesOn(line: string): [string, string][] {
  const copy = /^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*(\S+)\s+(\S+)\s*$/i.exec(line);
  if (copy) return [[copy[1] as string, copy[2] as string]];
  const run = /^\s*RUN\s+(.*)$/i.exec(line);
  if (!run) return [];
  const pairs: [string, string][] = [];
  for (const part of (run[1] as string).split(/&&|;/)) {
    const cp = /^\s*cp\s+(?:-\S+\s+)*(\S+)\s+(\S+)\s*$/.exec(part);
    if (cp) pairs.push([cp[1] as string, cp[2] as string]);
  }
  return pairs;
}

/** A path of the image as a path of the tree: relative ones and those under WORKDIR; undefined otherwise. */
function inTree(p: string, workdir: string): string | undefined {
  const clean = p.replace(/^["']|["']$/g, "");
  if (/[$*?]/.test(clean)) return undefined;
  if (clean.startsWith("/")) {
    if (!workdir || !(clean === workdir || clean.startsWith(`${workdir}/`))) return undefined;
    return posix.normalize(clean.slice(workdir.length + 1) || ".").replace(/^\.$/, "");
  }
  const rel = posix.normalize(clean);
  if (rel === ".." || rel.startsWith("../")) return undefined;
  return rel === "." ? "" : rel.replace(/^\.\//, "");
}
