/**
 * Which of many files, laid end to end in one buffer, hold a literal: one search per literal over the whole buffer
 * (Node's indexOf, in C++), skipping to the end of each file it finds the literal in, instead of one search per
 * file and literal (issue 22: 3,000 files and 28 literals were 84,000 calls, ~40 ms; over the buffer, ~45 calls).
 * A literal that runs from one file into the next counts for the first: a file may be said to hold one it does not
 * (it is then read as usual), never the other way round.
 */

import { lastAtMost } from "./line-starts.js";

/**
 * Printable ASCII from the rarest to the most common in Python source (counted over the .py files of 31 public
 * Django projects, 144 MB). Node's indexOf finds a literal of under 7 bytes by memchr on its first byte, and a
 * longer one by memchr first, then Boyer-Moore-Horspool, which slows where the literal's last byte is common. So
 * each literal is searched by at most 6 of its bytes, from its rarest (with at least 3 bytes from there on), and
 * the whole literal is compared at each place found: `SECRET_KEY` by `KEY`, `--insecure` by `--inse`, `sys.path`
 * by `ys.pat` (issue 22: the 28 literals over saleor's 26 MB of Python, 259 → 96 ms).
 */
const RAREST_FIRST =
  "~^&?!$;|Z<\\X%+JQ7>986@KY`5W*43GVHBz/}{UL#M21ODqPF-RINC][0jSAxETkw'v:ybh=()g,f.m\"pucd_lnoiarste ";
const MAX_SEARCHED = 6;

/** A literal as bytes, and the part of it searched for. */
export interface Needle {
  bytes: Buffer;
  /** bytes[from, from + length) is searched for; the whole literal is compared where it is found. */
  from: number;
  length: number;
}

/** Literals as bytes: `exact` matched as written, `anyCase` in any ASCII case. */
export interface Needles {
  exact: readonly Needle[];
  /** Folded (foldCase): matched against the buffer folded the same way. */
  anyCase: readonly Needle[];
}

export function needlesOf(exact: readonly string[], anyCase: readonly string[]): Needles {
  return {
    exact: exact.map((n) => needle(Buffer.from(n, "latin1"))),
    anyCase: anyCase.map((n) => {
      const b = Buffer.from(n, "latin1");
      foldCase(b);
      return needle(b);
    }),
  };
}

function needle(bytes: Buffer): Needle {
  let from = 0;
  let rank = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 3 <= bytes.length; i++) {
    const r = RAREST_FIRST.indexOf(String.fromCharCode(bytes[i] as number));
    if (r >= 0 && r < rank) {
      rank = r;
      from = i;
    }
  }
  return { bytes, from, length: Math.min(MAX_SEARCHED, bytes.length - from) };
}

/**
 * Every byte with 0x20 set, in place: an ASCII letter's two cases become one byte. Other bytes may meet too ('_' and
 * DEL, '@' and '`'), which only makes a match more likely, never less.
 */
export function foldCase(bytes: Uint8Array): void {
  let i = 0;
  if (bytes.byteOffset % 4 === 0) {
    const words = bytes.length >>> 2;
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
    for (let w = 0; w < words; w++) view[w] = (view[w] as number) | 0x20202020;
    i = words << 2;
  }
  for (; i < bytes.length; i++) bytes[i] = (bytes[i] as number) | 0x20;
}

/**
 * For each file i (bytes `starts[i]` to `ends[i]` of `bytes`, in order, not overlapping), whether it holds one of
 * `needles`.
 */
export function filesHolding(
  bytes: Buffer,
  starts: readonly number[],
  ends: readonly number[],
  needles: readonly Needle[],
): Uint8Array {
  const held = new Uint8Array(starts.length);
  for (const { bytes: whole, from: cut, length } of needles) {
    const part = cut === 0 && length === whole.length ? whole : whole.subarray(cut, cut + length);
    for (let from = cut; ; ) {
      const found = bytes.indexOf(part, from);
      if (found < 0) break;
      const at = found - cut;
      if (at + whole.length > bytes.length) break;
      if (part !== whole && bytes.compare(whole, 0, whole.length, at, at + whole.length) !== 0) {
        from = found + 1;
        continue;
      }
      const i = lastAtMost(starts, at);
      if (at < (starts[i] as number) || at >= (ends[i] as number)) {
        // Between two files, or before the first: no file's.
        from = found + 1;
        continue;
      }
      held[i] = 1;
      from = (ends[i] as number) + cut;
    }
  }
  return held;
}
