import { posix } from "node:path";
import { ruleMeta } from "../core/catalog.js";
import { PROJECT_ROOT_MARK } from "../python/interpreter.js";
import { aliasContext, networkPgAliases, paramLocation } from "./helpers.js";
import { scanRule } from "./kinds.js";
import { unexpandedForm } from "./libpq-helpers.js";
/** The tree path a sslrootcert value names, when it points inside the scanned tree. */
export function pathInTree(value, moduleFile) {
    if (value.startsWith(`${PROJECT_ROOT_MARK}/`))
        return posix.normalize(value.slice(PROJECT_ROOT_MARK.length + 1));
    if (value.startsWith("/") || value.startsWith("~") || value === "system")
        return undefined;
    // A relative path is resolved against the working directory: the project root is the usual one.
    const fromRoot = posix.normalize(value);
    return fromRoot.startsWith("..") ? undefined : fromRoot || posix.dirname(moduleFile);
}
export const ww105 = scanRule({
    meta: ruleMeta("WW105"),
    check(model) {
        const hits = [];
        for (const { view, alias } of networkPgAliases(model)) {
            const mode = alias.sslmode.value;
            if (mode !== "verify-full" && mode !== "verify-ca")
                continue;
            const root = alias.sslrootcert;
            if (root.value === null && root.source !== "unknown") {
                hits.push({
                    ...aliasContext(view, alias),
                    message: `database alias '${alias.alias}' verifies the server (${mode}) but names no sslrootcert, so it trusts whatever ~/.postgresql/root.crt holds on each machine`,
                    location: paramLocation(alias, alias.sslmode),
                    evidence: `sslrootcert unset in OPTIONS, URL and PGSSLROOTCERT; host ${alias.hostLabel}`,
                    fix: `add 'sslrootcert': os.environ.get('DB_SSLROOTCERT', '/path/to/ca.crt') to DATABASES['${alias.alias}']['OPTIONS']`,
                });
                continue;
            }
            // A `$HOME/…` or `%APPDATA%…` path is WW115's: libpq takes it literally, which is not a file of the tree.
            if (root.value === null || unexpandedForm(root.value, "literal") !== undefined)
                continue;
            const inTree = pathInTree(root.value, view.file);
            if (inTree !== undefined && root.value.includes("/") && !model.treePaths.has(inTree)) {
                hits.push({
                    ...aliasContext(view, alias),
                    message: `database alias '${alias.alias}' names sslrootcert ${root.value}, which does not exist in the scanned tree: connections will fail, and a 'fix' that weakens sslmode often follows`,
                    location: paramLocation(alias, root),
                    evidence: `sslrootcert ${root.value} → ${inTree} (missing)`,
                    fix: "commit the CA certificate (public, not a key) at that path, or point sslrootcert at where deployments install it",
                    // verify-* with a root file that does not exist: libpq refuses to connect.
                    failsClosed: true,
                });
            }
        }
        return hits;
    },
});
//# sourceMappingURL=ww105-db-root-cert-implicit.js.map