import { CHANNEL_ATTACKS } from "./model.js";
/**
 * An attack is let through when the client went on past the attacker's authentication request on the attacker's
 * channel: it answered SCRAM or sent a password (or the relayed login succeeded). Sending only a StartupMessage
 * and then refusing (channel binding, a host name check after the handshake) counts as refused, with the leak
 * noted in the evidence.
 */
export function judgeAttack(i) {
    const evidence = [];
    i.connections.forEach((c, n) => {
        const prefix = i.connections.length > 1 ? `connection ${n + 1}: ` : "";
        evidence.push(`${prefix}${c.steps.join("; ")}`);
    });
    const neverConnected = i.connections.length === 0;
    // libpq stopped on its own settings before connecting: the attack never reached it, nor would the real server.
    if (neverConnected)
        evidence.push(i.client.ok
            ? "the client never connected to the proxy"
            : "the client never connected to the proxy: libpq rejected its settings first (it cannot reach the real server either)");
    const clientError = i.client.error ? oneLine(i.client.error) : undefined;
    evidence.push(i.client.ok ? "client: reported success" : `client: ${clientError ?? "failed"}`);
    const onChannel = (c) => i.attack === "strip"
        ? c.startup !== undefined && !c.startup.inTls
        : i.attack === "downgrade" || c.tlsEstablished;
    // A client that stops only because it has no password to give (libpq: "no password supplied") had accepted
    // the attacker's channel: with its production credentials it would have gone on.
    const noPassword = /no password supplied/i.test(i.client.error ?? "");
    // Relayed to the real server, the server decides only when it refuses the attack itself: SCRAM channel binding
    // catches a forged certificate there. Any other failure of the relay (a wrong or stale password, a server that
    // stopped answering) says nothing of the client, whose own acts on the attacker's channel then decide.
    const boundOut = (c) => /channel binding/i.test(c.upstreamRefusal ?? "");
    const relayFailed = (c) => c.relayed === true && !c.upstreamAuthenticated && !boundOut(c);
    const reflected = i.marker !== undefined && i.marker !== "" && (i.client.error ?? "").includes(i.marker);
    const through = i.attack === "error-reflect"
        ? reflected
        : i.connections.some((c) => i.attack === "downgrade"
            ? c.passwordLength !== undefined || c.md5Answered === true
            : i.attack === "binding-downgrade"
                ? unbound(c)
                : onChannel(c) &&
                    (c.relayed && !relayFailed(c)
                        ? c.upstreamAuthenticated === true
                        : c.answeredAuth || (noPassword && c.startup !== undefined)));
    if (reflected)
        evidence.push("the client's own error message repeats the attacker's marker");
    if (i.connections.some((c) => relayFailed(c) && onChannel(c)))
        evidence.push("the relay to the real server failed: the query step could not run");
    if (noPassword && through)
        evidence.push("the client has no password configured here; it stopped only for that");
    const neverAskedTls = i.connections.length > 0 && i.connections.every((c) => c.startup && !c.askedTls);
    // direct-forge waits for a ClientHello as the first bytes: a client that sends SSLRequest or a plaintext
    // StartupMessage instead is not one it concerns (strip, forge and wrong-host are). A client that connected and
    // sent nothing is judged as refused: a direct client that stops before its handshake (a root file it cannot
    // load) does that, a traditional one always speaks first.
    const traditional = (c) => !c.directTls && (c.askedTls || c.startup !== undefined);
    const neverDirect = i.connections.some(traditional) && i.connections.every((c) => !c.directTls);
    // Only what happened on the attack's own channel counts: libpq's prefer retries in plaintext after a failed TLS
    // login, and that is the strip attack's finding, not this one's.
    const query = i.connections.find((c) => c.query && onChannel(c))?.query;
    const base = {
        attack: i.attack,
        alias: i.alias,
        ...(i.settingsModule ? { settingsModule: i.settingsModule } : {}),
        endpoint: i.endpoint,
        evidence,
        ...(i.client.ok || !clientError ? {} : { clientError }),
        passwordCaptured: i.connections.some((c) => c.passwordLength !== undefined && onChannel(c)),
        ...(i.connections.some((c) => c.md5Answered) ? { md5Captured: true } : {}),
        ...(noPassword && through && !i.connections.some((c) => c.answeredAuth)
            ? { stoppedForNoPassword: true }
            : {}),
        ...(CHANNEL_ATTACKS.includes(i.attack) &&
            i.connections.some((c) => onChannel(c) && c.startup !== undefined)
            ? { channelAccepted: true }
            : {}),
        ...(query ? { query } : {}),
        ...(neverConnected && !i.client.ok ? { neverConnected: true } : {}),
    };
    if ((i.attack === "downgrade" || i.attack === "binding-downgrade") && noPassword && !through) {
        return {
            ...base,
            outcome: "not-run",
            notRunReason: "the client has no password configured here, so none could be asked for",
        };
    }
    if ((i.attack === "forge" || i.attack === "wrong-host") && neverAskedTls) {
        return {
            ...base,
            outcome: "not-run",
            notRunReason: "the client never asks for TLS (the strip attack covers it)",
        };
    }
    if (i.attack === "error-reflect" &&
        !i.connections.some((c) => c.askedTls && !c.directTls) &&
        !neverConnected) {
        return {
            ...base,
            outcome: "not-run",
            notRunReason: i.connections.some((c) => c.directTls)
                ? "the client starts TLS directly (sslnegotiation=direct): it sends no SSLRequest to answer"
                : "the client never asks for TLS, so there is no SSLRequest to answer (the strip attack covers it)",
        };
    }
    if (i.attack === "direct-forge" && neverDirect) {
        return {
            ...base,
            outcome: "not-run",
            notRunReason: "the client does not use direct TLS (sslnegotiation=direct)",
        };
    }
    return { ...base, outcome: through ? "let-through" : "refused" };
}
/**
 * binding-downgrade: the client, set to require channel binding, went on without it: it chose unbound SCRAM from
 * an offer that had both, gave a password or an MD5 hash, or used a session the server never authenticated in.
 */
function unbound(c) {
    return ((c.saslMechanism !== undefined && !c.saslMechanism.endsWith("-PLUS")) ||
        c.passwordLength !== undefined ||
        c.md5Answered === true ||
        c.usedUnauthenticatedSession === true);
}
/**
 * One verdict from an attack's variants, run one after another until one is let through: the first let through
 * decides (with its variant named); otherwise refused if any variant was refused, else not run. The evidence
 * keeps every variant's, each under its name.
 */
export function combineVariants(runs) {
    const [head] = runs;
    if (!head)
        throw new Error("combineVariants: no runs");
    if (runs.length === 1)
        return { ...head.run, variant: head.variant };
    const decided = runs.find((r) => r.run.outcome === "let-through") ??
        runs.find((r) => r.run.outcome === "refused") ??
        runs.at(-1);
    const errors = runs.filter((r) => r.run.clientError).map((r) => `${r.variant}: ${r.run.clientError}`);
    return {
        ...decided.run,
        variant: decided.variant,
        ...(decided.run.outcome === "refused" && errors.length > 0 ? { clientError: errors.join(" / ") } : {}),
        evidence: runs.flatMap((r) => r.run.evidence.map((e) => `${r.variant}: ${e}`)),
        passwordCaptured: runs.some((r) => r.run.passwordCaptured),
        ...(runs.some((r) => r.run.md5Captured) ? { md5Captured: true } : {}),
    };
}
/** libpq repeats its message per attempt (sslmode=prefer tries twice): one line, each distinct message once. */
function oneLine(text) {
    const lines = [
        ...new Set(text
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean)),
    ];
    return lines.join(" / ");
}
//# sourceMappingURL=judge.js.map