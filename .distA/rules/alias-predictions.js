import { LIBPQ_MAJORS, PREDICTED_ATTACKS, predictAttacks, } from "../libpq/behaviour.js";
import { aliasLibpqInputs } from "./libpq-helpers.js";
/** Worst first: what a man in the middle can count on. */
const RANK = {
    through: 4,
    unknown: 3,
    refused: 2,
    "no-connection": 1,
    "not-applicable": 0,
};
/** Where a made-up path stands for an sslrootcert the tree does not give. */
const ASSUMED_ROOT_PATH = "<the sslrootcert file>";
/**
 * What `prove` would show for this alias, from the libpq model alone (`scan --format json`'s `predictedAttacks`):
 * every case of the libpq majors the project may run, whether `~/.postgresql/root.crt` exists where it runs, and
 * (for an explicit sslrootcert path) whether that file exists there, none of which the tree tells; and per attack
 * the worst of them. An sslrootcert the tree does not give is assumed in turn to be none, a file (present or
 * missing) and `system`; a database URL it does not give may also carry `sslnegotiation=direct`: the worst case
 * is then the worst of all of them (unknown is not safe, and an unknown root never makes strip succeed against
 * require). Only an unknown sslmode leaves every attack unknown. Undefined for an alias that is not a network
 * PostgreSQL-wire one.
 */
export function predictAlias(alias, libpq, channelEnv = {}) {
    const majors = libpq?.majors ?? LIBPQ_MAJORS;
    const evidence = (libpq?.evidence ?? []).map((e) => `${e.location.file}:${e.location.line}: ${e.text}`);
    const because = evidence.length > 0 ? { libpqEvidence: evidence } : {};
    if (!alias.network || !(alias.family === "postgres" || alias.family === "unknown"))
        return undefined;
    if (alias.sslmode.source === "unknown") {
        const unknown = {
            outcome: "unknown",
            why: `the sslmode is not known (${alias.sslmode.unknownReason ?? "computed at run time"})`,
        };
        return {
            libpq: [...majors],
            ...because,
            weakest: Object.fromEntries(PREDICTED_ATTACKS.map((a) => [a, unknown])),
            cases: [],
        };
    }
    const inputs = aliasLibpqInputs(alias);
    const rootUnknown = alias.sslrootcert.source === "unknown";
    const urlUnknown = alias.url !== undefined && alias.url.url === null;
    const assumptions = [];
    for (const sslrootcert of rootUnknown ? ["none", "a file", "system"] : [undefined])
        for (const sslnegotiation of urlUnknown && inputs.params.sslnegotiation === undefined
            ? [undefined, "direct"]
            : [undefined])
            assumptions.push({
                ...(sslrootcert ? { sslrootcert } : {}),
                ...(sslnegotiation ? { sslnegotiation } : {}),
            });
    const cases = [];
    const worst = new Map();
    for (const assumed of assumptions) {
        const params = { ...inputs.params };
        if (assumed.sslrootcert === "a file")
            params.sslrootcert = ASSUMED_ROOT_PATH;
        if (assumed.sslrootcert === "system")
            params.sslrootcert = "system";
        if (assumed.sslnegotiation)
            params.sslnegotiation = assumed.sslnegotiation;
        const env = { ...channelEnv, ...inputs.env };
        const root = params.sslrootcert ?? env.PGSSLROOTCERT;
        // libpq expands neither $VAR nor ~: such a path never exists. "system" is a store, not a file, from libpq 16.
        const literalMissing = root !== undefined && (/[$%]/.test(root) || root.startsWith("~"));
        const rootCases = root === undefined || root === "system" || literalMissing ? [undefined] : [true, false];
        const assumedWords = assumptionWords(assumed, rootUnknown, alias);
        for (const major of majors)
            for (const homeRootCert of [false, true])
                for (const rootFileExists of rootCases) {
                    const client = {
                        params,
                        env,
                        homeRootCert,
                        fileExists: (p) => p === root ? (literalMissing ? false : (rootFileExists ?? false)) : undefined,
                    };
                    const predicted = predictAttacks(major, client);
                    cases.push({
                        libpq: major,
                        homeRootCert,
                        ...(rootFileExists !== undefined ? { rootFileExists } : {}),
                        ...(assumedWords ? { assumed } : {}),
                        attacks: Object.fromEntries(PREDICTED_ATTACKS.map((a) => [a, predicted[a].outcome])),
                    });
                    for (const a of PREDICTED_ATTACKS) {
                        const p = predicted[a];
                        const seen = worst.get(a);
                        if (!seen || RANK[p.outcome] > RANK[seen.outcome])
                            worst.set(a, {
                                outcome: p.outcome,
                                why: `${p.why} (libpq ${major}${caseWords(homeRootCert, rootFileExists, root)}${assumedWords})`,
                            });
                    }
                }
    }
    return { libpq: [...majors], ...because, weakest: Object.fromEntries(worst), cases };
}
/** ", if the unknown sslrootcert is none" and the like: what the worst case assumed of what the tree does not say. */
function assumptionWords(a, rootUnknown, alias) {
    const parts = [];
    if (rootUnknown && a.sslrootcert)
        parts.push(`the sslrootcert, which the tree does not give (${alias.sslrootcert.unknownReason ?? "computed at run time"}), is ${a.sslrootcert === "none" ? "not set" : a.sslrootcert === "system" ? "system" : "a file"}`);
    if (a.sslnegotiation)
        parts.push("the database URL, which the tree does not give, sets sslnegotiation=direct");
    return parts.length > 0 ? `; if ${parts.join(" and ")}` : "";
}
function caseWords(home, rootFile, root) {
    const parts = [home ? "with ~/.postgresql/root.crt" : "without ~/.postgresql/root.crt"];
    if (rootFile !== undefined)
        parts.push(`${root} ${rootFile ? "present" : "missing"}`);
    return `, ${parts.join(", ")}`;
}
//# sourceMappingURL=alias-predictions.js.map