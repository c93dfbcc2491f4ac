const LOCAL = /^(127\.\d+\.\d+\.\d+(\/\d+)?|::1(\/128)?|localhost|samehost|samenet)$/i;
const TYPES = new Set(["host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"]);
/** The `host*` entries of an HBA text starting at `base` in its file (`local` lines are sockets, not the network). */
export function readHba(text, base, loc, source, out) {
    let offset = base;
    for (const raw of text.split("\n")) {
        const line = raw.replace(/#.*/, "").trim();
        const f = line.split(/\s+/);
        const type = f[0];
        if (TYPES.has(type) && f.length >= 4) {
            // TYPE DATABASE USER ADDRESS METHOD (PostgreSQL; CockroachDB's HBA has the same columns); an address written as
            // a bare IPv4 address takes its mask in the next column.
            const address = f[3];
            const method = (/^\d+\.\d+\.\d+\.\d+$/.test(address) ? f[5] : f[4]) ?? "";
            out.push({
                location: loc(offset + raw.indexOf(type)),
                line,
                source,
                type,
                address,
                method,
                local: LOCAL.test(address),
            });
        }
        offset += raw.length + 1;
    }
}
//# sourceMappingURL=hba.js.map