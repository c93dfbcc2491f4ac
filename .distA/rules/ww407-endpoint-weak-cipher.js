import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
import { tlsSessions } from "./probe-helpers.js";
/** OpenSSL names of suites that are weak in the same sense (a negotiated main session can be one of them). */
const WEAK_OPENSSL_NAME = /(^|-)(NULL|ADH|AECDH|EXP|RC4|DES)(-|$)|DES-CBC3|aNULL|eNULL/;
export const ww407 = probeRule({
    meta: ruleMeta("WW407"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints) {
            const suites = (e.legacy?.weakSuites ?? []).map((s) => `${s.name} (${s.weakness}, ${s.version})`);
            const main = tlsSessions(e).flatMap((t) => t.cipher && WEAK_OPENSSL_NAME.test(t.cipher) ? [`${t.cipher} (negotiated by default${t.via})`] : []);
            const all = [...main, ...suites];
            if (all.length === 0)
                continue;
            hits.push({
                endpoint: e.target.endpoint,
                message: `the server accepts weak cipher suites: ${all.length === 1 ? "one" : all.length} suite(s) without real confidentiality or authentication`,
                evidence: all.join("; "),
                fix: "PostgreSQL: ssl_ciphers = 'HIGH:!aNULL:!eNULL:!EXPORT:!RC4:!DES:!3DES:!MD5' (the default 'HIGH:MEDIUM:+3DES:!aNULL' still allows 3DES); remove @SECLEVEL=0",
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww407-endpoint-weak-cipher.js.map