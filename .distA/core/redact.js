// The one masking function of the tool (redactSecrets). Defence in depth: the engine redacts findings before they
// reach a formatter, every formatter and stderr pass free text through here again, and the code that holds a secret
// value (a password from the settings, `--dsn`, `--upstream`) hands it over as `known`, so that no secret value can
// reach any output. (The Python client script masks on its side too; what it prints is masked here again.)
export const MASK = "****";
/**
 * `scheme://user:secret@host` (also `scheme://:secret@host`); the password runs to the last `@` of the authority.
 * libpq ends the userinfo at the first `@` before any `/`, so `?` and `#` may stand unencoded in a password it
 * reads (`postgresql://app:pa#ss@db/x`): when no `@` ends the authority as URL parsers see it, that reading masks
 * (to the last `@` before a `/` as well, so that masking twice gives what masking once gave).
 */
const URL_USERINFO = /\b([a-zA-Z][a-zA-Z0-9+.-]{0,31}:\/\/[^\s:/?#@'"`]*):([^\s/?#]+|[^\s/]+|[^/@\n,;]{1,128}?(?=@))@/g;
/**
 * `user:secret@host` with no scheme (what a user typed where a URL or host:port was expected): the same masking.
 * A quote, backtick or space may stand in the secret, as above; the lead keeps it off a URL's own userinfo.
 */
const BARE_USERINFO = /(^|[\s'"(=`])([A-Za-z0-9._~-]{1,64}):([^\s@/]{1,128})@(?=[A-Za-z0-9.[-])/g;
/**
 * A key that names a secret: PASSWORD, DB_PASSWORD, PGPASSWORD, sslpassword, passwd, pwd, SECRET_KEY, VAULT_TOKEN,
 * and `pass` / `pw` as a word of their own (DB_PASS, db_pw; not passfile or bypass) (bounded, like the URL scheme
 * above, so that long identifier runs cannot make matching quadratic).
 */
const KEY = "[A-Za-z0-9_.-]{0,64}?(?:password|passwd|pwd|secret|token|(?<![A-Za-z0-9])(?:pass|pw)(?![A-Za-z0-9]))[A-Za-z0-9_.-]{0,64}";
/**
 * A quoted value, or a bare one that is not code or a variable reference (`os.environ[...]`, `env("X")`, `${X}`
 * name where the secret comes from, not the secret).
 */
const QUOTED = String.raw `(?:"[^"\n]*"|'[^'\n]*')`;
/** A quoted value and what is added to it (`"a" + "b"`, `"a" + SUFFIX`): the whole sum is the secret. */
const VALUE = String.raw `(?:${QUOTED}(?:\s*\+\s*(?:${QUOTED}|[A-Za-z_][\w.]{0,64}))*|(?!\$|[A-Za-z_][\w.]*\s*[([])[^\s'"&;,()[\]{}<>]+)`;
/** `password=…`, `PGPASSWORD=…`, `password = "…"` (DSNs, query strings, env files, keyword arguments). */
const KEY_EQUALS = new RegExp(String.raw `(\b|["'])(${KEY})(["']?\s*=\s*)(${VALUE})`, "gi");
/** `'PASSWORD': '…'`, `"password": "…"` (a Python dict or JSON: the key is quoted). */
const QUOTED_KEY_COLON = new RegExp(String.raw `(["'])(${KEY})(\1\s*:\s*)(${VALUE})`, "gi");
/** `password: "…"` (YAML with a quoted value). */
const KEY_COLON_QUOTED = new RegExp(String.raw `(\b)(${KEY})(\s*:\s*)("[^"\n]*"|'[^'\n]*')`, "gi");
function maskValue(value) {
    if (value.length === 0)
        return value;
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : "";
    if (quote && value.length >= 2 && value.endsWith(quote)) {
        // An empty literal ('') carries no secret; leave it so that "empty password" stays readable.
        return value.length === 2 ? value : `${quote}${MASK}${quote}`;
    }
    return MASK;
}
function maskPairs(text, pattern) {
    return text.replace(pattern, (_m, lead, key, sep, value) => {
        return `${lead}${key}${sep}${maskValue(value)}`;
    });
}
/** A known secret shorter than this would mask ordinary words (a two-letter password is its own finding). */
const MIN_KNOWN_SECRET = 3;
/**
 * Masks passwords in URLs with userinfo, the values of password-like keys, and the `known` secret values.
 * Idempotent. Every output of the tool passes through here.
 */
export function redactSecrets(text, o = {}) {
    let out = text;
    if (o.known)
        for (const secret of [...o.known].sort((a, b) => b.length - a.length))
            if (secret.length >= MIN_KNOWN_SECRET)
                out = out.split(secret).join(MASK);
    if (o.url)
        out = maskUrlValue(out);
    if (o.cookie)
        out = out.replace(/^([^=;]+)=[^;]*/, `$1=${MASK}`);
    out = out.replace(URL_USERINFO, (_m, head) => `${head}:${MASK}@`);
    out = out.replace(BARE_USERINFO, (_m, lead, user) => `${lead}${user}:${MASK}@`);
    out = maskPairs(out, QUOTED_KEY_COLON);
    out = maskPairs(out, KEY_EQUALS);
    out = maskPairs(out, KEY_COLON_QUOTED);
    return out;
}
function maskUrlValue(text) {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)([\s\S]*)$/.exec(text.trim());
    if (!m)
        return text;
    let authority = m[2];
    const at = authority.lastIndexOf("@");
    if (at >= 0) {
        const colon = authority.slice(0, at).indexOf(":");
        if (colon >= 0)
            authority = `${authority.slice(0, colon)}:${MASK}${authority.slice(at)}`;
    }
    const rest = m[3].replace(/([?&](?:ssl)?password=)[^&#]*/gi, `$1${MASK}`);
    return `${m[1]}${authority}${rest}`;
}
/** `redactSecrets` for optional fields. */
export function redactOptional(text) {
    return text === undefined ? undefined : redactSecrets(text);
}
/** A finding with its free text (and endpoint URL) passed through `redactSecrets` once more. */
export function redactFindingText(f) {
    const out = { ...f, message: redactSecrets(f.message) };
    const endpoint = redactOptional(f.endpoint);
    const evidence = redactOptional(f.evidence);
    const fix = redactOptional(f.fix);
    if (endpoint !== undefined)
        out.endpoint = endpoint;
    if (evidence !== undefined)
        out.evidence = evidence;
    if (fix !== undefined)
        out.fix = fix;
    return out;
}
//# sourceMappingURL=redact.js.map