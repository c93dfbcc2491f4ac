import { ruleMeta } from "../core/catalog.js";
import { proveRule } from "./kinds.js";
import { VERIFY_FULL_FIX, where } from "./prove-helpers.js";
export const ww605 = proveRule({
    meta: ruleMeta("WW605"),
    check(model) {
        const hits = [];
        for (const r of model.runs) {
            const ran = r.query?.result !== undefined;
            if (!r.passwordCaptured && !ran)
                continue;
            hits.push({
                ...where(r),
                message: ran
                    ? `through the ${r.attack} attack the proxy got an authenticated session as the real client of '${r.alias}' and ran its own query on the database`
                    : `through the ${r.attack} attack the proxy obtained the real password of the client of '${r.alias}'`,
                evidence: [
                    ...(r.passwordCaptured ? ["password captured (redacted; never stored, logged or printed)"] : []),
                    ...(ran ? [`${r.query?.sql} → ${r.query?.result}`] : []),
                ].join("\n"),
                fix: `${VERIFY_FULL_FIX}; rotate the password if this ran against a real server`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww605-mitm-credentials-exposed.js.map