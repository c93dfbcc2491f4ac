import { legacyTls } from "./legacy-check.js";
import type { DbTarget, EndpointResult, FirstReply } from "./model.js";
import { oldProtocolRefusal, plaintextStartup } from "./plaintext-check.js";
import { identifyServer } from "./server-identity.js";
import { requestSsl } from "./ssl-request.js";
import { type TrustAnchors, tlsSession } from "./tls-check.js";

export interface EndpointProbeOptions {
  timeoutMs: number;
  anchors: TrustAnchors;
  /** Skip the hand-built legacy protocol and weak-suite attempts (a few more connections per endpoint). */
  legacy: boolean;
}

/**
 * Everything the rules need about one endpoint. The plaintext startup, the TLS session and the legacy attempts
 * use separate connections and run side by side, so one endpoint costs about one round of timeouts at worst.
 */
export async function probeEndpoint(target: DbTarget, o: EndpointProbeOptions): Promise<EndpointResult> {
  const started = performance.now();
  const { host, port } = target;
  let plaintextStartupProblem: string | undefined;
  const done = (r: Omit<EndpointResult, "durationMs">): EndpointResult => ({
    ...r,
    ...(plaintextStartupProblem ? { plaintextStartupProblem } : {}),
    durationMs: Math.round(performance.now() - started),
  });
  // A server that only ever asked for a password has not said what it is; its refusal of protocol 2.0 will.
  const identify = async (replies: (FirstReply | undefined)[], parameters: Record<string, string>) => {
    const first = identifyServer(replies, parameters);
    if (first.product !== "unknown" || !replies.some((r) => r?.kind === "auth")) return first;
    return identifyServer([...replies, await oldProtocolRefusal(host, port, o.timeoutMs)], parameters);
  };
  const [plain, ssl] = await Promise.all([
    plaintextStartup(host, port, o.timeoutMs),
    requestSsl(host, port, o.timeoutMs),
  ]);
  if ("unreachable" in plain && "unreachable" in ssl) {
    return done({ target, unreachable: plain.unreachable, server: identifyServer([], {}) });
  }
  const plaintext =
    "unreachable" in plain ? { kind: "closed" as const, error: plain.unreachable } : plain.reply;
  const plainParameters = "unreachable" in plain ? {} : plain.parameters;
  if (!("unreachable" in plain)) plaintextStartupProblem = plain.startupProblem;
  if ("unreachable" in ssl) {
    return done({
      target,
      plaintext,
      tlsError: ssl.unreachable,
      server: identifyServer([plaintext], plainParameters),
    });
  }
  const { answer, conn } = ssl;
  if (!conn) {
    const sslError =
      answer.kind === "E" && answer.error ? { kind: "error" as const, error: answer.error } : undefined;
    return done({
      target,
      plaintext,
      ssl: answer,
      server: await identify([plaintext, sslError], plainParameters),
    });
  }
  if (answer.kind === "S" && answer.extraBytes > 0) {
    // What follows would be read as part of the TLS stream; the injection is the finding (WW410).
    conn.close();
    return done({
      target,
      plaintext,
      ssl: answer,
      tlsError: "TLS not attempted: plaintext bytes arrived after 'S'",
      server: identifyServer([plaintext], plainParameters),
    });
  }
  const [tls, legacy] = await Promise.all([
    tlsSession(conn, host, o.anchors, o.timeoutMs),
    o.legacy ? legacyTls(host, port, o.timeoutMs) : Promise.resolve(undefined),
  ]);
  if ("error" in tls) {
    return done({
      target,
      plaintext,
      ssl: answer,
      tlsError: tls.error,
      ...(legacy ? { legacy } : {}),
      server: identifyServer([plaintext], plainParameters),
    });
  }
  const server = await identify([plaintext, tls.startup], { ...plainParameters, ...tls.parameters });
  return done({ target, plaintext, ssl: answer, tls, ...(legacy ? { legacy } : {}), server });
}
