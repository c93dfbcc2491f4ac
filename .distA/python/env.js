import { unknown } from "./value.js";
/**
 * Namespace key under which a scenario records `os.environ["X"] = …` and `os.environ.setdefault("X", …)`:
 * a NUL can never start a Python name, so it cannot collide with a setting, and forks and star imports copy it
 * along with the names, as the process environment they model would be.
 */
export const ENVIRON_WRITE = "\0os.environ:";
/** For a value a deployment file sets: `set by compose service web (docker-compose.yml:9)`. */
export function deployedBy(env, variable) {
    const from = env.sources?.get(variable);
    return from ? sourceWords(from) : undefined;
}
/** How a finding words a supplied env value: where the deployment sets it, if it was a deployment file. */
export function suppliedWords(env) {
    return env.from ? sourceWords(env.from) : "supplied";
}
function sourceWords(from) {
    return `set by ${from.where} (${from.origin.file}:${from.origin.line})`;
}
/** The value an env read yields: the supplied value wins; otherwise its default, marked as env-dependent. */
export function readEnv(env, req) {
    const supplied = env.get(req.variable);
    const from = env.sources?.get(req.variable);
    const mark = (supplied) => ({
        variable: req.variable,
        reader: req.reader,
        supplied,
        hasDefault: req.fallback !== undefined,
        origin: req.origin,
        ...(supplied && from ? { from } : {}),
    });
    if (supplied !== undefined) {
        const raw = { kind: "str", value: supplied, origin: req.origin, env: mark(true) };
        const value = req.cast ? req.cast(raw) : raw;
        return { ...value, origin: value.origin ?? req.origin, env: mark(true) };
    }
    if (req.fallback === undefined) {
        return unknown(`env var ${req.variable} is not set and ${req.reader} has no default`, {
            origin: req.origin,
            env: mark(false),
        });
    }
    // Mark before casting, so what the cast builds from the default (a URL's sslmode) knows it came from env.
    const marked = { ...req.fallback, env: mark(false) };
    const fallback = req.cast && req.castDefault && marked.kind === "str" ? req.cast(marked) : marked;
    return { ...fallback, origin: fallback.origin ?? req.origin, env: mark(false) };
}
/** Python's bool("…") is not what env libraries do: they parse words. */
export function parseBoolWord(text) {
    const t = text.trim().toLowerCase();
    if (["1", "true", "yes", "on", "y", "t", "ok"].includes(t))
        return true;
    if (["0", "false", "no", "off", "n", "f", ""].includes(t))
        return false;
    return undefined;
}
//# sourceMappingURL=env.js.map