import { sslmodeProtection } from "../libpq/sslmode.js";
import { asString } from "../python/value.js";
/** What libpq does with an sslmode, in the words a diagram label can carry. */
export function channelProtection(alias) {
    if (alias.family === "sqlite")
        return "local file, no network";
    if (!alias.network)
        return "local, no network";
    if (alias.family !== "postgres" && alias.family !== "unknown")
        return "not judged (not PostgreSQL-wire)";
    return sslmodeProtection(alias.sslmode.value);
}
/** The hosts of a libpq HOST (comma-separated for multi-host), each with the port that goes with it. */
function nodesOf(alias) {
    const host = alias.host ? asString(alias.host) : undefined;
    if (host === undefined || host === "" || !alias.network)
        return [alias.hostLabel];
    const ports = (alias.port ? (asString(alias.port) ?? (alias.port.kind === "int" ? String(alias.port.value) : "")) : "")
        .split(",")
        .map((p) => p.trim());
    return host.split(",").map((h, i) => {
        const port = ports[i] ?? ports[0] ?? "";
        const shown = h.includes(":") && !h.startsWith("[") ? `[${h.trim()}]` : h.trim();
        return port ? `${shown}:${port}` : shown;
    });
}
/** The diagram's words for an alias: its verdict first, so the picture never says more than the findings do. */
function protectionWords(verdict, alias) {
    if (verdict === "unknown")
        return "unknown: not verified";
    return channelProtection(alias);
}
/** Settings modules and their aliases as the scan understood them, labelled by the scan's verdicts (pure). */
export function buildTopology(model, verdictOf = () => undefined, 
/** The browser hop's words, from the HTTPS rules (rules/browser-verdicts.ts): this module judges nothing. */
browserOf = () => "HTTPS settings not known", 
/** The pooler an alias connects through, when the tree shows one (rules/deploy-helpers.ts links them). */
poolerOf = () => undefined) {
    return model.views.map((view) => ({
        module: view.module,
        file: view.file,
        condition: view.condition,
        production: view.production,
        development: view.development,
        behindProxy: (view.settings.get("SECURE_PROXY_SSL_HEADER")?.kind ?? "none") !== "none",
        browserProtection: browserOf(view),
        aliases: view.databases.map((a) => {
            const verdict = verdictOf(view, a);
            const pooler = poolerOf(a);
            return {
                alias: a.alias,
                engine: a.engine,
                nodes: nodesOf(a),
                network: a.network,
                sslmode: a.sslmode.value,
                protection: protectionWords(verdict, a),
                ...(verdict ? { verdict } : {}),
                ...(pooler ? { pooler } : {}),
            };
        }),
    }));
}
//# sourceMappingURL=topology.js.map