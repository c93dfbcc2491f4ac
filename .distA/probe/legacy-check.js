import { limitPhrase } from "../net/connection.js";
import { requestSsl } from "../net/ssl-request.js";
import { ANON_SUITES, buildClientHello, DES_SUITES, EXPORT_SUITES, MODERN_SUITES, NULL_SUITES, RC4_SUITES, suiteName, TLS_VERSION, versionName, weaknessOf, } from "../tls/client-hello.js";
import { attemptHello } from "../tls/handshake-attempt.js";
const LEGACY_VERSIONS = ["SSLv3", "TLSv1", "TLSv1.1"];
const WEAK_FAMILIES = [NULL_SUITES, ANON_SUITES, EXPORT_SUITES, RC4_SUITES, DES_SUITES];
const WEAK_SUITES = WEAK_FAMILIES.flat().map((s) => s.id);
/**
 * Offers what Node's OpenSSL will not: SSLv3/TLS 1.0/TLS 1.1, and NULL, anonymous, EXPORT, RC4 and DES suites, with
 * hand-built ClientHellos (one connection each, after SSLRequest/`S`), reading only the ServerHello, as nmap's
 * ssl-enum-ciphers does. No handshake is completed; nothing but the hello is sent.
 *
 * TLS negotiation lets one hello answer several questions, so a server that refuses everything (the usual case)
 * costs two connections, not eight (issue 22): a hello offering up to TLS 1.1 is answered with the highest legacy
 * version the server takes, or refused when it takes none; one offering every weak suite is answered with one of
 * them, or refused when it takes none. Each accepted answer is followed by a hello without it (a lower version, the
 * other families), so every accepted version and family is still found, one connection each.
 */
export async function legacyTls(host, port, deadline) {
    const [protocols, families] = await Promise.all([
        legacyVersions(host, port, deadline),
        weakFamilies(host, port, deadline),
    ]);
    return {
        protocols: protocols.attempts,
        weakSuites: families.suites,
        problems: [...protocols.problems, ...families.problems],
    };
}
/** Each legacy version, newest first: a hello up to it tells it and every version above it down to the last. */
async function legacyVersions(host, port, deadline) {
    const byVersion = new Map();
    const problems = [];
    const newestFirst = [...LEGACY_VERSIONS].reverse();
    while (byVersion.size < newestFirst.length) {
        const open = newestFirst.filter((v) => !byVersion.has(v));
        const top = open[0];
        const offered = open.length > 1 ? `a hello offering ${open.at(-1)} to ${top}` : `a ${top} hello`;
        const r = await hello(host, port, deadline, {
            version: top,
            cipherSuites: [...MODERN_SUITES.map((s) => s.id), ...WEAK_SUITES],
            serverName: host,
        });
        if (r.kind === "server-hello") {
            const chosen = newestFirst.find((v) => TLS_VERSION[v] === r.version);
            const got = `ServerHello ${versionName(r.version)} with ${suiteName(r.cipherSuite)}`;
            if (!chosen || !open.includes(chosen)) {
                // Not a version that was offered: every open version is refused by that answer, as one attempt would be.
                for (const v of open)
                    byVersion.set(v, {
                        version: v,
                        accepted: false,
                        detail: `the server answered with ${versionName(r.version)} instead`,
                    });
                break;
            }
            // The server takes `chosen` and, negotiating down, none of the offered versions above it.
            for (const v of open) {
                if (v === chosen)
                    byVersion.set(v, { version: v, accepted: true, detail: got });
                else if (TLS_VERSION[v] > TLS_VERSION[chosen])
                    byVersion.set(v, {
                        version: v,
                        accepted: false,
                        detail: `the server answered with ${versionName(r.version)} instead`,
                    });
            }
            continue;
        }
        const detail = r.kind === "alert"
            ? `refused (TLS alert ${r.description} to ${offered})`
            : r.kind === "closed"
                ? `refused (connection closed on ${offered})`
                : r.detail;
        for (const v of open)
            byVersion.set(v, { version: v, accepted: r.kind === "unclear" ? null : false, detail });
        if (r.kind === "unclear")
            problems.push(`legacy protocol attempt (${offered}): ${r.detail}`);
    }
    return { attempts: LEGACY_VERSIONS.map((v) => byVersion.get(v)), problems };
}
/**
 * The weak suite families the server accepts: all of them offered at once, then the families not yet accepted,
 * until the server refuses. The rule needs each kind accepted, and a server that prefers anonymous suites would
 * otherwise hide its NULL ones behind them.
 */
async function weakFamilies(host, port, deadline) {
    const suites = [];
    let open = [...WEAK_FAMILIES];
    while (open.length > 0) {
        const offer = open.flat().map((s) => s.id);
        const r = await hello(host, port, deadline, {
            version: "TLSv1.2",
            cipherSuites: offer,
            serverName: host,
        });
        if (r.kind === "unclear")
            return { suites, problems: [`weak cipher suite attempt: ${r.detail}`] };
        if (r.kind !== "server-hello")
            break;
        const weakness = weaknessOf(r.cipherSuite);
        const family = open.find((f) => f.some((s) => s.id === r.cipherSuite));
        if (!weakness || !family)
            return { suites, problems: [`the server chose ${suiteName(r.cipherSuite)}, which was not offered`] };
        suites.push({
            id: r.cipherSuite,
            name: suiteName(r.cipherSuite),
            weakness,
            version: versionName(r.version),
        });
        open = open.filter((f) => f !== family);
    }
    // In the order of the families, whatever order the server gave them in.
    suites.sort((a, b) => familyIndex(a.id) - familyIndex(b.id));
    return { suites, problems: [] };
}
function familyIndex(id) {
    return WEAK_FAMILIES.findIndex((f) => f.some((s) => s.id === id));
}
async function hello(host, port, deadline, o) {
    const s = await requestSsl(host, port, deadline);
    if ("unreachable" in s)
        return { kind: "unclear", detail: s.unreachable };
    if (!s.conn)
        return { kind: "unclear", detail: `SSLRequest answered ${s.answer.kind}` };
    if (s.answer.kind === "S" && s.answer.extraBytes > 0) {
        s.conn.close();
        return { kind: "unclear", detail: "plaintext bytes arrived after 'S'" };
    }
    const r = await attemptHello(s.conn.detach(), buildClientHello(o), deadline.left());
    switch (r.kind) {
        case "server-hello":
            return { kind: "server-hello", version: r.version, cipherSuite: r.cipherSuite };
        case "alert":
            return { kind: "alert", description: r.description };
        case "closed":
            return { kind: "closed" };
        case "timeout":
            return { kind: "unclear", detail: `no ServerHello ${limitPhrase(deadline)}` };
        default:
            return { kind: "unclear", detail: `unreadable reply: ${"reason" in r ? r.reason : r.kind}` };
    }
}
//# sourceMappingURL=legacy-check.js.map