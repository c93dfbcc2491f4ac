import { describe, expect, it } from "vitest";
import { ww201 } from "../../src/rules/ww201-crdb-insecure-mode.js";
import { COMPOSE_INSECURE_CLUSTER, cockroachStatefulSet, findingsOf } from "../helpers/scan.js";

const STATEFULSET = cockroachStatefulSet('"--insecure", "--advertise-host=$(hostname -f)"');

describe("WW201 crdb-insecure-mode", () => {
  it("fires once per node of a three-node compose cluster started --insecure (string and list forms)", async () => {
    const f = await findingsOf(ww201, { "docker-compose.yml": COMPOSE_INSECURE_CLUSTER });
    expect(f.map((x) => x.location?.line)).toEqual([4, 7, 13]);
    expect(f.map((x) => x.message)).toEqual([
      expect.stringContaining("compose service roach1"),
      expect.stringContaining("compose service roach2"),
      expect.stringContaining("compose service roach3"),
    ]);
    expect(f[0]?.severity).toBe("critical");
  });

  it("fires for a StatefulSet with --insecure in args, at the flag", async () => {
    const [f] = await findingsOf(ww201, { "k8s/cockroachdb.yaml": STATEFULSET });
    expect(f).toMatchObject({ location: { file: "k8s/cockroachdb.yaml", line: 12 } });
    expect(f?.message).toContain("StatefulSet cockroachdb");
  });

  it("fires in a Dockerfile CMD, a shell script and a Procfile", async () => {
    const f = await findingsOf(ww201, {
      Dockerfile: 'FROM cockroachdb/cockroach\nCMD ["start-single-node", "--insecure"]\n',
      "scripts/dev-db.sh": "#!/bin/sh\ncockroach start-single-node --insecure --listen-addr=localhost\n",
      Procfile: "db: cockroach start-single-node --insecure\n",
    });
    expect(f.map((x) => x.location?.file).sort()).toEqual(["Dockerfile", "Procfile", "scripts/dev-db.sh"]);
  });

  it("stays silent for a secure cluster, a comment, and --insecure on another program", async () => {
    expect(
      await findingsOf(ww201, {
        "docker-compose.yml": "services:\n  roach:\n    command: start --certs-dir=/certs --join=roach\n",
        "run.sh": "# cockroach start --insecure (old)\ncurl --insecure https://example.test\n",
      }),
    ).toEqual([]);
  });
});
