/**
 * Where the cockroachdb Helm chart's values come from in a tree, shared by the values reader (helm.ts) and the node
 * discovery (cluster-nodes.ts): the charts (`Chart.yaml`, and whether one depends on cockroachdb and under which
 * key), and the `helm install|upgrade|template` commands of scripts, Makefiles and CI with their release, chart,
 * namespace, `-f` files and `--set` pairs.
 */
import { posix } from "node:path";
import { parseDocument } from "yaml";
import { mayContain } from "../core/prefilter.js";
/** A Chart.yaml is a few hundred bytes; anything past this is not read as one. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Helm commands read per run: a generated script of thousands is not a deployment. */
const MAX_HELM_COMMANDS = 500;
/** Shell-ish words with their offsets; a quoted word loses its quotes. */
export function words(s, base) {
    const out = [];
    const re = /"([^"]*)"|'([^']*)'|[^\s"';&|]+/g;
    for (let m = re.exec(s); m; m = re.exec(s))
        out.push({
            text: m[1] ?? m[2] ?? m[0],
            offset: base + m.index + (m[1] !== undefined || m[2] !== undefined ? 1 : 0),
        });
    return out;
}
export function charts(files) {
    const out = [];
    for (const f of files) {
        if (posix.basename(f.path) !== "Chart.yaml" || f.text.length > MAX_FILE_BYTES)
            continue;
        const doc = parseDocument(f.text, { logLevel: "error", uniqueKeys: false });
        if (doc.errors.length > 0)
            continue;
        let js;
        try {
            js = doc.toJS({ maxAliasCount: 100 });
        }
        catch {
            continue;
        }
        const deps = Array.isArray(js?.dependencies)
            ? js.dependencies
            : [];
        const dep = deps.find((x) => x?.name === "cockroachdb");
        out.push({
            dir: posix.dirname(f.path),
            name: typeof js?.name === "string" ? js.name : "",
            ...(dep ? { cockroachKey: typeof dep.alias === "string" ? dep.alias : "cockroachdb" } : {}),
        });
    }
    return out;
}
/** `helm install|upgrade RELEASE CHART …` and `helm template [NAME] CHART …` in scripts, Makefiles and CI. */
export function helmInstalls(files) {
    const out = [];
    for (const f of files) {
        if (f.text.length > MAX_FILE_BYTES || !mayContain(f.text, "helm") || !/\bhelm\s/.test(f.text))
            continue;
        const text = f.text.replace(/\\\r?\n/g, "  "); // continued lines, same length
        const re = /\bhelm[ \t]+(install|upgrade|template)\b([^\n]*)/g;
        for (let m = re.exec(text); m && out.length < MAX_HELM_COMMANDS; m = re.exec(text)) {
            const start = m.index + m[0].indexOf(m[2], 4 + m[1].length);
            const ws = words(m[2], start);
            const positional = [];
            const values = [];
            const sets = [];
            let namespace;
            let generated = false;
            for (let i = 0; i < ws.length; i++) {
                const w = ws[i];
                const next = ws[i + 1];
                const eq = /^(-[a-z]|--[a-z-]+)=(.*)$/.exec(w.text);
                const flag = eq ? eq[1] : w.text;
                const value = eq ? { text: eq[2], offset: w.offset + flag.length + 1 } : next;
                if (!flag.startsWith("-")) {
                    positional.push(w);
                    continue;
                }
                const takes = /^(-f|--values|--set|--set-string|--set-file|--set-json|--set-literal|-n|--namespace|--version|--repo|--kube-context|--kubeconfig|--timeout|-o|--output|--post-renderer|--description|--history-max|--username|--password|--ca-file|--cert-file|--key-file)$/.test(flag);
                if (takes && !eq)
                    i++;
                if (!value || !takes) {
                    if (flag === "--generate-name" || flag === "-g")
                        generated = true;
                    continue;
                }
                if (flag === "-f" || flag === "--values")
                    values.push(value.text);
                else if (flag === "-n" || flag === "--namespace")
                    namespace = value.text;
                else if (flag === "--set" || flag === "--set-string")
                    for (const pair of value.text.split(",")) {
                        const k = pair.indexOf("=");
                        if (k > 0)
                            sets.push({ key: pair.slice(0, k), value: pair.slice(k + 1), offset: value.offset });
                    }
            }
            const chart = positional[positional.length - 1];
            if (!chart)
                continue;
            // install/upgrade RELEASE CHART (or CHART with --generate-name); template [NAME] CHART.
            const release = positional.length >= 2 && !generated ? positional[0]?.text : undefined;
            out.push({
                file: f.path,
                offset: (positional.length >= 2 ? positional[0] : chart)?.offset ?? m.index,
                ...(release ? { release } : {}),
                chart: chart.text,
                ...(namespace ? { namespace } : {}),
                values,
                sets,
            });
        }
    }
    return out;
}
/** The prefix under which a chart reference keeps the cockroachdb values, or undefined when it does not. */
export function prefixFor(chartRef, from, known) {
    const local = known.find((c) => c.dir === posix.normalize(chartRef) || c.dir === posix.join(posix.dirname(from), chartRef));
    if (local)
        return local.name === "cockroachdb"
            ? { prefix: [], dir: local.dir }
            : local.cockroachKey
                ? { prefix: [local.cockroachKey], dir: local.dir }
                : undefined;
    return /(^|\/)cockroachdb$/.test(chartRef) ? { prefix: [] } : undefined;
}
//# sourceMappingURL=helm-sources.js.map