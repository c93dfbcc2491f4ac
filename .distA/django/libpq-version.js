import { LIBPQ_MAJORS } from "../libpq/behaviour.js";
const DRIVER_LINE = /(?:^|["'\s,[])(psycopg2-binary|psycopg2|psycopg-binary|psycopg-c|psycopg)(\[[^\]\n]*\])?\s*(==|~=|>=|\^|=)?\s*["']?\s*(\d+(?:\.\d+){0,2})?/gim;
const LOCK_ENTRY = /name\s*=\s*"(psycopg2-binary|psycopg2|psycopg-binary|psycopg-c|psycopg)"\s*\n\s*version\s*=\s*"([\d.]+)"/g;
const PIPFILE_LOCK = /"(psycopg2-binary|psycopg2|psycopg-binary|psycopg-c|psycopg)"\s*:\s*\{[^}]*?"version"\s*:\s*"==([\d.]+)"/g;
function driverOf(name, extras) {
    const n = name.toLowerCase();
    if (n === "psycopg2-binary")
        return "psycopg2-binary";
    if (n === "psycopg-binary")
        return "psycopg-binary";
    if (n === "psycopg" && extras && /\bbinary\b/.test(extras))
        return "psycopg-binary";
    return "system";
}
function lineOf(text, index) {
    let line = 1;
    for (let i = 0; i < index && i < text.length; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return line;
}
function mentions(files) {
    const out = [];
    for (const f of files) {
        const at = (index) => ({ file: f.path, line: lineOf(f.text, index), column: 1 });
        const lock = /\.lock$/.test(f.path);
        if (lock) {
            for (const m of f.text.matchAll(f.path.endsWith("Pipfile.lock") ? PIPFILE_LOCK : LOCK_ENTRY)) {
                const [whole, name = "", version = ""] = m;
                out.push({
                    driver: driverOf(name, undefined),
                    version,
                    location: at(m.index ?? 0),
                    text: whole.split("\n")[0] ?? name,
                });
            }
            continue;
        }
        for (const m of f.text.matchAll(DRIVER_LINE)) {
            const [, name = "", extras, op, version] = m;
            // The match may start with the separator before the name (a newline): point at the name.
            const index = (m.index ?? 0) + m[0].indexOf(name);
            // A comment line names no dependency.
            const start = f.text.lastIndexOf("\n", index - 1) + 1;
            if (/^\s*#/.test(f.text.slice(start, index)))
                continue;
            const pinned = op === "==" || (op === "=" && !f.path.endsWith(".toml")) ? version : undefined;
            out.push({
                driver: driverOf(name, extras),
                ...(pinned ? { version: pinned } : {}),
                ...(!pinned && version && (op === ">=" || op === "~=" || op === "^") ? { atLeast: version } : {}),
                location: at(index),
                text: m[0]
                    .trim()
                    .replace(/^["',[]/, "")
                    .replace(/\s*=?\s*["']?$/, ""),
            });
        }
    }
    return out;
}
const cmp = (a, b) => {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < 3; i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0)
            return d;
    }
    return 0;
};
/** The libpq majors a binary wheel of this version bundles (on Linux). */
function bundled(driver, version, atLeast) {
    const v = version ?? atLeast;
    if (driver === "psycopg-binary") {
        if (v && cmp(v, "3.3") >= 0)
            return [18];
        if (version && cmp(version, "3.2") >= 0)
            return [16, 17];
        if (version && cmp(version, "3.1.11") >= 0)
            return [16];
        if (version)
            return [15];
        return atLeast && cmp(atLeast, "3.2") >= 0 ? [16, 17, 18] : [15, 16, 17, 18];
    }
    if (v && cmp(v, "2.9.10") >= 0)
        return [17];
    if (version)
        return [15, 16];
    return [15, 16, 17];
}
/** The system libpq of a base image, when its name says which distribution release it is. */
export function imageLibpq(image) {
    const i = image.toLowerCase();
    if (/bookworm|debian:12\b/.test(i))
        return [15];
    if (/bullseye|buster|debian:1[01]\b|ubuntu:2[02]\.04|jammy|focal/.test(i))
        return [15];
    if (/trixie|debian:13\b/.test(i))
        return [17];
    if (/ubuntu:24\.04|noble/.test(i))
        return [16];
    const alpine = /alpine(3\.(\d+))?/.exec(i);
    if (alpine) {
        const minor = alpine[2] === undefined ? undefined : Number(alpine[2]);
        if (minor === undefined)
            return undefined;
        // Releases newer than those known here: which libpq they carry is not assumed.
        return minor <= 18 ? [15] : minor <= 20 ? [16] : minor <= 22 ? [17] : undefined;
    }
    return undefined;
}
const FROM = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/gim;
/**
 * A Dockerfile's `pip install …` commands (continuation lines included) as a requirements text, every other line
 * blank so that line numbers stay the file's: `RUN pip install psycopg2-binary==2.9.9` names a driver as a
 * requirements file would.
 */
function pipInstallLines(f) {
    let inside = false;
    const lines = f.text.split("\n").map((line) => {
        const keep = !/^\s*#/.test(line) && (inside || /\bpip3?\s+install\b/.test(line));
        inside = keep && /\\\s*$/.test(line);
        return keep ? line.replace(/^.*?\bpip3?\s+install\b/, " ").replace(/\\\s*$/, "") : "";
    });
    return { path: f.path, text: lines.join("\n") };
}
/** The libpq facts of a tree: dependency files, and Dockerfiles for a driver that loads the system's libpq. */
export function readLibpqFacts(deps, dockerfiles) {
    const found = mentions([...deps, ...dockerfiles.map(pipInstallLines)]);
    if (found.length === 0)
        return { majors: [...LIBPQ_MAJORS], evidence: [] };
    const majors = new Set();
    const evidence = [];
    for (const m of found) {
        if (m.driver !== "system") {
            const set = bundled(m.driver, m.version, m.atLeast);
            for (const v of set)
                majors.add(v);
            evidence.push({ location: m.location, text: `${m.text}: ${m.driver} bundles libpq ${set.join("/")}` });
            continue;
        }
        // The image the app runs in: each Dockerfile's last stage (an earlier stage it names, followed back).
        const images = dockerfiles.flatMap((f) => {
            const stages = [...f.text.matchAll(FROM)].map((x) => ({
                image: x[1] ?? "",
                alias: /\bAS\s+(\S+)/i.exec(x[0] + f.text.slice((x.index ?? 0) + x[0].length).split("\n")[0])?.[1],
                location: { file: f.path, line: lineOf(f.text, x.index ?? 0), column: 1 },
            }));
            let last = stages[stages.length - 1];
            for (let hops = 0; last && hops < stages.length; hops++) {
                const named = stages.find((s) => s.alias?.toLowerCase() === last?.image.toLowerCase());
                if (!named)
                    break;
                last = named;
            }
            return last ? [last] : [];
        });
        const known = images.flatMap((x) => {
            const set = imageLibpq(x.image);
            return set ? [{ ...x, set }] : [];
        });
        if (known.length < images.length || images.length === 0) {
            for (const v of LIBPQ_MAJORS)
                majors.add(v);
            const unknown = images.find((x) => !imageLibpq(x.image));
            evidence.push({
                location: unknown?.location ?? m.location,
                text: unknown
                    ? `${m.text} loads the system's libpq, and ${unknown.image} does not say which`
                    : `${m.text}: loads the system's libpq, which no Dockerfile FROM here names`,
            });
            if (known.length === 0)
                continue;
        }
        for (const k of known) {
            for (const v of k.set)
                majors.add(v);
            evidence.push({
                location: k.location,
                text: `${m.text} loads the system's libpq: ${k.image} has libpq ${k.set.join("/")}`,
            });
        }
    }
    return { majors: [...majors].sort((a, b) => a - b), evidence };
}
//# sourceMappingURL=libpq-version.js.map