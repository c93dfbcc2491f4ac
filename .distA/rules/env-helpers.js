/** Every env assignment the scan knows of. Other readers (Dockerfile, compose, k8s) add theirs here. */
export function envAssignments(model) {
    const out = [];
    for (const f of model.envFiles) {
        for (const [variable, entry] of f.vars) {
            out.push({ variable, value: entry.value, origin: entry.origin, context: "env file" });
        }
    }
    for (const e of model.deploy.env)
        out.push({ variable: e.variable, value: e.value, origin: e.location, context: e.where });
    return out;
}
//# sourceMappingURL=env-helpers.js.map