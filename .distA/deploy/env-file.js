/** Parses a .env file: KEY=value lines, `export`, quotes, comments. Values are never evaluated. */
export function parseEnvFile(text, file) {
    const vars = new Map();
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (!line || line.startsWith("#"))
            return;
        const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
        if (!m)
            return;
        let value = m[2].trim();
        const quote = value[0];
        if ((quote === '"' || quote === "'") && value.length >= 2) {
            const end = value.indexOf(quote, 1);
            value = end > 0 ? value.slice(1, end) : value.slice(1);
        }
        else {
            // `\s#`, then trimEnd: the same cut as `\s+#.*$`, without its quadratic backtracking on long blank runs.
            value = value.replace(/\s#.*$/, "").trimEnd();
        }
        vars.set(m[1], {
            value,
            origin: { file, line: i + 1, column: raw.indexOf(m[1]) + 1 },
        });
    });
    return vars;
}
//# sourceMappingURL=env-file.js.map