import { describe, expect, it } from "vitest";
import { lineAt, lineStarts } from "../../src/core/line-starts.js";

describe("line starts", () => {
  it.each([
    ["", 0, { row: 0, column: 0 }],
    ["abc", 2, { row: 0, column: 2 }],
    ["a\nbc\n", 2, { row: 1, column: 0 }],
    ["a\nbc\n", 4, { row: 1, column: 2 }],
    ["a\nbc\n", 5, { row: 2, column: 0 }], // after the last \n: a row of its own
    ["a\r\nb", 2, { row: 0, column: 2 }], // \r is not a line end
    ["a\rb\nc", 4, { row: 1, column: 0 }],
    ["\n\n\n", 2, { row: 2, column: 0 }],
  ])("%j at %i", (text, offset, expected) => {
    expect(lineAt(lineStarts(text), offset)).toEqual(expected);
  });

  it("agrees with counting on a long text", () => {
    const text = Array.from({ length: 500 }, (_, i) => "x".repeat(i % 7)).join("\n");
    const starts = lineStarts(text);
    for (let offset = 0; offset <= text.length; offset += 13) {
      const before = text.slice(0, offset);
      const row = before.split("\n").length - 1;
      expect(lineAt(starts, offset)).toEqual({ row, column: offset - (before.lastIndexOf("\n") + 1) });
    }
  });
});
