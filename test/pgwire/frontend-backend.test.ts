import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  frameMessage,
  MAX_MESSAGE_BYTES,
  parseAuthentication,
  parseErrorResponse,
  parseParameterStatus,
  parseSslReply,
} from "../../src/pgwire/backend.js";
import {
  PROTOCOL_3_0,
  SSL_REQUEST_CODE,
  sslRequest,
  startupMessage,
  terminate,
} from "../../src/pgwire/frontend.js";

const msg = (type: string, body: Buffer) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};

describe("frontend messages, byte by byte", () => {
  it("SSLRequest is 8 bytes: length 8 and 80877103", () => {
    expect(sslRequest().toString("hex")).toBe("0000000804d2162f");
    expect(SSL_REQUEST_CODE).toBe(1234 * 65536 + 5679);
  });

  it("StartupMessage: length, protocol 3.0, name/value C strings, final NUL", () => {
    const b = startupMessage({ user: "u", database: "d" });
    expect(b.readInt32BE(0)).toBe(b.length);
    expect(b.readInt32BE(4)).toBe(PROTOCOL_3_0);
    expect(b.subarray(8).toString("latin1")).toBe("user\0u\0database\0d\0\0");
  });

  it("refuses NUL inside a parameter", () => {
    expect(() => startupMessage({ user: "a\0b" })).toThrow(/NUL/);
  });

  it("Terminate is X with length 4", () => {
    expect(terminate().toString("hex")).toBe("5800000004");
  });
});

describe("framing what a server sends", () => {
  it("needs the 5-byte header and the whole body", () => {
    const m = msg("R", Buffer.from([0, 0, 0, 3]));
    expect(frameMessage(m.subarray(0, 4)).kind).toBe("incomplete");
    expect(frameMessage(m.subarray(0, 8)).kind).toBe("incomplete");
    const f = frameMessage(Buffer.concat([m, Buffer.from("Z")]));
    expect(f).toMatchObject({ kind: "message", message: { type: "R" } });
    expect(f.kind === "message" && f.rest.toString()).toBe("Z");
  });

  it("rejects a length below 4 and a 2 GB length without waiting for it", () => {
    const small = Buffer.from([0x52, 0, 0, 0, 3]);
    expect(frameMessage(small)).toMatchObject({ kind: "invalid" });
    const huge = Buffer.from([0x45, 0x7f, 0xff, 0xff, 0xff]);
    const f = frameMessage(huge);
    expect(f.kind).toBe("invalid");
    expect(f.kind === "invalid" && f.reason).toContain(`limit ${MAX_MESSAGE_BYTES}`);
  });

  it("never throws, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const b = Buffer.from(bytes);
        frameMessage(b);
        parseErrorResponse(b);
        parseAuthentication(b);
        parseParameterStatus(b);
        parseSslReply(b);
      }),
    );
  });
});

describe("parsing replies", () => {
  it("SSLRequest answers, counting bytes after S or N", () => {
    expect(parseSslReply(Buffer.from("S"))).toEqual({ kind: "S", extra: 0 });
    expect(parseSslReply(Buffer.from("Sxyz"))).toEqual({ kind: "S", extra: 3 });
    expect(parseSslReply(Buffer.from("N"))).toEqual({ kind: "N", extra: 0 });
    expect(parseSslReply(Buffer.from("E"))).toEqual({ kind: "E" });
    expect(parseSslReply(Buffer.from([0x16, 3, 1]))).toEqual({ kind: "other", byte: 0x16 });
    expect(parseSslReply(Buffer.alloc(0))).toEqual({ kind: "incomplete" });
  });

  it.each([
    [0, "AuthenticationOk"],
    [3, "AuthenticationCleartextPassword"],
    [5, "AuthenticationMD5Password"],
    [11, "AuthenticationSASLContinue"],
    [12, "AuthenticationSASLFinal"],
  ])("auth code %i", (code, name) => {
    const body = Buffer.alloc(8);
    body.writeInt32BE(code, 0);
    expect(parseAuthentication(body)).toMatchObject({ code, name: expect.stringContaining(name) });
  });

  it("SASL (10) lists its mechanisms", () => {
    const body = Buffer.concat([
      Buffer.from([0, 0, 0, 10]),
      Buffer.from("SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0"),
    ]);
    expect(parseAuthentication(body)).toMatchObject({
      code: 10,
      mechanisms: ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"],
    });
  });

  it("ErrorResponse fields: severity, SQLSTATE, message; control characters flattened", () => {
    const body = Buffer.from(
      "SFATAL\0VFATAL\0C08P01\0Mnode is running secure mode,\nSSL connection required\0\0",
    );
    expect(parseErrorResponse(body)).toMatchObject({
      severity: "FATAL",
      code: "08P01",
      message: "node is running secure mode, SSL connection required",
    });
  });

  it("ParameterStatus name and value", () => {
    expect(parseParameterStatus(Buffer.from("crdb_version\0CockroachDB CCL v23.2.4\0"))).toEqual({
      name: "crdb_version",
      value: "CockroachDB CCL v23.2.4",
    });
    expect(parseParameterStatus(Buffer.from("only-name\0"))).toBeUndefined();
  });
});
