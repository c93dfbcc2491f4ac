// The one-file build as ASCII (scripts/bundle.mjs): every character past U+007F written as its \uXXXX escape. V8
// keeps a source with none of them as one byte per character, and Node reads it as Latin-1 (src/cli/one-file.ts):
// a UTF-8 source of 2 MB with a few hundred `→` and `…` was a two-byte string decoded on every run (~10 ms here).
//
// An escape means the same character in a string, a regular expression, a template, a comment and an identifier;
// only a tagged template (String.raw`→`) sees the escape's own text, so a character there fails the build.

const NON_ASCII = /[\u0080-\uffff]/g;

/** Every node of an ESTree AST, with its parent. */
function walk(node, visit, parent) {
  if (!node || typeof node.type !== "string") return;
  visit(node, parent);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const child of value) walk(child, visit, node);
    else if (value && typeof value === "object") walk(value, visit, node);
  }
}

/**
 * `code` with each non-ASCII UTF-16 unit escaped; `parse` (rolldown's parseAst) gives the ESTree AST whose
 * `start`/`end` are UTF-16 offsets. Throws when a tagged template holds a non-ASCII character.
 */
export function asciiOnly(code, parse) {
  if (code.search(NON_ASCII) === -1) return code;
  const tagged = [];
  walk(parse(code), (node) => {
    if (node.type === "TaggedTemplateExpression") tagged.push([node.quasi.start, node.quasi.end]);
  });
  for (const [start, end] of tagged) {
    const at = code.slice(start, end).search(NON_ASCII);
    if (at !== -1) {
      const line = code.slice(0, start + at).split("\n").length;
      throw new Error(
        `line ${line} of the build: a tagged template (such as String.raw) holds a non-ASCII character, which an escape would change; write it as \\u{…} in the source`,
      );
    }
  }
  return code.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
