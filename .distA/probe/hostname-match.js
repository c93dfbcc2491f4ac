import { isIP } from "node:net";
/**
 * Whether libpq's `verify-full` would accept these certificate names for `host` (PostgreSQL 15,
 * fe-secure-openssl.c): every dNSName is compared (also when the host is an IP, as a string), every iPAddress is
 * compared when the host is an IP, and the Subject CN counts only when no SAN of the host's own kind is present.
 */
export function libpqHostMatches(host, names) {
    const hostIsIp = isIP(host) !== 0;
    if (names.dnsNames.some((n) => nameMatches(n, host)))
        return true;
    if (hostIsIp && names.ipAddresses.some((ip) => sameAddress(ip, host)))
        return true;
    const sameKindSan = hostIsIp ? names.ipAddresses.length > 0 : names.dnsNames.length > 0;
    if (sameKindSan || names.commonName === undefined)
        return false;
    return nameMatches(names.commonName, host);
}
/** libpq's name rule: case-insensitive; a leading `*.` stands for exactly one label. */
export function nameMatches(pattern, host) {
    if (pattern.includes("\0"))
        return false;
    const p = pattern.toLowerCase();
    const h = host.toLowerCase();
    if (p === h)
        return true;
    if (!p.startsWith("*."))
        return false;
    const dot = h.indexOf(".");
    return dot > 0 && p.slice(1) === h.slice(dot);
}
function sameAddress(a, b) {
    const x = canonicalIp(a);
    return x !== undefined && x === canonicalIp(b);
}
/** IPv6 text has many spellings (::1, 0:0::1); compare the 16 bytes. */
export function canonicalIp(text) {
    const t = text.replace(/^\[|\]$/g, "");
    const kind = isIP(t);
    if (kind === 4)
        return t.split(".").map(Number).join(".");
    if (kind !== 6)
        return undefined;
    let [head, tail] = t.split("::");
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
    const fromV4 = (s) => {
        const [a, b, c, d] = s.split(".").map(Number);
        return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)].join(":");
    };
    if (v4) {
        if (tail !== undefined)
            tail = tail.replace(v4[1], fromV4(v4[1]));
        else
            head = head.replace(v4[1], fromV4(v4[1]));
    }
    const groups = (s) => (s ? s.split(":").filter((g) => g !== "") : []);
    const h = groups(head);
    const tl = groups(tail);
    const zeros = tail === undefined ? [] : new Array(8 - h.length - tl.length).fill("0");
    return [...h, ...zeros, ...tl].map((g) => Number.parseInt(g, 16).toString(16)).join(":");
}
//# sourceMappingURL=hostname-match.js.map