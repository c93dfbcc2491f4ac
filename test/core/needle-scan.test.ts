/**
 * The walk's search for readers' literals over many files at once (src/core/needle-scan.ts): which files hold one
 * must never be fewer than a search of each file alone finds (a deferred file is read only when imported), and is
 * the same except where a literal runs from one file into the next.
 */
import { describe, expect, it } from "vitest";
import { filesHolding, foldCase, needlesOf } from "../../src/core/needle-scan.js";

/** The files laid end to end, as the walk's arena holds them. */
function laid(texts: string[]): { bytes: Buffer; starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const t of texts) {
    starts.push(at);
    at += t.length;
    ends.push(at);
  }
  return { bytes: Buffer.from(texts.join(""), "latin1"), starts, ends };
}

const held = (texts: string[], exact: string[], anyCase: string[] = []) => {
  const { bytes, starts, ends } = laid(texts);
  const n = needlesOf(exact, anyCase);
  const a = filesHolding(bytes, starts, ends, n.exact);
  if (n.anyCase.length === 0) return [...a];
  foldCase(bytes);
  const b = filesHolding(bytes, starts, ends, n.anyCase);
  return [...a].map((x, i) => x | (b[i] as number));
};

describe("filesHolding", () => {
  it.each([
    ["absent everywhere", ["a = 1\n", "b = 2\n"], ["SECRET_KEY"], [0, 0]],
    [
      "in the first, the last, at the very start and end",
      ["SECRET_KEY = 1", "x", "y = SECRET_KEY"],
      ["SECRET_KEY"],
      [1, 0, 1],
    ],
    [
      "searched from its rare bytes, the bytes before compared",
      ["KEY = 1\n", "SECRET_KEY\n", "TOP_SECRET KEY\n"],
      ["SECRET_KEY"],
      [0, 1, 0],
    ],
    ["a prefix that matches only one byte short", ["ECRET_KEY\n", "SSECRET_KEY\n"], ["SECRET_KEY"], [0, 1]],
    [
      "several literals, each file once",
      ["sys.path\n", "import *\n", "globals()\n", "nothing\n"],
      ["sys.path", "import *", "globals()"],
      [1, 1, 1, 0],
    ],
    ["twice in one file, then in the next", ["DEBUG DEBUG\n", "DEBUG\n"], ["DEBUG"], [1, 1]],
    ["running into the next file counts for the first", ["x = SECRET_", "KEY\n"], ["SECRET_KEY"], [1, 0]],
    ["empty files hold nothing", ["", "DEBUG", ""], ["DEBUG"], [0, 1, 0]],
    ["as written: another case is not the literal", ["debug = 1\n", "Debug\n"], ["DEBUG"], [0, 0]],
    [
      "any case, when asked",
      ["Host_Based_Authentication", "HOST_BASED_AUTHENTICATION", "host based"],
      [],
      [1, 1, 0],
      ["host_based_authentication"],
    ],
    ["short literals", ["{{ x }}", "{% if %}", "a://b"], ["{{", "{%", "://"], [1, 1, 1]],
  ] as [string, string[], string[], number[], string[]?][])(
    "%s",
    (_name, texts, exact, expected, anyCase = []) => {
      expect(held(texts, exact, anyCase)).toEqual(expected);
    },
  );

  it("never fewer than each file searched alone (random files, random literals planted)", () => {
    const literals = [
      "SECRET_KEY",
      "sys.path",
      "import *",
      "locals()",
      "://",
      "{%",
      "MIDDLEWARE",
      "wirewarden:",
    ];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = "abcdefgKEYS_.:/{%()* \n";
    for (let round = 0; round < 200; round++) {
      const texts = Array.from({ length: 1 + random(12) }, () => {
        let t = "";
        for (let k = random(60); k > 0; k--) t += alphabet[random(alphabet.length)];
        if (random(3) === 0) {
          const at = random(t.length + 1);
          t = t.slice(0, at) + literals[random(literals.length)] + t.slice(at);
        }
        return t;
      });
      const got = held(texts, literals);
      texts.forEach((t, i) => {
        const alone = literals.some((l) => t.includes(l)) ? 1 : 0;
        if (alone) expect(got[i], JSON.stringify(texts)).toBe(1);
        // More only where a literal runs into the next file.
        if (got[i] && !alone) expect(literals.some((l) => (t + (texts[i + 1] ?? "")).includes(l))).toBe(true);
      });
    }
  });
});

describe("foldCase", () => {
  it("makes an ASCII letter's two cases one byte, on aligned and unaligned buffers of any length", () => {
    const word = Buffer.from("xHost_Based_AuthenticatioN!", "latin1");
    for (const offset of [0, 1, 2, 3]) {
      const a = Buffer.from(word.subarray(offset));
      const b = Buffer.from(word.subarray(offset).toString("latin1").toLowerCase(), "latin1");
      foldCase(a);
      foldCase(b);
      expect(a.equals(b)).toBe(true);
    }
    const unaligned = Buffer.alloc(13);
    unaligned.write("AbC", 1, "latin1");
    const view = unaligned.subarray(1, 4);
    foldCase(view);
    expect(view.toString("latin1")).toBe("abc");
  });
});
