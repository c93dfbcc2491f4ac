import { ruleMeta } from "../core/catalog.js";
import { PROBE_STARTUP } from "../probe/plaintext-check.js";
import { probeRule } from "./kinds.js";
import { describeReply, REFUSE_PLAINTEXT_FIX } from "./probe-helpers.js";
export const ww401 = probeRule({
    meta: ruleMeta("WW401"),
    check(model) {
        const hits = [];
        for (const e of model.endpoints) {
            if (e.plaintext?.kind !== "auth")
                continue;
            const trust = e.plaintext.auth.code === 0;
            hits.push({
                endpoint: e.target.endpoint,
                message: trust
                    ? "the server let an unknown user in over plaintext without any password: anyone on the path can read and change every query"
                    : "the server answers a plaintext login with an authentication request instead of refusing it: a client with sslmode prefer/allow/disable, or a stripped connection, logs in readable on the wire",
                evidence: `plaintext StartupMessage (user ${PROBE_STARTUP.user}, no password sent) → ${describeReply(e.plaintext)}`,
                fix: REFUSE_PLAINTEXT_FIX,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww401-endpoint-accepts-plaintext.js.map