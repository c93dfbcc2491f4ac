import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ANON_SUITES,
  buildClientHello,
  DES_SUITES,
  EXPORT_SUITES,
  MODERN_SUITES,
  NULL_SUITES,
  parseServerReply,
  RC4_SUITES,
  suiteName,
  TLS_VERSION,
  versionName,
  weaknessOf,
} from "../../src/tls/client-hello.js";

/** Takes a ClientHello record apart field by field, checking every length on the way. */
function dissect(record: Buffer) {
  expect(record.length).toBe(5 + record.readUInt16BE(3));
  const hs = record.subarray(5);
  expect(hs[0]).toBe(1);
  expect(hs.readUIntBE(1, 3)).toBe(hs.length - 4);
  const body = hs.subarray(4);
  let at = 0;
  const take = (n: number) => {
    const b = body.subarray(at, at + n);
    expect(b.length).toBe(n);
    at += n;
    return b;
  };
  const clientVersion = take(2).readUInt16BE(0);
  const random = take(32);
  const sessionId = take(take(1)[0] as number);
  const suiteBytes = take(take(2).readUInt16BE(0));
  const suites = Array.from({ length: suiteBytes.length / 2 }, (_, i) => suiteBytes.readUInt16BE(i * 2));
  const compression = [...take(take(1)[0] as number)];
  const extensions = new Map<number, Buffer>();
  if (at < body.length) {
    const all = take(take(2).readUInt16BE(0));
    for (let e = 0; e < all.length; ) {
      const length = all.readUInt16BE(e + 2);
      extensions.set(all.readUInt16BE(e), all.subarray(e + 4, e + 4 + length));
      e += 4 + length;
      expect(e).toBeLessThanOrEqual(all.length);
    }
  }
  expect(at).toBe(body.length);
  return {
    contentType: record[0],
    recordVersion: record.readUInt16BE(1),
    clientVersion,
    random,
    sessionId,
    suites,
    compression,
    extensions,
  };
}

const random = Buffer.alloc(32, 0xab);

describe("buildClientHello", () => {
  it("builds a TLS 1.2 hello in a 0x0301 record with the suites, SCSV and EC extensions", () => {
    const h = dissect(
      buildClientHello({
        version: "TLSv1.2",
        cipherSuites: [0x000a, 0xc02f],
        serverName: "db.example",
        random,
      }),
    );
    expect(h.contentType).toBe(22);
    expect(h.recordVersion).toBe(0x0301);
    expect(h.clientVersion).toBe(0x0303);
    expect(h.random).toEqual(random);
    expect(h.sessionId.length).toBe(0);
    expect(h.suites).toEqual([0x000a, 0xc02f, 0x00ff]);
    expect(h.compression).toEqual([0]);
    expect([...h.extensions.keys()]).toEqual([0, 10, 11, 13]);
    expect(h.extensions.get(0)).toEqual(Buffer.from("000d00000a64622e6578616d706c65", "hex"));
    expect(h.extensions.get(10)).toEqual(Buffer.from("0006001d00170018", "hex"));
    expect(h.extensions.get(11)).toEqual(Buffer.from("0100", "hex"));
    const sigalgs = h.extensions.get(13) as Buffer;
    expect(sigalgs.readUInt16BE(0)).toBe(sigalgs.length - 2);
    for (const alg of ["0201", "0401", "0403", "0804"])
      expect(sigalgs.subarray(2).toString("hex")).toContain(alg);
  });

  it("never offers TLS 1.3: no supported_versions extension", () => {
    const h = dissect(buildClientHello({ version: "TLSv1.2", cipherSuites: MODERN_SUITES.map((s) => s.id) }));
    expect(h.extensions.has(43)).toBe(false);
  });

  it.each([
    ["TLSv1", 0x0301],
    ["TLSv1.1", 0x0302],
  ] as const)("%s: client_version %i, no signature_algorithms (TLS 1.2 only)", (version, number) => {
    const h = dissect(buildClientHello({ version, cipherSuites: [0x002f], serverName: "localhost" }));
    expect(h.recordVersion).toBe(0x0301);
    expect(h.clientVersion).toBe(number);
    expect([...h.extensions.keys()]).toEqual([0, 10, 11]);
  });

  it("SSLv3: 0x0300 in the record and the hello, and no extensions at all", () => {
    const h = dissect(
      buildClientHello({ version: "SSLv3", cipherSuites: [0x000a], serverName: "localhost" }),
    );
    expect(h.recordVersion).toBe(0x0300);
    expect(h.clientVersion).toBe(0x0300);
    expect(h.extensions.size).toBe(0);
  });

  it.each(["127.0.0.1", "::1", "[::1]", "", undefined])("sends no server_name for %s", (serverName) => {
    const h = dissect(buildClientHello({ version: "TLSv1.2", cipherSuites: [0x002f], serverName }));
    expect(h.extensions.has(0)).toBe(false);
  });

  it("drops a trailing dot from the server name and offers the SCSV once", () => {
    const h = dissect(
      buildClientHello({ version: "TLSv1.2", cipherSuites: [0x00ff, 0x002f], serverName: "a.b." }),
    );
    expect((h.extensions.get(0) as Buffer).subarray(5).toString("ascii")).toBe("a.b");
    expect(h.suites).toEqual([0x00ff, 0x002f]);
  });

  it("uses a fresh random by default and rejects impossible input", () => {
    const a = dissect(buildClientHello({ version: "TLSv1.2", cipherSuites: [0x002f] }));
    const b = dissect(buildClientHello({ version: "TLSv1.2", cipherSuites: [0x002f] }));
    expect(a.random).not.toEqual(b.random);
    expect(() => buildClientHello({ version: "TLSv1", cipherSuites: [], random: Buffer.alloc(31) })).toThrow(
      RangeError,
    );
    expect(() => buildClientHello({ version: "TLSv1", cipherSuites: [0x10000] })).toThrow(RangeError);
  });
});

describe("suite catalogs", () => {
  const weak = [...NULL_SUITES, ...ANON_SUITES, ...EXPORT_SUITES, ...RC4_SUITES, ...DES_SUITES];

  it("lists each suite once, and every weak suite has a weakness while no modern one does", () => {
    const ids = [...weak, ...MODERN_SUITES].map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of weak) expect(weaknessOf(s.id)).toBeDefined();
    for (const s of MODERN_SUITES) expect(weaknessOf(s.id)).toBeUndefined();
  });

  it("names suites by IANA name and classifies them", () => {
    expect(suiteName(0x000a)).toBe("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
    expect(suiteName(0x00ff)).toBe("TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
    expect(suiteName(0x1301)).toBe("0x1301");
    expect(weaknessOf(0x000a)).toBe("3DES");
    expect(weaknessOf(0x0009)).toBe("DES");
    expect(weaknessOf(0x0005)).toBe("RC4");
    expect(weaknessOf(0x0002)).toBe("NULL");
    expect(weaknessOf(0x0034)).toBe("anonymous");
    expect(weaknessOf(0x0003)).toBe("EXPORT");
  });

  it("names versions", () => {
    expect(Object.values(TLS_VERSION).map(versionName)).toEqual(["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"]);
    expect(versionName(0x0304)).toBe("TLSv1.3");
    expect(versionName(0x7f12)).toBe("0x7F12");
  });
});

const record = (type: number, body: Buffer, version = 0x0303) =>
  Buffer.concat([
    Buffer.from([type, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff]),
    body,
  ]);

function serverHello(version: number, suite: number, sessionIdLength = 32): Buffer {
  const body = Buffer.concat([
    Buffer.from([version >> 8, version & 0xff]),
    Buffer.alloc(32, 1),
    Buffer.from([sessionIdLength]),
    Buffer.alloc(sessionIdLength, 2),
    Buffer.from([suite >> 8, suite & 0xff, 0]),
    Buffer.from("0005ff01000100", "hex"), // extensions: renegotiation_info
  ]);
  return Buffer.concat([Buffer.from([2, 0, body.length >> 8, body.length & 0xff]), body]);
}

describe("parseServerReply", () => {
  it("reads the ServerHello's version and suite, ignoring what follows it", () => {
    const reply = Buffer.concat([
      record(22, serverHello(0x0301, 0xc013)),
      record(22, Buffer.from([11, 0, 9])),
    ]);
    expect(parseServerReply(reply)).toEqual({ kind: "server-hello", version: 0x0301, cipherSuite: 0xc013 });
    expect(parseServerReply(record(22, serverHello(0x0300, 0x000a, 0), 0x0300))).toEqual({
      kind: "server-hello",
      version: 0x0300,
      cipherSuite: 0x000a,
    });
  });

  it("joins a ServerHello fragmented over several records", () => {
    const hello = serverHello(0x0303, 0xc02f);
    const reply = Buffer.concat([record(22, hello.subarray(0, 3)), record(22, hello.subarray(3, 40))]);
    expect(parseServerReply(reply)).toEqual({ kind: "incomplete" });
    const whole = Buffer.concat([reply, record(22, hello.subarray(40))]);
    expect(parseServerReply(whole)).toEqual({ kind: "server-hello", version: 0x0303, cipherSuite: 0xc02f });
  });

  it("is incomplete on every strict prefix of a ServerHello record", () => {
    const full = record(22, serverHello(0x0303, 0x009c));
    for (let n = 0; n < full.length; n++)
      expect(parseServerReply(full.subarray(0, n))).toEqual({ kind: "incomplete" });
  });

  it("reads an alert", () => {
    expect(parseServerReply(record(21, Buffer.from([2, 70]), 0x0301))).toEqual({
      kind: "alert",
      level: 2,
      description: 70,
    });
  });

  it.each([
    ["a PostgreSQL ErrorResponse", Buffer.from("E\0\0\0\x10SFATAL\0", "latin1")],
    ["HTTP", Buffer.from("HTTP/1.1 400 Bad Request\r\n", "latin1")],
    ["application data first", record(23, Buffer.alloc(8))],
    ["an SSLv2-style version", Buffer.from([22, 2, 0])],
    ["a record longer than 16384+2048", Buffer.from([22, 3, 3, 0x48, 0x01])],
    ["an empty record", Buffer.from([22, 3, 3, 0, 0])],
    ["a Certificate before any ServerHello", record(22, Buffer.from([11, 0, 0, 0]))],
    ["a handshake length over 64 KiB", record(22, Buffer.from([2, 1, 0, 1]))],
    ["a ServerHello too short for its fields", record(22, Buffer.from([2, 0, 0, 4, 3, 3, 0, 0]))],
    ["a session id over 32 bytes", record(22, serverHello(0x0303, 0x002f, 33))],
    ["an alert of three bytes", record(21, Buffer.from([2, 40, 0]))],
  ])("calls %s garbage", (_, bytes) => {
    expect(parseServerReply(bytes).kind).toBe("garbage");
  });

  it("waits for a record header that announces the longest allowed record", () => {
    expect(parseServerReply(Buffer.from([22, 3, 3, 0x48, 0x00]))).toEqual({ kind: "incomplete" });
    expect(parseServerReply(Buffer.alloc(0))).toEqual({ kind: "incomplete" });
  });

  it("never throws, on arbitrary bytes or on records that look almost right", () => {
    const kinds = ["incomplete", "server-hello", "alert", "garbage"];
    // A record and a ServerHello header whose lengths (nearly) agree, around a version, random and session id
    // length with a random tail: this reaches the field-by-field reads, which random bytes almost never do.
    const almostRight = fc
      .tuple(
        fc.constantFrom(21, 22),
        fc.nat(34),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: -2, max: 2 }),
      )
      .map(([type, sessionIdLength, tail, skew]) => {
        const body = Buffer.concat([Buffer.alloc(34, 3), Buffer.from([sessionIdLength]), tail]);
        const message = Buffer.concat([Buffer.from([2, 0, 0, body.length]), body]);
        const length = Math.max(0, message.length + skew);
        return Buffer.concat([Buffer.from([type, 3, 3, length >> 8, length & 0xff]), message]);
      });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
          almostRight,
        ),
        (bytes) => {
          expect(kinds).toContain(parseServerReply(bytes).kind);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
