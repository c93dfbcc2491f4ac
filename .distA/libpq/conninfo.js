/**
 * The one conninfo parser: libpq's reading of a connection URI and of a key=value string, byte for byte where it
 * matters (percent-decoding without `+`, `%00` refused, host and port lists, `[v6]` hosts, `ssl=true` as
 * `sslmode=require`, quoted values with backslash escapes). `prove --dsn` and `probe`'s URL targets read
 * connection strings here and nowhere else.
 */
const URI_SCHEMES = ["postgresql://", "postgres://", "cockroachdb://", "cockroach://"];
/** A connection string libpq would refuse, in libpq's words. */
export class ConninfoError extends Error {
}
/** libpq's percent-decoding of URI parts: %XX only (no `+` for space), %00 refused. */
function uriDecode(s) {
    const bytes = [];
    for (let i = 0; i < s.length; i++) {
        const ch = s[i];
        if (ch !== "%") {
            bytes.push(...Buffer.from(ch, "utf8"));
            continue;
        }
        const hex = s.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex))
            throw new ConninfoError("invalid percent-encoded token in URI");
        const byte = Number.parseInt(hex, 16);
        if (byte === 0)
            throw new ConninfoError("forbidden value %00 in percent-encoded value");
        bytes.push(byte);
        i += 2;
    }
    return Buffer.from(bytes).toString("utf8");
}
/** Scans s from i to the first character of `stops` (or the end). */
function until(s, i, stops) {
    let j = i;
    while (j < s.length && !stops.includes(s[j]))
        j++;
    return j;
}
/** A connection URI, parsed as libpq's conninfo_uri_parse_options does. */
function parseUri(uri, prefixLength) {
    const out = new Map();
    const s = uri.slice(prefixLength);
    let p = 0;
    const at = until(s, 0, "@/");
    if (s[at] === "@") {
        const userEnd = until(s, 0, ":@");
        if (userEnd > 0)
            out.set("user", uriDecode(s.slice(0, userEnd)));
        p = userEnd;
        if (s[userEnd] === ":") {
            const passwordEnd = until(s, userEnd + 1, "@");
            if (passwordEnd > userEnd + 1)
                out.set("password", uriDecode(s.slice(userEnd + 1, passwordEnd)));
            p = passwordEnd;
        }
        p++;
    }
    const hosts = [];
    const ports = [];
    let next;
    for (;;) {
        let host;
        if (s[p] === "[") {
            const close = until(s, p + 1, "]");
            if (close >= s.length)
                throw new ConninfoError('end of string reached when looking for matching "]" in URI');
            host = s.slice(p + 1, close);
            if (host === "")
                throw new ConninfoError("IPv6 host address may not be empty in URI");
            p = close + 1;
            if (p < s.length && !":/?,".includes(s[p]))
                throw new ConninfoError(`unexpected character "${s[p]}" in URI (expected ":" or "/")`);
        }
        else {
            const end = until(s, p, ":/?,");
            host = s.slice(p, end);
            p = end;
        }
        hosts.push(host);
        next = s[p];
        if (next === ":") {
            const end = until(s, p + 1, "/?,");
            ports.push(s.slice(p + 1, end));
            p = end;
            next = s[p];
        }
        else
            ports.push("");
        if (next !== ",")
            break;
        p++;
    }
    const hostList = hosts.join(",");
    if (hostList !== "")
        out.set("host", uriDecode(hostList));
    const portList = ports.join(",");
    if (portList.replaceAll(",", "") !== "")
        out.set("port", uriDecode(portList));
    if (next === "/") {
        const end = until(s, p + 1, "?");
        if (end > p + 1)
            out.set("dbname", uriDecode(s.slice(p + 1, end)));
        p = end;
        next = s[p];
    }
    if (next === "?") {
        const query = s.slice(p + 1);
        const pairs = query.split("&");
        if (pairs.at(-1) === "")
            pairs.pop(); // "?" alone, or a trailing "&"
        for (const pair of pairs) {
            const eq = pair.indexOf("=");
            if (eq < 0)
                throw new ConninfoError(`missing key/value separator "=" in URI query parameter: "${pair}"`);
            if (pair.indexOf("=", eq + 1) >= 0)
                throw new ConninfoError(`extra key/value separator "=" in URI query parameter: "${pair.slice(0, eq)}"`);
            let key = uriDecode(pair.slice(0, eq));
            let value = uriDecode(pair.slice(eq + 1));
            // libpq's JDBC compatibility: ssl=true means sslmode=require.
            if (key === "ssl" && value === "true")
                [key, value] = ["sslmode", "require"];
            out.set(key, value);
        }
    }
    return out;
}
const isSpace = (c) => c !== undefined && /\s/.test(c);
/** A key=value connection string, parsed as libpq's conninfo_parse does (quotes, backslash escapes). */
function parseKeywords(text) {
    const out = new Map();
    let i = 0;
    while (i < text.length) {
        if (isSpace(text[i])) {
            i++;
            continue;
        }
        const start = i;
        while (i < text.length && text[i] !== "=" && !isSpace(text[i]))
            i++;
        const key = text.slice(start, i);
        while (isSpace(text[i]))
            i++;
        if (text[i] !== "=")
            throw new ConninfoError(`missing "=" after "${key}" in connection info string`);
        i++;
        while (isSpace(text[i]))
            i++;
        let value = "";
        if (text[i] === "'") {
            i++;
            for (;;) {
                if (i >= text.length)
                    throw new ConninfoError("unterminated quoted string in connection info string");
                const c = text[i];
                if (c === "\\") {
                    if (i + 1 < text.length)
                        value += text[i + 1];
                    i += 2;
                }
                else if (c === "'") {
                    i++;
                    break;
                }
                else {
                    value += c;
                    i++;
                }
            }
        }
        else {
            while (i < text.length && !isSpace(text[i])) {
                if (text[i] === "\\") {
                    if (i + 1 < text.length)
                        value += text[i + 1];
                    i += 2;
                }
                else
                    value += text[i++];
            }
        }
        out.set(key, value);
    }
    return out;
}
/**
 * A connection string's keywords and values, as libpq reads a URI (postgresql://, postgres://, and CockroachDB's
 * cockroachdb:// and cockroach://) or a key=value string. Throws ConninfoError where libpq would refuse it.
 */
export function parseConninfo(text) {
    const prefix = URI_SCHEMES.find((s) => text.startsWith(s));
    return prefix ? parseUri(text, prefix.length) : parseKeywords(text);
}
//# sourceMappingURL=conninfo.js.map