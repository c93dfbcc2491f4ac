/**
 * What a libpq client of a given major version does with its connection settings, before and during a
 * man-in-the-middle attack: the one model `scan` predicts with and `prove` is checked against (issue 18). Pure.
 *
 * The facts it encodes (each held to real libpq 15, 17 and 18 by test/crosscheck/scan-prove-matrix.test.ts):
 * - a parameter comes from the connection string, else its PG* variable, else libpq's default (sslmode: prefer);
 * - a root certificate file that exists (an explicit `sslrootcert`, else `~/.postgresql/root.crt`) makes every
 *   TLS mode verify the chain, `prefer` and `require` included; an explicit `sslrootcert` that does not exist
 *   turns the implicit one off, and under verify-ca/verify-full makes the connection fail;
 * - `sslrootcert=system` (libpq ≥ 16) verifies against the system store and makes verify-full the default, and any
 *   weaker sslmode an error; libpq ≤ 15 takes "system" as a file name, which does not exist;
 * - libpq expands neither `$VAR` nor `~` in a path;
 * - `sslnegotiation=direct` (≥ 17) needs require or stronger and never falls back; older libpq refuses the option,
 *   as it refuses every parameter it does not know;
 * - `allow` tries plaintext first and TLS when that attempt fails: an attacker who fails the first attempt gets a
 *   TLS login checked no more than `prefer`'s.
 */
import { isSslmode } from "./sslmode.js";
export const LIBPQ_MAJORS = [15, 16, 17, 18];
/** The parameters that decide the channel, and their environment variables. */
export const CHANNEL_PARAMETERS = {
    sslmode: "PGSSLMODE",
    sslrootcert: "PGSSLROOTCERT",
    sslnegotiation: "PGSSLNEGOTIATION",
    channel_binding: "PGCHANNELBINDING",
    require_auth: "PGREQUIREAUTH",
};
/** The first libpq major that knows a parameter; an older one refuses a connection string naming it. */
const SINCE = {
    require_auth: 16,
    sslcertmode: 16,
    load_balance_hosts: 16,
    sslnegotiation: 17,
    sslkeylogfile: 18,
    min_protocol_version: 18,
    max_protocol_version: 18,
};
function setting(c, name) {
    const p = c.params[name];
    if (p !== undefined && p !== "")
        return { value: p, from: "parameter" };
    const e = c.env[CHANNEL_PARAMETERS[name]];
    if (e !== undefined && e !== "")
        return { value: e, from: "environment" };
    return undefined;
}
export function resolveLibpq(major, c) {
    let error;
    let errorAt;
    const fail = (message, at = "options") => {
        if (error === undefined) {
            error = message;
            errorAt = at;
        }
    };
    for (const name of Object.keys(c.params)) {
        const since = SINCE[name];
        if (since !== undefined && major < since)
            fail(`invalid connection option "${name}"`);
    }
    const rootSetting = setting(c, "sslrootcert");
    const system = major >= 16 && rootSetting?.value === "system";
    const modeSetting = setting(c, "sslmode");
    let sslmode = "prefer";
    let sslmodeFrom = "default";
    if (modeSetting) {
        if (isSslmode(modeSetting.value)) {
            sslmode = modeSetting.value;
            sslmodeFrom = modeSetting.from;
        }
        else
            fail(`invalid sslmode value: "${modeSetting.value}"`);
    }
    else if (system)
        sslmode = "verify-full";
    if (system && sslmode !== "verify-full")
        fail(`weak sslmode "${sslmode}" may not be used with sslrootcert=system (use "verify-full")`);
    let roots;
    if (system)
        roots = { kind: "system-store" };
    else if (rootSetting)
        roots = {
            kind: "file",
            path: rootSetting.value,
            exists: c.fileExists(rootSetting.value),
            implicit: false,
        };
    else if (c.homeRootCert === false)
        roots = { kind: "none" };
    else
        roots = { kind: "file", path: "~/.postgresql/root.crt", exists: c.homeRootCert, implicit: true };
    const verifyMode = sslmode === "verify-ca" || sslmode === "verify-full";
    const rootExists = roots.kind === "system-store" ? true : roots.kind === "file" ? roots.exists : false;
    if (verifyMode && rootExists === false && roots.kind === "file")
        fail(`root certificate file "${roots.path}" does not exist`, "tls");
    if (verifyMode && roots.kind === "none")
        fail('root certificate file "~/.postgresql/root.crt" does not exist', "tls");
    const tls = sslmode !== "disable";
    const verifiesChain = !tls ? false : verifyMode ? true : rootExists;
    const negotiation = setting(c, "sslnegotiation");
    const direct = major >= 17 && negotiation?.value === "direct";
    if (direct && !(sslmode === "require" || verifyMode))
        fail(`weak sslmode "${sslmode}" may not be used with sslnegotiation=direct (use "require", "verify-ca", or "verify-full")`);
    const binding = setting(c, "channel_binding")?.value;
    const requireAuth = major >= 16 ? setting(c, "require_auth")?.value : undefined;
    const allowsPasswordRequest = binding !== "require" && (methodAllowed(requireAuth, "password") || methodAllowed(requireAuth, "md5"));
    const allowsScram = methodAllowed(requireAuth, "scram-sha-256");
    return {
        sslmode,
        sslmodeFrom,
        roots,
        verifiesChain,
        verifiesHost: sslmode === "verify-full",
        direct,
        ...(error ? { error, errorAt } : {}),
        allowsPasswordRequest,
        requiresChannelBinding: binding === "require",
        allowsScram,
    };
}
/** require_auth: a list of methods, or of negated methods; cleartext is `password`. */
function methodAllowed(requireAuth, method) {
    if (requireAuth === undefined)
        return true;
    const methods = requireAuth.split(",").map((m) => m.trim());
    if (methods.every((m) => m.startsWith("!")))
        return !methods.includes(`!${method}`);
    return methods.includes(method);
}
export const PREDICTED_ATTACKS = [
    "strip",
    "forge",
    "wrong-host",
    "downgrade",
    "direct-forge",
];
/**
 * What a client of this major does under each attack, with the reason in words. forge presents a certificate for
 * the right name from a CA the client does not trust; wrong-host one from the client's own CA for another name;
 * downgrade asks for a cleartext password on whichever channel the client already gave the attacker.
 */
export function predictAttacks(major, c) {
    const r = resolveLibpq(major, c);
    if (r.error) {
        const none = { outcome: "no-connection", why: `libpq ${major} refuses to connect: ${r.error}` };
        // A traditional client that stops only when it starts TLS has sent its SSLRequest first: direct-forge, which
        // waits for a ClientHello, does not concern it.
        const directForge = !r.direct && r.errorAt === "tls"
            ? { outcome: "not-applicable", why: "the client does not use sslnegotiation=direct" }
            : none;
        return { strip: none, forge: none, "wrong-host": none, downgrade: none, "direct-forge": directForge };
    }
    const mode = r.sslmode;
    const strip = r.direct
        ? {
            outcome: "refused",
            why: "the client starts TLS directly: there is no SSLRequest to answer N to",
        }
        : mode === "disable" || mode === "allow" || mode === "prefer"
            ? { outcome: "through", why: `sslmode ${mode} goes on in plaintext` }
            : { outcome: "refused", why: `sslmode ${mode} requires TLS` };
    const chain = r.verifiesChain;
    const forgeOutcome = (why) => chain === undefined
        ? {
            outcome: "unknown",
            why: `${why}; whether ${rootsText(r.roots)} exists where the client runs decides`,
        }
        : chain
            ? { outcome: "refused", why: `the chain is checked against ${rootsText(r.roots)}` }
            : { outcome: "through", why };
    const noChainWhy = `sslmode ${mode} with ${r.roots.kind === "none" ? "no root certificate" : `${rootsText(r.roots)} missing`} checks no certificate`;
    // allow starts in plaintext, but an attacker who refuses that attempt gets the TLS retry: disable alone never
    // asks for TLS.
    const forge = mode === "disable"
        ? { outcome: "not-applicable", why: "sslmode disable never asks for TLS" }
        : r.direct
            ? {
                outcome: "refused",
                why: "the client starts TLS directly, not after an SSLRequest (direct-forge)",
            }
            : forgeOutcome(noChainWhy);
    const wrongHost = mode === "disable"
        ? { outcome: "not-applicable", why: "sslmode disable never asks for TLS" }
        : r.direct
            ? { outcome: "refused", why: "the client starts TLS directly, not after an SSLRequest" }
            : r.verifiesHost
                ? r.roots.kind === "system-store"
                    ? { outcome: "refused", why: "verify-full against the system store" }
                    : { outcome: "refused", why: "verify-full checks the host name" }
                : { outcome: "through", why: `sslmode ${mode} does not check the host name` };
    const directForge = !r.direct
        ? { outcome: "not-applicable", why: "the client does not use sslnegotiation=direct" }
        : forgeOutcome(noChainWhy);
    // channel_binding=require, or a require_auth without scram-sha-256: the client accepts the attacker's channel
    // but will not answer its SCRAM-SHA-256 request in it.
    const bound = (a) => a.outcome !== "through"
        ? a
        : r.requiresChannelBinding
            ? {
                outcome: "refused",
                why: `${a.why}, but channel_binding=require authenticates only with SCRAM-SHA-256-PLUS, bound to the server's certificate`,
            }
            : !r.allowsScram
                ? {
                    outcome: "refused",
                    why: `${a.why}, but require_auth does not allow SCRAM-SHA-256, which the attacker asks for`,
                }
                : a;
    const stripB = bound(strip);
    const forgeB = bound(forge);
    const wrongHostB = bound(wrongHost);
    const directForgeB = bound(directForge);
    // The channels the client accepts, whether or not it then answers SCRAM in them: downgrade asks for a password
    // in them (direct-forge's too: a direct client with require and no root file gives it, field E1).
    const channels = [strip, forge, wrongHost, directForge];
    const downgrade = channels.some((a) => a.outcome === "through")
        ? r.allowsPasswordRequest
            ? {
                outcome: "through",
                why: "libpq answers a cleartext (or MD5) password request in the channel it gave the attacker",
            }
            : {
                outcome: "refused",
                why: "require_auth / channel_binding refuse both a cleartext and an MD5 password request",
            }
        : channels.some((a) => a.outcome === "unknown")
            ? {
                outcome: "unknown",
                why: "runs only in a channel the client gave the attacker, which is not known",
            }
            : {
                outcome: "not-applicable",
                why: "no channel to run it in: the client refused strip, forge, wrong-host and direct-forge",
            };
    return {
        strip: stripB,
        forge: forgeB,
        "wrong-host": wrongHostB,
        downgrade,
        "direct-forge": directForgeB,
    };
}
function rootsText(roots) {
    return roots.kind === "system-store"
        ? "the system's trusted roots"
        : roots.kind === "file"
            ? roots.path
            : "no root file";
}
//# sourceMappingURL=behaviour.js.map