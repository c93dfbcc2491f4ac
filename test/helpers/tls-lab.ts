import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Cluster, initTemplate, startCluster } from "../../src/lab/pg-cluster.js";
import { type CertificateAuthority, createCa } from "../../src/tls/certs.js";

/** A throwaway CA (PEM files in a temp dir) and a real PostgreSQL that accepts only SCRAM inside TLS, as `host`. */
export interface TlsLab {
  ca: CertificateAuthority;
  work: string;
  caFile: string;
  caKeyFile: string;
  server: Cluster;
  stop(): Promise<void>;
}

export async function startTlsLab(name: string, host: string): Promise<TlsLab> {
  await initTemplate();
  const ca = await createCa({ commonName: `wirewarden ${name} CA` });
  const work = mkdtempSync(join(tmpdir(), `wirewarden-${name}-`));
  const caFile = join(work, "ca.pem");
  const caKeyFile = join(work, "ca.key");
  writeFileSync(caFile, ca.certPem);
  writeFileSync(caKeyFile, ca.keyPem);
  const server = await startCluster({
    ssl: true,
    server: await ca.issue({ commonName: host, dnsNames: [host], ipAddresses: ["127.0.0.1"] }),
    hba: ["hostssl all all 127.0.0.1/32 scram-sha-256"],
  });
  return {
    ca,
    work,
    caFile,
    caKeyFile,
    server,
    async stop() {
      await server.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
