import { Deadline } from "../net/deadline.js";
import { requestSsl } from "../net/ssl-request.js";
import { legacyTls } from "./legacy-check.js";
import type { DbTarget, EndpointResult, FirstReply } from "./model.js";
import { oldProtocolRefusal, plaintextStartup } from "./plaintext-check.js";
import { identifyServer } from "./server-identity.js";
import { type TrustAnchors, tlsSession } from "./tls-check.js";

export interface EndpointProbeOptions {
  timeoutMs: number;
  anchors: TrustAnchors;
  /** Skip the hand-built legacy protocol and weak-suite attempts (a few more connections per endpoint). */
  legacy: boolean;
}

/**
 * Everything the rules need about one endpoint. The plaintext startup, the TLS session and the legacy attempts
 * use separate connections and run side by side, and every connect and wait of them shares one deadline
 * (`timeoutMs` from the start): whatever the server does, the endpoint's probe is over by then.
 */
export async function probeEndpoint(target: DbTarget, o: EndpointProbeOptions): Promise<EndpointResult> {
  const started = performance.now();
  const deadline = new Deadline(o.timeoutMs, started);
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
    return identifyServer([...replies, await oldProtocolRefusal(host, port, deadline)], parameters);
  };
  // The plaintext check does not hold up the TLS path: both run to the same deadline, side by side.
  const plainRun = plaintextStartup(host, port, deadline);
  const tlsRun = (async () => {
    const ssl = await requestSsl(host, port, deadline);
    if ("unreachable" in ssl || !ssl.conn) return { ssl };
    if (ssl.answer.kind === "S" && ssl.answer.extraBytes > 0) {
      // What follows would be read as part of the TLS stream; the injection is the finding (WW410).
      ssl.conn.close();
      return { ssl, injected: true as const };
    }
    const [tls, legacy] = await Promise.all([
      tlsSession(ssl.conn, host, o.anchors, deadline),
      o.legacy ? legacyTls(host, port, deadline) : Promise.resolve(undefined),
    ]);
    return { ssl, tls, legacy };
  })();
  const [plain, { ssl, injected, tls, legacy }] = await Promise.all([plainRun, tlsRun]);
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
  const { answer } = ssl;
  if (!ssl.conn) {
    const sslError =
      answer.kind === "E" && answer.error ? { kind: "error" as const, error: answer.error } : undefined;
    return done({
      target,
      plaintext,
      ssl: answer,
      server: await identify([plaintext, sslError], plainParameters),
    });
  }
  if (injected || !tls) {
    return done({
      target,
      plaintext,
      ssl: answer,
      tlsError: "TLS not attempted: plaintext bytes arrived after 'S'",
      server: identifyServer([plaintext], plainParameters),
    });
  }
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
