/**
 * Path globs as .gitignore and ruff's `exclude` read them, over `/`-separated paths relative to the scanned root:
 * `*` and `?` stay inside one segment, `**` spans segments, a pattern without a `/` matches a file or directory
 * name at any depth (and so everything under a directory of that name), a pattern with one is anchored at the
 * root, and a trailing `/` matches directories only (and what is under them).
 */
export function globMatcher(pattern) {
    const dirOnly = pattern.endsWith("/");
    const body = pattern.replace(/^\.\//, "").replace(/\/+$/, "");
    const anchored = body.includes("/");
    const source = body
        .split("/")
        .map((segment) => (segment === "**" ? "\uE000" : segmentSource(segment)))
        .join("/")
        // `a/**/b` matches a/b too; a leading or trailing `**` any depth (U+E000 stands for `**` meanwhile).
        .replace(/\uE000\//g, "(?:.*/)?")
        .replace(/\/\uE000/g, "(?:/.*)?")
        .replace(/\uE000/g, ".*");
    const re = new RegExp(anchored ? `^${source}(?:/.*)?$` : `(?:^|/)${source}(?:/.*)?$`);
    const exact = new RegExp(anchored ? `^${source}$` : `(?:^|/)${source}$`);
    return (path, isDir = false) => {
        const p = path.replace(/\\/g, "/").replace(/^\.\//, "");
        // Under a matched directory: everything matches. The path itself: only a directory when the pattern says so.
        if (dirOnly)
            return isDir ? exact.test(p) || re.test(p) : re.test(p) && !exact.test(p);
        return re.test(p);
    };
}
function segmentSource(segment) {
    let out = "";
    for (const ch of segment) {
        if (ch === "*")
            out += "[^/]*";
        else if (ch === "?")
            out += "[^/]";
        else
            out += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    return out;
}
/** True when any of the patterns matches. */
export function anyGlob(patterns) {
    const matchers = patterns.map(globMatcher);
    return (path, isDir) => matchers.some((m) => m(path, isDir));
}
//# sourceMappingURL=glob.js.map