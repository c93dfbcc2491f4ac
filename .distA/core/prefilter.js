/**
 * Cheap byte checks that decide whether a file's text is worth a regular expression or a parser at all (issue 22):
 * most files of a tree hold none of the literals a reader looks for, and `includes` over a string is far cheaper than
 * any pattern over it. Every reader that skips work on a file asks here, so that one switch turns every skip off: the
 * tests scan the fixtures and a generated tree with and without them and compare the findings
 * (test/core/prefilter.test.ts).
 */
let enabled = true;
/** Whether `text` may hold any of `needles` (exact, case-sensitive); always true when the pre-filters are off. */
export function mayContain(text, ...needles) {
    if (!enabled)
        return true;
    for (const n of needles)
        if (text.includes(n))
            return true;
    return false;
}
const caseless = new Map();
/** As mayContain, ignoring case (for patterns matched with the `i` flag). */
export function mayContainIgnoringCase(text, needle) {
    if (!enabled)
        return true;
    let re = caseless.get(needle);
    if (!re) {
        re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
        caseless.set(needle, re);
    }
    return re.test(text);
}
/** Whether the pre-filters are on: for a skip decided by a pattern rather than a literal. */
export function prefiltersOn() {
    return enabled;
}
/** For the tests that prove the pre-filters lose nothing: every check answers "may contain" while off. */
export function setPrefilters(on) {
    enabled = on;
}
//# sourceMappingURL=prefilter.js.map