import { ruleMeta } from "../core/catalog.js";
import { probeRule } from "./kinds.js";
import { tlsSessions } from "./probe-helpers.js";
const WEAK_HASHES = new Set(["SHA-1", "MD5", "MD2"]);
export const ww409 = probeRule({
    meta: ruleMeta("WW409"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints)
            for (const t of tlsSessions(e)) {
                const c = t.certificate;
                if (!c)
                    continue;
                const problems = [];
                if (c.keyType === "rsa" && c.keyBits !== undefined && c.keyBits < 2048)
                    problems.push(`RSA ${c.keyBits}-bit key`);
                if (c.keyType === "ec" && c.keyBits !== undefined && c.keyBits < 256)
                    problems.push(`EC ${c.curve ?? ""} ${c.keyBits}-bit key`.replace("  ", " "));
                if (c.signatureHash && WEAK_HASHES.has(c.signatureHash.toUpperCase()))
                    problems.push(`${c.signatureHash} signature`);
                if (problems.length === 0)
                    continue;
                hits.push({
                    endpoint: e.target.endpoint,
                    message: `the server's certificate${t.via} is cryptographically weak (${problems.join(", ")}): it can be forged or its key recovered`,
                    evidence: `subject ${c.subject}; key ${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ""}${c.signatureHash ? `; signed with ${c.signatureHash}` : ""}`,
                    fix: "reissue the node certificate with an RSA ≥ 2048-bit or EC P-256+ key, signed with SHA-256 or better",
                });
            }
        return hits;
    },
});
//# sourceMappingURL=ww409-endpoint-weak-key.js.map