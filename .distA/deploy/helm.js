/**
 * The cockroachdb Helm chart's values, found the way Helm combines them: the values files of a chart that depends on
 * it (an umbrella's `cockroachdb:` block, or the dependency's alias), a vendored copy of the chart, `-f`/`--values`
 * files and `--set` pairs of `helm install|upgrade|template` commands that install it (in scripts, Makefiles, CI),
 * and — when nothing says which chart a values file is for — a values file that mentions CockroachDB. Facts only:
 * TLS switched off (WW203), certificate rotation off (WW208), an ingress without TLS for the DB Console (WW205) and
 * node flags in `statefulset.args` (WW201/WW202).
 *
 * Value names and defaults are the cockroachdb chart's (cockroachdb/helm-charts, values.yaml): `tls.enabled` (true),
 * `tls.certs.selfSigner.rotateCerts` (true), the self-signer's `caCertDuration` (43800h), `nodeCertDuration`
 * (8760h) and `clientCertDuration` (672h), `ingress.enabled` (false) with `ingress.tls` (a list), and
 * `statefulset.args` (extra `cockroach start` flags).
 */
import { posix } from "node:path";
import { isScalar, isSeq, parseDocument } from "yaml";
import { charts, helmInstalls, prefixFor } from "./helm-sources.js";
/** The self-signer's certificate lifetimes by default (the chart's values.yaml), in hours. */
export const CHART_CERT_DURATION_HOURS = {
    caCertDuration: 43800,
    nodeCertDuration: 8760,
    clientCertDuration: 672,
};
const GO_DURATION_UNIT_HOURS = {
    h: 1,
    m: 1 / 60,
    s: 1 / 3600,
    ms: 1 / 3_600_000,
    us: 1 / 3_600_000_000,
    µs: 1 / 3_600_000_000,
    ns: 1 / 3_600_000_000_000,
};
/** A Go duration (`8760h`, `1h30m`, `90m0s`) in hours; undefined for anything else. */
export function goDurationHours(text) {
    const t = text.trim();
    if (!/^(\d+(\.\d+)?(h|ms|us|µs|ns|m|s))+$/.test(t))
        return undefined;
    let hours = 0;
    for (const m of t.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g))
        hours += Number(m[1]) * (GO_DURATION_UNIT_HOURS[m[2]] ?? Number.NaN);
    return Number.isFinite(hours) ? hours : undefined;
}
function certDuration(name, value, off) {
    return {
        ...off,
        name,
        hours: goDurationHours(value),
        chartDefaultHours: CHART_CERT_DURATION_HOURS[name],
    };
}
/** Values files are small; anything past this is not read as one (the YAML reader's own bounds apply too). */
const MAX_VALUES_BYTES = 256 * 1024;
const FLAGS = ["--insecure", "--accept-sql-without-tls", "--unencrypted-localhost-http"];
function valuesUses(files, known, commands) {
    const paths = new Set(files.map((f) => f.path));
    const uses = new Map();
    const add = (u) => {
        if (paths.has(u.file) && !uses.has(u.file))
            uses.set(u.file, u);
    };
    for (const c of known) {
        const inDir = files.filter((f) => posix.dirname(f.path) === c.dir && /^values[^/]*\.ya?ml$/i.test(posix.basename(f.path)));
        if (c.name === "cockroachdb")
            for (const f of inDir)
                add({ file: f.path, prefix: [], because: `the cockroachdb chart in ${c.dir}` });
        else if (c.cockroachKey)
            for (const f of inDir)
                add({
                    file: f.path,
                    prefix: [c.cockroachKey],
                    because: `chart ${c.name || c.dir} depends on cockroachdb (values under '${c.cockroachKey}:')`,
                });
    }
    for (const cmd of commands) {
        const prefix = prefixFor(cmd.chart, cmd.file, known)?.prefix;
        if (!prefix)
            continue;
        for (const v of cmd.values)
            for (const file of [posix.normalize(v), posix.join(posix.dirname(cmd.file), v)])
                add({ file, prefix, because: `helm ${cmd.chart} -f ${v} in ${cmd.file}` });
    }
    // Last: a values file nothing else placed, that says it is CockroachDB's.
    for (const f of files)
        if (/values[^/]*\.ya?ml$/i.test(f.path) && /cockroach/i.test(f.path + f.text.slice(0, 4000)))
            add({ file: f.path, prefix: [], because: "a values file that mentions CockroachDB" });
    return [...uses.values()];
}
/** Reads the cockroachdb chart's values wherever Helm would take them from, into `facts`. */
export function readHelmValues(files, facts, loc) {
    const known = charts(files);
    const commands = helmInstalls(files);
    const byPath = new Map(files.map((f) => [f.path, f]));
    for (const use of valuesUses(files, known, commands)) {
        const f = byPath.get(use.file);
        if (!f || f.text.length > MAX_VALUES_BYTES)
            continue;
        const doc = parseDocument(f.text, { logLevel: "error", uniqueKeys: false });
        if (doc.errors.length > 0)
            continue; // the YAML reader reports malformed files
        const at = (path) => {
            const node = doc.getIn([...use.prefix, ...path], true);
            return node?.range ? loc(f.path, node.range[0]) : undefined;
        };
        const value = (path) => {
            const node = doc.getIn([...use.prefix, ...path], true);
            return isScalar(node) ? node.value : undefined;
        };
        const where = `CockroachDB Helm values (${use.because})`;
        const key = (path) => [...use.prefix, path].join(".");
        if (value(["tls", "enabled"]) === false)
            facts.tlsOff.push({
                location: at(["tls", "enabled"]),
                where,
                setting: `${key("tls.enabled")}: false`,
            });
        // Rotation is the self-signer's: certificates provided or issued elsewhere are rotated (or not) elsewhere.
        const selfSigned = value(["tls", "certs", "selfSigner", "enabled"]) !== false &&
            value(["tls", "certs", "provided"]) !== true;
        if (selfSigned && value(["tls", "certs", "selfSigner", "rotateCerts"]) === false)
            facts.certRotationOff.push({
                location: at(["tls", "certs", "selfSigner", "rotateCerts"]),
                where,
                setting: `${key("tls.certs.selfSigner.rotateCerts")}: false`,
            });
        if (selfSigned)
            for (const name of Object.keys(CHART_CERT_DURATION_HOURS)) {
                const v = value(["tls", "certs", "selfSigner", name]);
                if (typeof v !== "string" && typeof v !== "number")
                    continue;
                const setting = `${key(`tls.certs.selfSigner.${name}`)}: ${v}`;
                facts.certDurations.push(certDuration(name, String(v), {
                    location: at(["tls", "certs", "selfSigner", name]),
                    where,
                    setting,
                }));
            }
        const ingressTls = doc.getIn([...use.prefix, "ingress", "tls"], true);
        // With iap.enabled the chart's ingress refuses plain HTTP itself (kubernetes.io/ingress.allow-http: "false").
        if (value(["ingress", "enabled"]) === true &&
            value(["iap", "enabled"]) !== true &&
            !(isSeq(ingressTls) && ingressTls.items.length > 0))
            facts.consoleIngress.push({
                location: at(["ingress", "enabled"]),
                where,
                setting: `${key("ingress.enabled")}: true without ${key("ingress.tls")}`,
            });
        const args = doc.getIn([...use.prefix, "statefulset", "args"], true);
        if (isSeq(args))
            for (const item of args.items) {
                if (!isScalar(item) || typeof item.value !== "string")
                    continue;
                const flag = FLAGS.find((x) => item.value === x || item.value.startsWith(`${x}=`));
                if (flag && !/=(false|0)$/i.test(item.value))
                    facts.cockroachFlags.push(nodeFlag(flag, loc(f.path, item.range?.[0] ?? 0), where, item.value));
            }
    }
    for (const cmd of commands) {
        const prefix = prefixFor(cmd.chart, cmd.file, known)?.prefix;
        if (!prefix)
            continue;
        const where = `helm ${cmd.chart} in ${cmd.file}`;
        for (const s of cmd.sets) {
            const k = prefix.length > 0 && s.key.startsWith(`${prefix[0]}.`)
                ? s.key.slice((prefix[0] ?? "").length + 1)
                : s.key;
            if (prefix.length > 0 && k === s.key)
                continue;
            const off = {
                location: loc(cmd.file, s.offset),
                where,
                setting: `--set ${s.key}=${s.value}`,
            };
            if (k === "tls.enabled" && s.value === "false")
                facts.tlsOff.push(off);
            if (k === "tls.certs.selfSigner.rotateCerts" && s.value === "false")
                facts.certRotationOff.push(off);
            const duration = /^tls\.certs\.selfSigner\.(\w+)$/.exec(k)?.[1];
            if (duration && duration in CHART_CERT_DURATION_HOURS)
                facts.certDurations.push(certDuration(duration, s.value, off));
        }
    }
}
function nodeFlag(flag, location, where, text) {
    return { flag, location, where, command: `cockroach start … ${text}` };
}
//# sourceMappingURL=helm.js.map