import { readFileSync } from "node:fs";
/** The package version, read once from package.json next to dist/ or src/. */
export const VERSION = (() => {
    try {
        const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
        return pkg.version ?? "0.0.0";
    }
    catch {
        return "0.0.0";
    }
})();
//# sourceMappingURL=version.js.map