import { startupMessage, terminate } from "../pgwire/frontend.js";
import { Connection } from "./connection.js";
import { parseFirstReply, parseStartupParameters } from "./first-reply.js";
import type { FirstReply } from "./model.js";

/**
 * The probe's only identity: a user and database no deployment has, so the server's answer (auth request or
 * refusal) tells whether plaintext logins are possible without any credential ever being offered.
 */
export const PROBE_STARTUP = {
  user: "wirewarden_probe",
  database: "wirewarden_probe",
  application_name: "wirewarden-probe",
};

export interface PlaintextOutcome {
  reply: FirstReply;
  /** ParameterStatus values, when a trust entry let the dummy user in (they name the server). */
  parameters: Record<string, string>;
}

/** Sends a plaintext StartupMessage and reads the first reply; closes right after it. */
export async function plaintextStartup(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<PlaintextOutcome | { unreachable: string }> {
  const conn = await Connection.open(host, port, timeoutMs);
  if (!(conn instanceof Connection)) return { unreachable: conn.error };
  try {
    conn.write(startupMessage(PROBE_STARTUP));
    const r = await conn.waitFor(parseFirstReply, timeoutMs);
    let parameters: Record<string, string> = {};
    if (r.kind === "ok" && r.value.kind === "auth" && r.value.auth.code === 0) {
      const rest = await conn.waitFor(parseStartupParameters, timeoutMs);
      if (rest.kind === "ok" && "parameters" in rest.value) parameters = rest.value.parameters;
    }
    conn.write(terminate());
    if (r.kind === "ok") return { reply: r.value, parameters };
    if (r.kind === "overflow")
      return { reply: { kind: "invalid", reason: "the server sent more than the probe reads" }, parameters };
    return { reply: r, parameters };
  } finally {
    conn.close();
  }
}
