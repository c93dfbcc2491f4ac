import { ruleMeta } from "../core/catalog.js";
import { flagHits } from "./deploy-helpers.js";
import { probeRule, scanRule } from "./kinds.js";
/** The file half of WW205: `cockroach start --unencrypted-localhost-http`, or the chart's ingress without TLS. */
export const ww205 = scanRule({
    meta: ruleMeta("WW205"),
    check: (model) => [
        ...flagHits(model, "--unencrypted-localhost-http", (f) => ({
            message: `${f.where} serves the DB Console over plain HTTP (--unencrypted-localhost-http)`,
            fix: "remove --unencrypted-localhost-http; reach the console over HTTPS (or an SSH tunnel to its TLS port)",
        })),
        ...model.deploy.consoleIngress.map((t) => ({
            message: `${t.where} sets ${t.setting}: the ingress publishes the DB Console over plain HTTP, where its session cookie and the cluster's data can be read on the way`,
            location: t.location,
            evidence: t.setting,
            fix: "add ingress.tls (hosts and a secretName with the certificate), or keep ingress.enabled: false and reach the console through a port-forward",
        })),
    ],
});
/** The live half of WW205: the DB Console beside a probed node answers plain HTTP with content. */
export const ww205Live = probeRule({
    meta: ruleMeta("WW205"),
    check(model) {
        const hits = [];
        for (const c of model.consoles) {
            const r = c.http;
            if (!r || r.status < 200 || r.status >= 300)
                continue;
            hits.push({
                endpoint: c.endpoint,
                message: `the DB Console at ${c.httpUrl} is served over plain HTTP: admin sessions and cluster data cross the network readable`,
                evidence: `${c.httpUrl} → ${r.status}${c.httpsServed ? `; ${c.httpsUrl} also answers` : `; ${c.httpsUrl} does not answer`}`,
                fix: "run CockroachDB in secure mode (--certs-dir) without --unencrypted-localhost-http, or put the console behind TLS",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww205-crdb-console-plain-http.js.map