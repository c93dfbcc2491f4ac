import { ruleMeta } from "../core/catalog.js";
import { LIBPQ_MAJORS, predictAttacks } from "../libpq/behaviour.js";
import { aliasContext, connectionSslmodeAliases, paramLocation, sslmodeEvidence, sslmodeFix, } from "./helpers.js";
import { scanRule } from "./kinds.js";
import { aliasLibpqInputs, forgedWords, outcomesByMajor, unexpandedForm } from "./libpq-helpers.js";
/** Every outcome below is require's: the host name is never checked, whatever root file there is. */
const ANY_CERT = "an attacker with any certificate receives the password";
/**
 * What `require` checks for this alias, in words true to libpq (the libpq model, src/libpq/behaviour.ts): a root
 * file that exists makes it check the chain (as verify-ca, never the host name); an explicit sslrootcert that does
 * not exist turns ~/.postgresql/root.crt off; without any root file nothing is checked.
 */
function whatRequireChecks(alias) {
    const root = alias.sslrootcert;
    const inputs = aliasLibpqInputs(alias);
    const major = LIBPQ_MAJORS[LIBPQ_MAJORS.length - 1] ?? 18;
    const cases = (list) => list
        .map(([label, c]) => {
        const forge = predictAttacks(major, { ...inputs, ...c }).forge;
        return `${label}: a forged certificate is ${forgedWords(forge.outcome)} (${forge.why})`;
    })
        .join("; ");
    if (root.source === "unknown")
        return {
            words: `traffic is encrypted but sslrootcert is computed at run time (${root.unknownReason ?? "not known"}): libpq checks the chain only if it names a file that exists where the app runs (and never the host name), and otherwise checks no certificate, so ${ANY_CERT}`,
            model: "sslrootcert unknown",
        };
    if (root.value === null)
        return {
            words: `traffic is encrypted but, with no sslrootcert, libpq checks the chain only if ~/.postgresql/root.crt exists for the user the app runs as (and even then never the host name, so any certificate from that CA passes), and otherwise checks no certificate, so ${ANY_CERT}`,
            model: cases([
                ["with ~/.postgresql/root.crt", { homeRootCert: true, fileExists: () => undefined }],
                ["without", { homeRootCert: false, fileExists: () => undefined }],
            ]),
        };
    if (root.value === "system") {
        const { text } = outcomesByMajor({ ...inputs, homeRootCert: undefined, fileExists: () => false });
        return {
            words: `with sslrootcert=system, libpq 16+ refuses to connect at all (it reads "system" as the system's trusted roots and allows only verify-full with it), and libpq ≤ 15 looks for a file named "system", finds none and checks no certificate, so ${ANY_CERT} (see WW114)`,
            model: text,
        };
    }
    const form = unexpandedForm(root.value, "literal");
    if (form)
        return {
            words: `traffic is encrypted but sslrootcert '${root.value}' has ${form}, which libpq never expands: that file never exists, which also turns off ~/.postgresql/root.crt, so libpq checks no certificate and ${ANY_CERT} (see WW115)`,
            model: cases([["with ~/.postgresql/root.crt", { homeRootCert: true, fileExists: () => false }]]),
        };
    return {
        words: `traffic is encrypted but, with sslrootcert ${root.value}, libpq checks the chain against that file when it exists where the app runs, but never the host name, so anyone holding a certificate from that CA (another node's, another service's) can stand in for the database; where the file is missing it checks no certificate, and ${ANY_CERT}`,
        model: cases([
            [`${root.value} present`, { homeRootCert: undefined, fileExists: () => true }],
            [`${root.value} missing`, { homeRootCert: undefined, fileExists: () => false }],
        ]),
    };
}
export const ww103 = scanRule({
    meta: ruleMeta("WW103"),
    check(model) {
        const hits = [];
        for (const { view, alias } of connectionSslmodeAliases(model)) {
            if (alias.sslmode.value !== "require")
                continue;
            const cause = alias.sslmode.source === "ssl_require"
                ? ` because ${alias.url?.parser ?? "dj_database_url"}(ssl_require=True) overwrites the URL's sslmode with 'require'`
                : "";
            const checks = whatRequireChecks(alias);
            // Direct TLS only skips the SSLRequest: it authenticates the server no more than the sslmode does.
            const negotiation = alias.options.get("sslnegotiation");
            const direct = negotiation?.kind === "str" && negotiation.value === "direct"
                ? " (sslnegotiation=direct does not change this: it skips the SSLRequest, not the certificate check)"
                : "";
            hits.push({
                ...aliasContext(view, alias),
                message: `database alias '${alias.alias}' uses sslmode 'require'${cause}: ${checks.words}${direct}`,
                location: paramLocation(alias, alias.sslmode),
                evidence: `${sslmodeEvidence(alias)}; libpq model: ${checks.model}`,
                fix: sslmodeFix(alias),
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww103-db-cert-not-verified.js.map