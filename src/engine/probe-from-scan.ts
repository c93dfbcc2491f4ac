import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { DEFAULT_LIMITS, readTreeFile } from "../core/files.js";
import type { DbTarget } from "../probe/model.js";
import { endpointName } from "../probe/targets.js";
import { asString, describe } from "../python/value.js";
import { loadProject } from "./pipeline.js";
import { readCaFile } from "./probe.js";
import { UsageError } from "./usage.js";

export interface FromScanOptions {
  env: ReadonlyMap<string, string>;
  settingsModule?: string;
}

/** libpq's port when neither PORT nor PGPORT says otherwise. */
const LIBPQ_DEFAULT_PORT = 5432;

/**
 * The CA file a repository's settings name, read only as the scan reads files: inside the scanned root, no link on
 * the way, a regular file (never a FIFO or a device), within the size limit. Anything else is a note, not a read.
 */
function readRepositoryCa(root: string, path: string): { pem: string } | { note: string } | undefined {
  const full = isAbsolute(path) ? path : resolve(root, path);
  const inside = relative(root, full);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside))
    return { note: `sslrootcert ${path} is outside the scanned tree: not read` };
  const file = readTreeFile(root, inside.split(sep).join("/"), DEFAULT_LIMITS);
  if (!file)
    return existsSync(full)
      ? { note: `sslrootcert ${path} cannot be read (not a regular file in the tree)` }
      : undefined;
  if (file.text === undefined)
    return { note: `sslrootcert ${path} cannot be read: ${file.problem ?? "unreadable"}` };
  return { pem: file.text };
}

/** A CA path the user supplied: read as --ca is (a regular file, bounded); a bad one is a note, not exit 2. */
function userCa(path: string): { pem: string } | { note: string } {
  try {
    return { pem: readCaFile(path, "sslrootcert") };
  } catch (e) {
    return { note: (e as Error).message };
  }
}

/**
 * The database endpoints a Django project connects to, as `scan` evaluates them: every postgres-family alias
 * with a known host, its PORT (else PGPORT, else libpq's 5432), and its sslrootcert as the CA when that file
 * exists. Aliases whose host depends on an env var nobody supplied are skipped with a note.
 */
export async function targetsFromScan(
  path: string,
  o: FromScanOptions,
): Promise<{ targets: DbTarget[]; skipped: string[] }> {
  if (!existsSync(resolve(path))) throw new UsageError(`--from-scan ${path}: no such directory`);
  // The same loader as scan's, deployment readers included: the endpoint probed is the one scan reports.
  const {
    root,
    built: { model },
  } = await loadProject(path, {
    env: o.env,
    ...(o.settingsModule ? { settingsModule: o.settingsModule } : {}),
  });
  const targets: DbTarget[] = [];
  const skipped: string[] = [];
  for (const view of model.views) {
    if (o.settingsModule && view.module !== o.settingsModule) continue;
    for (const alias of view.databases) {
      if (alias.family !== "postgres") continue;
      const where = `${view.module} alias '${alias.alias}'`;
      const host = asString(alias.host);
      if (host === undefined) {
        skipped.push(`${where}: HOST is ${describe(alias.host)}; supply it with --env-file`);
        continue;
      }
      if (host === "" || host.startsWith("/")) continue;
      const portText =
        asString(alias.port) ?? (alias.port?.kind === "int" ? String(alias.port.value) : undefined);
      const port = portText ? Number(portText) : Number(o.env.get("PGPORT") ?? LIBPQ_DEFAULT_PORT);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        skipped.push(`${where}: PORT ${portText} is not a port number`);
        continue;
      }
      const rootcert = alias.sslrootcert.value;
      // A path the user supplied (--env-file, the environment) is theirs to name; one the repository writes is not.
      const env = alias.sslrootcert.env;
      const theirs = env?.supplied === true && env.from === undefined;
      const ca =
        rootcert && rootcert !== "system"
          ? theirs
            ? userCa(rootcert)
            : readRepositoryCa(root, rootcert)
          : undefined;
      if (ca && "note" in ca)
        skipped.push(`${where}: ${ca.note}; probed with --ca or the system store instead`);
      targets.push({
        input: endpointName(host, port),
        host,
        port,
        endpoint: endpointName(host, port),
        source: `--from-scan: ${where}`,
        ...(ca && "pem" in ca ? { sslrootcertPem: ca.pem, sslrootcertName: rootcert as string } : {}),
      });
    }
  }
  return { targets, skipped };
}
