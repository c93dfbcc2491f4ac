import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/core/redact.js";
import { parseTarget, parseTargets, parseTargetsFile } from "../../src/probe/targets.js";

describe("targets", () => {
  it.each([
    ["postgresql://db.internal:26257/app", "db.internal", 26257],
    ["postgres://u:secret@127.0.0.1:5433/x?sslmode=require", "127.0.0.1", 5433],
    ["cockroachdb://node1", "node1", 26257],
    ["cockroach://[::1]:26258", "::1", 26258],
    ["127.0.0.1:5432", "127.0.0.1", 5432],
    ["[::1]:5432", "::1", 5432],
    ["::1", "::1", 26257],
    ["db.internal", "db.internal", 26257],
  ])("%s", (text, host, port) => {
    const r = parseTarget(text);
    expect(r).toMatchObject({ target: { host, port } });
  });

  it.each([
    // libpq percent-decodes the host and reads `+` as itself (a WHATWG parser would not decode the host at all).
    ["postgresql://db%2Einternal:5432/x", "db.internal", 5432],
    ["POSTGRESQL://db.internal", "db.internal", 26257],
    // A host or port given as a query parameter, as libpq takes it.
    ["postgresql:///app?host=db.internal&port=5433", "db.internal", 5433],
    ["postgresql://u@/app?host=127.0.0.1", "127.0.0.1", 26257],
  ])("read as libpq reads the URI: %s", (text, host, port) => {
    expect(parseTarget(text)).toMatchObject({ target: { host, port } });
  });

  it.each([
    ["postgresql://a,b:5432/x", "a host list"],
    ["postgresql://h/x?sslmode", 'missing key/value separator "="'],
    ["postgresql://h%zz/x", "invalid percent-encoded token"],
  ])("refuses what libpq refuses, in its words: %s", (text, why) => {
    const r = parseTarget(text);
    expect("error" in r && r.error).toContain(why);
  });

  it("takes sslrootcert from the URL, except `system`", () => {
    expect(parseTarget("postgresql://h:1/?sslrootcert=/etc/ca.pem")).toMatchObject({
      target: { sslrootcert: "/etc/ca.pem" },
    });
    const sys = parseTarget("postgresql://h:1/?sslrootcert=system");
    expect("target" in sys && sys.target.sslrootcert).toBeUndefined();
  });

  it("never keeps a password in what it echoes", () => {
    const r = parseTarget("postgresql://admin:hunter2@db:26257/app?password=x2");
    expect(JSON.stringify(r)).not.toMatch(/hunter2|x2/);
    expect(redactSecrets("postgres://a:b@h/")).toBe("postgres://a:****@h/");
  });

  it.each([
    ["", "empty"],
    ["http://x", "HTTP"],
    ["mysql://x", "unsupported scheme"],
    ["h:0", "port"],
    ["h:99999", "port"],
    ["postgresql://%2Fvar%2Frun", "Unix socket"],
  ])("rejects %j", (text, message) => {
    const r = parseTarget(text);
    expect("error" in r && r.error).toContain(message);
  });

  it("targets files: comments and blank lines ignored", () => {
    expect(parseTargetsFile("# nodes\n\nh1:1\r\nh2:2  # second\n")).toEqual(["h1:1", "h2:2"]);
  });

  describe("a host list is one target per host, all of one cluster (parseTargets)", () => {
    it.each<[string, string[]]>([
      ["postgresql://a:1,b:2/db", ["postgresql://a:1", "postgresql://b:2"]],
      // In a URI each host carries its own port: a and b get the default.
      ["postgresql://a,b,c:5433/db", ["postgresql://a:26257", "postgresql://b:26257", "postgresql://c:5433"]],
      [
        "postgresql:///db?host=a,b,c&port=5433",
        ["postgresql://a:5433", "postgresql://b:5433", "postgresql://c:5433"],
      ],
      ["postgresql:///db?host=a,b&port=1,2", ["postgresql://a:1", "postgresql://b:2"]],
      ["postgresql://a:6,[::1]:7/db", ["postgresql://a:6", "postgresql://[::1]:7"]],
      ["postgresql://a,b/db", ["postgresql://a:26257", "postgresql://b:26257"]],
    ])("%s", (text, endpoints) => {
      const r = parseTargets(text);
      expect("targets" in r && r.targets.map((t) => t.endpoint)).toEqual(endpoints);
      if ("targets" in r) {
        expect(new Set(r.targets.map((t) => t.cluster?.name))).toEqual(new Set([`host list of ${text}`]));
        expect(r.targets.map((t) => t.source)).toEqual(
          endpoints.map((_, i) => `host ${i + 1} of ${endpoints.length} in ${text}`),
        );
      }
    });

    it("load_balance_hosts=random is the same set, said so", () => {
      const r = parseTargets("postgresql://a:1,b:2/db?load_balance_hosts=random");
      expect("targets" in r && r.targets[0]?.cluster?.link).toBe(
        "the target's own host list: libpq picks one at random (load_balance_hosts=random)",
      );
    });

    it.each([
      ["postgresql:///db?host=a,b,c&port=1,2", "could not match 2 port numbers to 3 hosts"],
      ["postgresql://a,,b/db", "no host (entry 2 of the host list)"],
      ["postgresql://u:hunter2@a,b:0/db", "port must be 1-65535"],
    ])("refuses what libpq refuses: %s", (text, why) => {
      const r = parseTargets(text);
      expect("error" in r && r.error).toContain(why);
      expect(JSON.stringify(r)).not.toContain("hunter2");
    });

    it("one host: one target and no cluster", () => {
      const r = parseTargets("postgresql://a:1/db");
      expect("targets" in r && r.targets.map((t) => [t.endpoint, t.cluster])).toEqual([
        ["postgresql://a:1", undefined],
      ]);
    });
  });
});
