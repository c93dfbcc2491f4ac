import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/core/redact.js";
import { parseTarget, parseTargetsFile } from "../../src/probe/targets.js";

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
});
