import { isPythonTemplateName } from "../core/files.js";
/**
 * Settings templates (Ansible/cookiecutter `settings.py.j2`, `local_settings.py.example`, a `.py` full of Jinja
 * placeholders) are read as templates: what is written literally is a fact, a placeholder is a value nobody can
 * know from the tree. They are never the module a deployment runs.
 */
/** `{{ name }}` / `{{ x.y | default('a') }}`: a Jinja expression, not a Python set-of-set literal. */
const PLACEHOLDER = /\{\{\s*[A-Za-z_][\w.]*(?:\s*\|[^{}\n]*)?\s*\}\}/;
const CONTROL_TAG = /\{%-?\s*(if|elif|else|endif|for|endfor|set|block|endblock|include|raw|endraw|macro)\b/;
/** Go templates (consul-template, Helm): `{{ with secret "…" }}`, `{{ end }}` are control, not values. */
const GO_CONTROL = /^\{\{-?\s*(with|end|range|if|else|define|template|block)\b/;
/** Prefix of the identifier a placeholder becomes; the interpreter looks it up as an unknown value. */
export const PLACEHOLDER_MARK = "__ww_tpl_";
export function isTemplateFileName(name) {
    return isPythonTemplateName(name);
}
/** A tag where Python code starts a line: `{%`, `{#` or a Go `{{ with … }}` can begin no Python statement. */
const LINE_TAG = /^[ \t]*(\{[%#]|\{\{-?\s*(with|end|range|if|else|define|template|block)\b)/m;
/** Comments and string literals, left to right (a quote in a comment is not a string, a `#` in a string not a comment). */
const COMMENT_OR_STRING = /#[^\n]*|[rRbBuUfF]{0,2}("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/g;
/**
 * A `.py` file is a template when a Jinja tag stands where Python code is: a `{% %}` line, or `{{ name }}` outside
 * any string (`DEBUG = {{ debug }}` is no Python a project runs). Tags inside strings alone are what Django and
 * Jinja code writes every day (`Template("{{ user }}")`): such a module is Python.
 */
export function hasTemplateTags(text) {
    if (!text.includes("{{") && !text.includes("{%"))
        return false;
    if (LINE_TAG.test(text))
        return true;
    const code = text.replace(COMMENT_OR_STRING, (m) => (m.startsWith("#") ? "" : '""'));
    return PLACEHOLDER.test(code) || CONTROL_TAG.test(code);
}
/**
 * Replaces `{{ … }}` with a reserved identifier and blanks `{% … %}` and `{# … #}` tags, so the rest parses as the
 * Python it will become. Inside a string literal every tag becomes such an identifier instead: a string that
 * `{% if %}` picks a part of (`"{% if docker %}postgres{% else %}localhost{% endif %}"`) is unknown, not both.
 */
export function renderTemplate(text) {
    const placeholders = new Map();
    let hasControlTags = false;
    const strings = stringSpans(text);
    let span = 0;
    const inString = (at) => {
        while (span < strings.length && strings[span][1] <= at)
            span++;
        const s = strings[span];
        return s !== undefined && s[0] <= at && at < s[1];
    };
    let out = "";
    let at = 0;
    for (const [start, end] of tagSpans(text)) {
        const tag = text.slice(start, end);
        out += text.slice(at, start);
        at = end;
        if (inString(start) || (tag.startsWith("{{") && !GO_CONTROL.test(tag))) {
            const id = `${PLACEHOLDER_MARK}${placeholders.size}__`;
            placeholders.set(id, tag);
            out += id.padEnd(tag.length, "_");
            continue;
        }
        if (!tag.startsWith("{#"))
            hasControlTags = true;
        out += " ".repeat(tag.length);
    }
    out += text.slice(at);
    // The padding makes the identifier longer, not another one: map every padded spelling back.
    const padded = new Map();
    for (const [id, tag] of placeholders)
        padded.set(id.padEnd(tag.length, "_"), tag);
    return { text: out, placeholders: padded, hasControlTags };
}
/**
 * `{{ … }}`, `{% … %}` and `{# … #}` on one line, as [start, end) offsets in order. A scan, not a lazy regex: a
 * line of ten thousand `{{` with no `}}` costs one pass, not one pass per `{{`.
 */
function tagSpans(text) {
    const spans = [];
    const closers = { "{": "}}", "%": "%}", "#": "#}" };
    const nextClose = new Map();
    let lineEnd = -1;
    for (let p = text.indexOf("{"); p !== -1 && p < text.length; p = text.indexOf("{", p + 1)) {
        const closer = closers[text[p + 1]];
        if (!closer)
            continue;
        if (p >= lineEnd) {
            lineEnd = text.indexOf("\n", p);
            if (lineEnd === -1)
                lineEnd = text.length;
        }
        let close = nextClose.get(closer);
        // Each closer is searched for forward only, from where it was last found.
        if (close === undefined || (close !== -1 && close < p + 2)) {
            close = text.indexOf(closer, p + 2);
            nextClose.set(closer, close);
        }
        if (close === -1 || close >= lineEnd)
            continue;
        spans.push([p, close + 2]);
        p = close + 1;
    }
    return spans;
}
/** Where string literals are, as [start, end) offsets in order (comments skipped, as Python reads them). */
function stringSpans(text) {
    const spans = [];
    for (const m of text.matchAll(COMMENT_OR_STRING)) {
        if (!m[0].startsWith("#"))
            spans.push([m.index, m.index + m[0].length]);
    }
    return spans;
}
//# sourceMappingURL=templates.js.map