/**
 * Host-based authentication lines — `pg_hba.conf`, `*.hba.conf`, and CockroachDB's
 * `server.host_based_authentication.configuration` cluster setting — as neutral facts: the connection type, the
 * address, the method and whether the address is local. The rules decide what is weak (WW204 plaintext, WW207
 * cleartext password methods).
 */
import type { Location } from "../core/finding.js";
import type { HbaRule } from "./model.js";

const LOCAL = /^(127\.\d+\.\d+\.\d+(\/\d+)?|::1(\/128)?|localhost|samehost|samenet)$/i;
const TYPES = new Set(["host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"]);

/** The `host*` entries of an HBA text starting at `base` in its file (`local` lines are sockets, not the network). */
export function readHba(
  text: string,
  base: number,
  loc: (o: number) => Location,
  source: HbaRule["source"],
  out: HbaRule[],
): void {
  let offset = base;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const f = line.split(/\s+/);
    const type = f[0] as string;
    if (TYPES.has(type) && f.length >= 4) {
      // TYPE DATABASE USER ADDRESS METHOD (PostgreSQL; CockroachDB's HBA has the same columns); an address written as
      // a bare IPv4 address takes its mask in the next column.
      const address = f[3] as string;
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
