import { ruleMeta } from "../core/catalog.js";
import { asString } from "../python/value.js";
import { scanRule } from "./kinds.js";
const octal = (mode) => `0${(mode & 0o777).toString(8).padStart(3, "0")}`;
/** libpq's own test (fe-secure-openssl.c): 0600 or stricter, or 0640 or stricter when root owns the key. */
export function keyModeAccepted(key) {
    if ((key.mode & 0o077) === 0)
        return true;
    return key.uid === 0 && (key.mode & 0o037) === 0;
}
/** Who besides the owner can do what with the file, e.g. `group read, others read/write`. */
function access(mode) {
    const part = (bits) => [bits & 4 ? "read" : "", bits & 2 ? "write" : "", bits & 1 ? "execute" : ""].filter(Boolean).join("/");
    const group = part((mode >> 3) & 7);
    const other = part(mode & 7);
    return [group ? `group ${group}` : "", other ? `others ${other}` : ""].filter(Boolean).join(", ");
}
/** Aliases whose OPTIONS sslkey (or a PGSSLKEY in an env file) names this file. */
function users(model, file) {
    const names = (path) => path !== undefined && (path === file || path.endsWith(`/${file}`) || path === `./${file}`);
    const out = new Set();
    for (const view of model.views) {
        for (const alias of view.databases) {
            if (names(asString(alias.options.get("sslkey"))))
                out.add(`alias '${alias.alias}' of ${view.module}`);
        }
    }
    for (const env of model.envFiles) {
        if (names(env.vars.get("PGSSLKEY")?.value))
            out.add(`PGSSLKEY in ${env.file}`);
    }
    return [...out];
}
export const ww111 = scanRule({
    meta: ruleMeta("WW111"),
    check(model) {
        const hits = [];
        for (const key of model.keyFiles) {
            if (keyModeAccepted(key))
                continue;
            const used = users(model, key.file);
            const notes = [
                `mode ${octal(key.mode)} (${access(key.mode)})`,
                `owner uid ${key.uid}`,
                "libpq accepts 0600, or 0640 when owned by root, and otherwise refuses the key",
                ...(used.length > 0 ? [`used as sslkey by ${used.join(", ")}`] : []),
            ];
            hits.push({
                message: `private key ${key.file} is open to group or others (mode ${octal(key.mode)}): any other user or process on the host, or anyone who can read the image, can copy it and authenticate to the database as this client`,
                location: { file: key.file, line: 1, column: 1 },
                evidence: notes.join("; "),
                fix: `chmod 0600 ${key.file} (and chown it to the user the application runs as); keep the key out of the repository and images and mount it as a secret`,
            });
        }
        return hits;
    },
});
//# sourceMappingURL=ww111-db-client-key-exposed.js.map