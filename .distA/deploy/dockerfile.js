/**
 * Dockerfiles as BuildKit reads them, without running anything: pure functions over the text.
 *
 * - Logical lines: the escape character (`\`, or the one a `# escape=` parser directive sets on the first lines)
 *   at the end of a line continues it; comment lines and blank lines inside a continuation are dropped, as Docker
 *   drops them; the parts are joined as written (no space added). Heredocs (`RUN <<EOF` … `EOF`, also on COPY and
 *   ADD) are bodies, never instructions. Every part keeps its file offset, so each fact points at the exact
 *   file:line:col of its text.
 * - ENV (`K=V K2="v 2"` and the legacy `K value with spaces`) and ARG (`NAME`, `NAME=default`): words, quotes and
 *   escapes as Docker's shell lexer takes them; `$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR-x}`, `${VAR:+x}`, `${VAR+x}`,
 *   `${VAR:?x}` substituted from the ARGs and ENVs in scope before the instruction (one instruction sees the values
 *   from before it, as Docker does). A value that depends on a build arg without a default, or on a variable only
 *   the base image may set, is unknown: it says why instead of carrying a guess.
 * - Stages: ARGs before the first FROM are global (visible in FROM lines, and in a stage only where it declares the
 *   ARG again); `FROM earlier-stage` inherits that stage's ENV, ARGs, ENTRYPOINT and CMD; the final stage is the
 *   image. Only its environment and command are what the container runs with.
 * - RUN/CMD/ENTRYPOINT in exec form (a JSON array; a `sh -c` script element is split into its words) and shell
 *   form, with the words' offsets; RUN heredoc bodies line by line.
 *
 * Hostile input: one pass over the text, no backtracking regex over a line, and bounds on what the output can
 * hold (assignments, stages, substituted text), past which the reader says what it did not read.
 */
import { lastAtMost } from "../core/line-starts.js";
/** ENV and ARG assignments read from one file; more is not a real Dockerfile (a problem, the rest not assigned). */
export const MAX_ASSIGNMENTS = 10_000;
/** Build stages read from one file; a real multi-stage build has a handful. */
export const MAX_STAGES = 256;
/** Characters substitution may produce in one file (`$A$A$A…` over a long A must not grow without bound). */
export const MAX_SUBSTITUTED = 4 * 1024 * 1024;
/** `${A:-${B:-${C:-…}}}` deeper than this is unknown (and read without recursing further). */
export const MAX_NESTING = 32;
/** Go's unicode.IsSpace, with the ASCII cases first (a regex per character is the slow path). */
function isWs(c) {
    if (c === undefined || c === "")
        return false;
    const k = c.charCodeAt(0);
    if (k === 32 || (k >= 9 && k <= 13))
        return true;
    return k > 127 && /\s/.test(c);
}
function leadingWs(s) {
    let i = 0;
    while (i < s.length && isWs(s[i]))
        i++;
    return i;
}
/** The index of the escape character that continues this line, or -1 (`ESC[ \t]*$`). */
function continuation(line, esc) {
    let j = line.length;
    while (j > 0 && (line[j - 1] === " " || line[j - 1] === "\t"))
        j--;
    return j > 0 && line[j - 1] === esc ? j - 1 : -1;
}
/** `# name=value` on the first lines. Linear: no lazy group before a `$` anchor. */
const DIRECTIVE = /^[ \t]*#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=(.*)$/;
const HEREDOC = /^(\d*)<<(-?)([^<]*)$/;
/** The instructions of a Dockerfile with their offsets, and the escape character in force. */
export function dockerInstructions(text) {
    const instructions = [];
    const esc = eachInstruction(text, (ins) => {
        instructions.push(ins);
        return true;
    });
    return { instructions, escape: esc };
}
/**
 * Calls `visit` with each instruction in order (until it returns false) and returns the escape character in
 * force. Linear in the text: each physical line is read once (as part of an instruction, a comment, or a heredoc
 * body), and nothing of an instruction is kept after its visit.
 */
function eachInstruction(text, visit) {
    let pos = 0;
    const next = () => {
        if (pos > text.length)
            return undefined;
        let nl = text.indexOf("\n", pos);
        if (nl < 0)
            nl = text.length;
        const start = pos;
        let end = nl;
        if (end > start && text.charCodeAt(end - 1) === 13)
            end--;
        pos = nl + 1;
        return { text: text.slice(start, end), start };
    };
    let esc = "\\";
    let directives = true;
    for (let ph = next(); ph; ph = next()) {
        let raw = ph.text;
        let start = ph.start;
        if (start === 0 && raw.charCodeAt(0) === 0xfeff) {
            raw = raw.slice(1);
            start = 1;
        }
        if (directives) {
            // A directive BuildKit knows (escape, syntax, check) with a value; anything else ends the directives.
            const d = DIRECTIVE.exec(raw);
            const name = d?.[1]?.toLowerCase();
            const value = d?.[2]?.trim();
            if (value && (name === "escape" || name === "syntax" || name === "check")) {
                if (name === "escape" && (value === "\\" || value === "`"))
                    esc = value;
                continue;
            }
            directives = false;
        }
        const lead = leadingWs(raw);
        if (raw[lead] === "#")
            continue;
        const first = raw.slice(lead);
        const c = continuation(first, esc);
        let line = c >= 0 ? first.slice(0, c) : first;
        let ended = c < 0;
        if (ended && line === "")
            continue;
        // Where each joined part starts, in the line and in the file (only for a continued instruction).
        let lStarts;
        let fStarts;
        if (!ended) {
            const parts = [line];
            lStarts = [0];
            fStarts = [start + lead];
            let length = line.length;
            while (!ended) {
                const p = next();
                if (!p)
                    break;
                const l = leadingWs(p.text);
                // A comment line inside a continuation is dropped and does not end it; so is a blank one.
                if (l === p.text.length || p.text[l] === "#")
                    continue;
                const k = continuation(p.text, esc);
                const part = k >= 0 ? p.text.slice(0, k) : p.text;
                lStarts.push(length);
                fStarts.push(p.start);
                parts.push(part);
                length += part.length;
                ended = k < 0;
            }
            line = parts.join("");
        }
        const ls = lStarts;
        const fs = fStarts;
        const base = start + lead;
        const fileOf = (li) => {
            if (!ls || !fs)
                return base + li;
            // Parts a lone escape character left empty share their start with the next: the last one holds it.
            const lo = lastAtMost(ls, li);
            return fs[lo] + li - ls[lo];
        };
        const k0 = leadingWs(line);
        let k1 = k0;
        while (k1 < line.length && !isWs(line[k1]))
            k1++;
        if (k1 === k0)
            continue;
        let a0 = k1;
        while (a0 < line.length && isWs(line[a0]))
            a0++;
        let a1 = line.length;
        while (a1 > a0 && isWs(line[a1 - 1]))
            a1--;
        const keyword = line.slice(k0, k1).toUpperCase();
        const args = line.slice(a0, a1);
        const heredocs = [];
        if ((keyword === "RUN" || keyword === "COPY" || keyword === "ADD") && args.includes("<<")) {
            for (const w of dockerWords(args, "\\")) {
                const m = HEREDOC.exec(w.raw);
                const name = m?.[3] ? unquote(m[3]) : undefined;
                if (!m || !name || /\s/.test(name))
                    continue;
                const chomp = m[2] === "-";
                const body = [];
                for (let p = next(); p; p = next()) {
                    const candidate = chomp ? p.text.replace(/^\t+/, "") : p.text;
                    if (candidate === name)
                        break;
                    body.push({ text: p.text, offset: p.start });
                }
                heredocs.push({ name, lines: body });
            }
        }
        if (visit({ keyword, args, at: (i) => fileOf(a0 + i), offset: fileOf(k0), heredocs }, esc) === false)
            break;
    }
    return esc;
}
/** A heredoc name with its quotes and backslashes removed (`"EOF"`, `'EOF'`, `\EOF`). */
function unquote(s) {
    let out = "";
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (c === '"' || c === "'")
            continue;
        if (c === "\\" && i + 1 < s.length) {
            out += s[++i];
            continue;
        }
        out += c;
    }
    return out;
}
/**
 * Docker's `parseWords`: whitespace-separated words, quotes and escapes kept as written (a quoted part may hold
 * whitespace), each with its index in `s`.
 */
export function dockerWords(s, esc) {
    const words = [];
    let i = 0;
    while (i < s.length) {
        while (i < s.length && isWs(s[i]))
            i++;
        if (i >= s.length)
            break;
        const start = i;
        let quote = "";
        while (i < s.length) {
            const c = s[i];
            if (quote) {
                if (c === quote)
                    quote = "";
                else if (c === esc && quote !== "'")
                    i++;
                i++;
                continue;
            }
            if (isWs(c))
                break;
            if (c === "'" || c === '"')
                quote = c;
            else if (c === esc)
                i++;
            i++;
        }
        if (i > s.length)
            i = s.length;
        let raw = s.slice(start, i);
        // An escape character at the very end of the text is dropped.
        if (i === s.length && raw.endsWith(esc) && !quote) {
            let n = 0;
            for (let j = raw.length - 1; j >= 0 && raw[j] === esc; j--)
                n++;
            if (n % 2 === 1)
                raw = raw.slice(0, -1);
        }
        if (raw !== "")
            words.push({ raw, start });
    }
    return words;
}
const SPECIAL_PARAM = "@*#?-$!0";
const isNameChar = (c) => (c >= "a" && c <= "z") ||
    (c >= "A" && c <= "Z") ||
    (c >= "0" && c <= "9") ||
    c === "_" ||
    (c > "\x7f" && /[\p{L}\p{N}]/u.test(c));
/**
 * Docker's shell lexer on one word (ProcessWord): quotes removed, escapes applied, variables substituted. Never
 * throws: what Docker would reject, or what depends on an unknown, comes back unknown with the reason.
 */
class WordLexer {
    s;
    esc;
    lookup;
    budget;
    i = 0;
    unknown;
    args = new Set();
    stopped = false;
    constructor(s, esc, lookup, budget) {
        this.s = s;
        this.esc = esc;
        this.lookup = lookup;
        this.budget = budget;
    }
    run() {
        const text = this.until(undefined, 0);
        return { text, ...(this.unknown !== undefined ? { unknown: this.unknown } : {}), args: [...this.args] };
    }
    fail(reason) {
        this.unknown ??= reason;
        this.stopped = true;
    }
    take(v) {
        if (v.length > this.budget.left) {
            this.fail(`substitution produces more than ${MAX_SUBSTITUTED.toLocaleString("en-US")} characters in this file`);
            return "";
        }
        this.budget.left -= v.length;
        return v;
    }
    /** Up to `stop` (consumed) or the end; a missing `stop` is Docker's syntax error. */
    until(stop, depth) {
        const s = this.s;
        let out = "";
        while (this.i < s.length && !this.stopped) {
            const c = s[this.i];
            if (c === stop) {
                this.i++;
                return out;
            }
            if (c === "'")
                out += this.single();
            else if (c === '"')
                out += this.double(depth);
            else if (c === "$")
                out += this.dollar(depth);
            else {
                // A run of plain characters at once.
                let j = this.i;
                while (j < s.length) {
                    const d = s[j];
                    if (d === stop || d === "'" || d === '"' || d === "$" || d === this.esc)
                        break;
                    j++;
                }
                if (j > this.i) {
                    out += s.slice(this.i, j);
                    this.i = j;
                    continue;
                }
                this.i++;
                if (this.i < s.length)
                    out += s[this.i++];
            }
        }
        if (stop !== undefined && !this.stopped)
            this.fail(`missing '${stop}' (Docker rejects this line)`);
        return out;
    }
    single() {
        const s = this.s;
        const end = s.indexOf("'", this.i + 1);
        const stop = end < 0 ? s.length : end;
        const text = s.slice(this.i + 1, stop);
        this.i = stop + 1;
        return text;
    }
    double(depth) {
        const s = this.s;
        let out = "";
        this.i++;
        while (this.i < s.length && !this.stopped) {
            const c = s[this.i];
            if (c === '"') {
                this.i++;
                return out;
            }
            if (c === "$") {
                out += this.dollar(depth);
                continue;
            }
            this.i++;
            if (c === this.esc) {
                const n = s[this.i];
                if (n === undefined)
                    continue;
                if (n === '"' || n === "$" || n === this.esc) {
                    out += n;
                    this.i++;
                    continue;
                }
            }
            out += c;
        }
        return out;
    }
    name() {
        const s = this.s;
        const start = this.i;
        const c = s[this.i];
        if (c === undefined)
            return "";
        if (c >= "0" && c <= "9") {
            while (this.i < s.length && s[this.i] >= "0" && s[this.i] <= "9")
                this.i++;
            return s.slice(start, this.i);
        }
        if (SPECIAL_PARAM.includes(c)) {
            this.i++;
            return c;
        }
        while (this.i < s.length && isNameChar(s[this.i]))
            this.i++;
        return s.slice(start, this.i);
    }
    /** A variable's value; positional and special parameters are unset. */
    get(name) {
        if (!/^[^0-9@*#?\-$!]/.test(name))
            return undefined;
        return this.lookup(name);
    }
    use(v) {
        if (!v)
            return "";
        for (const a of v.args)
            this.args.add(a);
        if (v.unknown !== undefined) {
            this.unknown ??= v.unknown;
            return "";
        }
        return this.take(v.text);
    }
    dollar(depth) {
        const s = this.s;
        this.i++;
        if (s[this.i] !== "{") {
            const name = this.name();
            return name === "" ? "$" : this.use(this.get(name));
        }
        this.i++;
        const c = s[this.i];
        if (c === undefined || c === "{" || c === "}" || c === ":") {
            this.fail("a bad substitution (Docker rejects this line)");
            return "";
        }
        const name = this.name();
        const m = s[this.i++];
        if (m === "}")
            return this.use(this.get(name));
        if (depth >= MAX_NESTING) {
            this.fail(`substitutions nested more than ${MAX_NESTING} deep`);
            return "";
        }
        const colon = m === ":";
        const modifier = colon ? s[this.i++] : m;
        if (modifier !== "-" && modifier !== "+" && modifier !== "?") {
            if (modifier === "#" || modifier === "%" || modifier === "/") {
                this.word(depth);
                if (!this.stopped)
                    this.unknown ??= `\${${name}${colon ? ":" : ""}${modifier}…} is not modelled`;
                return "";
            }
            this.fail(`an unsupported substitution \${${name}${colon ? ":" : ""}${modifier ?? ""}…}`);
            return "";
        }
        const word = this.word(depth);
        if (this.stopped)
            return "";
        const v = this.get(name);
        if (v?.unknown !== undefined)
            return this.use(v);
        for (const a of v?.args ?? [])
            this.args.add(a);
        const empty = colon ? !v || v.text === "" : !v;
        const pick = (w) => {
            for (const a of w.args)
                this.args.add(a);
            if (w.unknown !== undefined)
                this.unknown ??= w.unknown;
            return w.unknown !== undefined ? "" : w.text;
        };
        if (modifier === "-")
            return empty ? pick(word) : this.take(v.text);
        if (modifier === "+")
            return empty ? "" : pick(word);
        if (empty) {
            this.fail(`${name} is not set, and \${${name}:?} then fails the build`);
            return "";
        }
        return this.take(v.text);
    }
    /** The word of `${name:-word}` up to its `}`, with its own unknown and args (used only if picked). */
    word(depth) {
        const outerUnknown = this.unknown;
        const outerArgs = this.args;
        this.unknown = undefined;
        this.args = new Set();
        const text = this.until("}", depth + 1);
        const w = { text, ...(this.unknown !== undefined ? { unknown: this.unknown } : {}), args: this.args };
        this.unknown = this.stopped ? (outerUnknown ?? this.unknown) : outerUnknown;
        this.args = outerArgs;
        return w;
    }
}
/** Substitutes one word as Docker's ENV/ARG/FROM do. */
export function substitute(word, esc, lookup, budget = { left: MAX_SUBSTITUTED }) {
    return new WordLexer(word, esc, (n) => {
        const v = lookup(n);
        return v && { ...v, args: v.args ?? [] };
    }, budget).run();
}
/** Shell words (quotes removed, backslash escapes applied, nothing substituted), each with its index in `s`. */
export function shellWords(s) {
    const words = [];
    let i = 0;
    const n = s.length;
    while (i < n) {
        while (i < n && isWs(s[i]))
            i++;
        if (i >= n)
            break;
        const start = i;
        let text = "";
        while (i < n && !isWs(s[i])) {
            const c = s[i];
            if (c === "'") {
                const j = s.indexOf("'", i + 1);
                const end = j < 0 ? n : j;
                text += s.slice(i + 1, end);
                i = end + 1;
            }
            else if (c === '"') {
                i++;
                while (i < n && s[i] !== '"') {
                    if (s[i] === "\\" && i + 1 < n && '"\\$`'.includes(s[i + 1])) {
                        text += s[i + 1];
                        i += 2;
                    }
                    else
                        text += s[i++];
                }
                i++;
            }
            else if (c === "\\") {
                if (i + 1 < n)
                    text += s[i + 1];
                i += 2;
            }
            else {
                let j = i;
                while (j < n && !isWs(s[j]) && s[j] !== "'" && s[j] !== '"' && s[j] !== "\\")
                    j++;
                text += s.slice(i, j);
                i = j;
            }
        }
        words.push({ text, start });
    }
    return words;
}
/** A JSON array of strings (the exec form), each element with the index of its first character; else undefined. */
export function execForm(s) {
    let i = 0;
    const n = s.length;
    const ws = () => {
        while (i < n && (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r"))
            i++;
    };
    ws();
    if (s[i] !== "[")
        return undefined;
    i++;
    const out = [];
    ws();
    if (s[i] === "]") {
        i++;
        ws();
        return i === n ? out : undefined;
    }
    for (;;) {
        ws();
        if (s[i] !== '"')
            return undefined;
        i++;
        const start = i;
        let text = "";
        let escaped = false;
        for (;;) {
            if (i >= n)
                return undefined;
            const c = s.charCodeAt(i);
            if (c === 34)
                break;
            if (c < 32)
                return undefined;
            if (c === 92) {
                escaped = true;
                const e = s[i + 1];
                const simple = {
                    '"': '"',
                    "\\": "\\",
                    "/": "/",
                    b: "\b",
                    f: "\f",
                    n: "\n",
                    r: "\r",
                    t: "\t",
                };
                if (e !== undefined && e in simple) {
                    text += simple[e];
                    i += 2;
                }
                else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
                    text += String.fromCharCode(Number.parseInt(s.slice(i + 2, i + 6), 16));
                    i += 6;
                }
                else
                    return undefined;
                continue;
            }
            let j = i;
            while (j < n && s.charCodeAt(j) !== 34 && s.charCodeAt(j) !== 92 && s.charCodeAt(j) >= 32)
                j++;
            text += s.slice(i, j);
            i = j;
        }
        i++;
        out.push({ text, start, escaped });
        ws();
        if (s[i] === ",") {
            i++;
            continue;
        }
        if (s[i] !== "]")
            return undefined;
        i++;
        ws();
        return i === n ? out : undefined;
    }
}
/** Build args BuildKit sets itself for the platform. */
const PLATFORM_ARGS = new Set([
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
]);
/** The words of a command, with their file offsets: exec form, else shell form. */
function commandTokens(args, at) {
    const exec = args.startsWith("[") ? execForm(args) : undefined;
    if (!exec)
        return { form: "shell", tokens: shellWords(args).map((w) => ({ text: w.text, offset: at(w.start) })) };
    const tokens = [];
    exec.forEach((e, k) => {
        // ["sh", "-c", "cockroach start --insecure"]: the script's words, at their places when nothing is escaped.
        if (k > 0 && /^-[a-z]*c$/.test(exec[k - 1]?.text ?? "") && /\s/.test(e.text)) {
            for (const w of shellWords(e.text))
                tokens.push({ text: w.text, offset: at(e.escaped ? e.start : e.start + w.start) });
        }
        else
            tokens.push({ text: e.text, offset: at(e.start) });
    });
    return { form: "exec", tokens };
}
/** Reads a Dockerfile's stages, environment and commands (see the file's comment). */
/**
 * The environment of the image a build `--target` (compose `build.target`) stops at: the named stage's ENV with that of
 * the stages it starts FROM, oldest first. Undefined when no stage has that name.
 */
export function stageEnv(read, target) {
    const byName = new Map(read.stages.filter((s) => s.name).map((s) => [s.name, s]));
    let stage = byName.get(target.toLowerCase());
    if (!stage)
        return undefined;
    const chain = new Set();
    while (stage && !chain.has(stage.index)) {
        chain.add(stage.index);
        stage = stage.parent === undefined ? undefined : read.stages[stage.parent];
    }
    return read.env.filter((e) => chain.has(e.stage));
}
/** The ENTRYPOINT then CMD of the image a build `--target` stops at; undefined when no stage has that name. */
export function stageCommand(read, target) {
    const stage = read.stages.find((s) => s.name === target.toLowerCase());
    return stage ? read.stageCommands[stage.index] : undefined;
}
export function readDockerfile(text) {
    const stages = [];
    const byName = new Map();
    const globalArgs = new Map();
    const env = [];
    const commands = [];
    const problems = [];
    const budget = { left: MAX_SUBSTITUTED };
    let assignments = 0;
    const assign = (offset) => {
        if (++assignments <= MAX_ASSIGNMENTS)
            return true;
        if (assignments === MAX_ASSIGNMENTS + 1)
            problems.push({
                offset,
                reason: `more than ${MAX_ASSIGNMENTS.toLocaleString("en-US")} ENV and ARG assignments in this Dockerfile: the rest are not read`,
            });
        return false;
    };
    const globalLookup = (name) => globalArgs.get(name) ??
        (PLATFORM_ARGS.has(name)
            ? { text: "", unknown: `${name} is set by BuildKit for the platform`, args: [name] }
            : undefined);
    const stageLookup = (s) => (name) => s.env.get(name) ??
        s.args.get(name) ??
        (s.externalBase
            ? { text: "", unknown: `${name} is not set in this Dockerfile (the base image may set it)`, args: [] }
            : undefined);
    let current;
    const open = (offset, from, name, parent) => {
        const stage = {
            index: stages.length,
            ...(name ? { name } : {}),
            from,
            ...(parent ? { parent: parent.stage.index } : {}),
            offset,
        };
        const s = {
            stage,
            env: new Map(parent?.env),
            args: new Map(parent?.args),
            externalBase: parent ? parent.externalBase : from.toLowerCase() !== "scratch",
            own: [],
            entrypoint: parent?.entrypoint ?? [],
            cmd: parent?.cmd ?? [],
            cmdSet: false,
        };
        stages.push(s);
        if (name)
            byName.set(name, stage.index);
        return s;
    };
    eachInstruction(text, (ins, esc) => {
        const { keyword, args, at } = ins;
        if (keyword === "FROM") {
            if (stages.length >= MAX_STAGES) {
                problems.push({
                    offset: ins.offset,
                    reason: `more than ${MAX_STAGES} build stages in this Dockerfile: not read from here on`,
                });
                return false;
            }
            const words = args.split(/[ \t\r\n\f\v]+/).filter((w) => w !== "" && !w.startsWith("--"));
            const image = words[0] ?? "";
            // `FROM image AS name`; a template's `FROM {{ image }} AS name` (which Docker sees only once rendered) too.
            const n = words.length;
            const name = n >= 3 && words[n - 2]?.toLowerCase() === "as" ? words[n - 1]?.toLowerCase() : undefined;
            const v = new WordLexer(image, esc, globalLookup, budget).run();
            const from = v.unknown === undefined ? v.text : image;
            const parentIndex = v.unknown === undefined ? byName.get(from.toLowerCase()) : undefined;
            current = open(ins.offset, from, name, parentIndex === undefined ? undefined : stages[parentIndex]);
            return;
        }
        if (keyword === "ARG") {
            // Before the first FROM: global, for FROM lines (and a stage's `ARG NAME` without a value).
            const scope = current;
            const lookup = scope ? stageLookup(scope) : globalLookup;
            const decl = [];
            for (const w of dockerWords(args, esc)) {
                if (!assign(at(w.start)))
                    break;
                const eq = w.raw.indexOf("=");
                const name = eq < 0 ? w.raw : w.raw.slice(0, eq);
                if (name === "")
                    continue;
                if (eq >= 0) {
                    const v = new WordLexer(w.raw.slice(eq + 1), esc, lookup, budget).run();
                    decl.push([name, { ...v, args: [name, ...v.args.filter((a) => a !== name)] }]);
                }
                else if (!scope?.args.has(name)) {
                    const global = scope ? globalArgs.get(name) : undefined;
                    decl.push([
                        name,
                        global
                            ? { ...global, args: [name, ...global.args.filter((a) => a !== name)] }
                            : {
                                text: "",
                                unknown: PLATFORM_ARGS.has(name)
                                    ? `${name} is set by BuildKit for the platform`
                                    : `build arg ${name} has no default`,
                                args: [name],
                            },
                    ]);
                }
            }
            for (const [name, v] of decl)
                (scope ? scope.args : globalArgs).set(name, v);
            return;
        }
        if (keyword !== "ENV" && keyword !== "RUN" && keyword !== "CMD" && keyword !== "ENTRYPOINT")
            return;
        // An instruction before any FROM: Docker refuses it; a fragment without FROM is read as one stage.
        if (!current) {
            current = open(ins.offset, "", undefined, undefined);
            for (const [k, v] of globalArgs)
                current.args.set(k, v);
        }
        const stage = current;
        if (keyword === "ENV") {
            const lookup = stageLookup(stage);
            const words = dockerWords(args, esc);
            if (words.length === 0)
                return;
            const pairs = [];
            if (!words[0]?.raw.includes("=")) {
                // The legacy `ENV NAME value with spaces`: one pair, the value the rest of the instruction.
                const m = /[ \t\r\n\f\v]+/.exec(args);
                if (!m)
                    return;
                pairs.push({ key: args.slice(0, m.index), raw: args.slice(m.index + m[0].length), offset: at(0) });
            }
            else
                for (const w of words) {
                    const eq = w.raw.indexOf("=");
                    if (eq > 0)
                        pairs.push({ key: w.raw.slice(0, eq), raw: w.raw.slice(eq + 1), offset: at(w.start) });
                }
            // Every pair sees the values from before the instruction.
            const set = [];
            for (const p of pairs) {
                if (!assign(p.offset))
                    break;
                const key = new WordLexer(p.key, esc, lookup, budget).run();
                if (key.unknown !== undefined || key.text === "")
                    continue;
                const v = new WordLexer(p.raw, esc, lookup, budget).run();
                const fact = {
                    variable: key.text,
                    value: v.unknown === undefined ? v.text : "",
                    ...(v.unknown !== undefined ? { unknown: v.unknown } : {}),
                    written: p.raw,
                    buildArgs: v.args,
                    offset: p.offset,
                    stage: stage.stage.index,
                };
                env.push(fact);
                stage.own.push(fact);
                set.push([key.text, v]);
            }
            for (const [k, v] of set)
                stage.env.set(k, v);
            return;
        }
        let rest = args;
        let base = 0;
        if (keyword === "RUN")
            // RUN's own flags (--mount=…, --network=…) are not the command.
            while (rest.startsWith("--")) {
                let j = 0;
                while (j < rest.length && !isWs(rest[j]))
                    j++;
                while (j < rest.length && isWs(rest[j]))
                    j++;
                rest = rest.slice(j);
                base += j;
            }
        const { form, tokens } = commandTokens(rest, (i) => at(base + i));
        commands.push({ instruction: keyword, form, tokens, stage: stage.stage.index });
        if (keyword === "RUN")
            for (const h of ins.heredocs)
                for (const line of h.lines) {
                    const l = leadingWs(line.text);
                    if (l === line.text.length || line.text[l] === "#")
                        continue;
                    const words = shellWords(line.text).map((w) => ({ text: w.text, offset: line.offset + w.start }));
                    commands.push({ instruction: "RUN", form: "heredoc", tokens: words, stage: stage.stage.index });
                }
        else if (keyword === "CMD") {
            stage.cmd = tokens;
            stage.cmdSet = true;
        }
        else {
            stage.entrypoint = tokens;
            // ENTRYPOINT resets a CMD the stage inherited; one set in this stage stays.
            if (!stage.cmdSet)
                stage.cmd = [];
        }
    });
    const final = stages[stages.length - 1];
    const chain = [];
    for (let s = final; s; s = s.stage.parent === undefined ? undefined : stages[s.stage.parent])
        chain.unshift(s);
    return {
        stages: stages.map((s) => s.stage),
        env,
        runtimeEnv: chain.flatMap((s) => s.own),
        commands,
        runtimeCommand: final ? [...final.entrypoint, ...final.cmd] : [],
        stageCommands: stages.map((s) => [...s.entrypoint, ...s.cmd]),
        problems,
    };
}
//# sourceMappingURL=dockerfile.js.map