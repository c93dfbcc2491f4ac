import { describe, expect, it } from "vitest";
import { ww000 } from "../../src/rules/ww000-not-analyzed.js";
import { ww205 } from "../../src/rules/ww205-crdb-console-plain-http.js";
import { findingsOf } from "../helpers/scan.js";

describe("WW205 crdb-console-plain-http (deployment files)", () => {
  it("fires for --unencrypted-localhost-http", async () => {
    const [f] = await findingsOf(ww205, {
      "docker-compose.yml":
        "services:\n  db:\n    command: start-single-node --certs-dir=/certs --unencrypted-localhost-http\n",
    });
    expect(f).toMatchObject({ severity: "medium", location: { file: "docker-compose.yml", line: 3 } });
  });

  it("is silent without it", async () => {
    expect(
      await findingsOf(ww205, {
        "docker-compose.yml": "services:\n  db:\n    command: start-single-node --certs-dir=/certs\n",
      }),
    ).toEqual([]);
  });
});

describe("hostile YAML: WW000, no blow-up", () => {
  it("malformed YAML and a billion-laughs alias bomb", async () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const k of "bcdefghij")
      bomb.push(
        `${k}: &${k} [${Array(9)
          .fill(`*${String.fromCharCode(k.charCodeAt(0) - 1)}`)
          .join(", ")}]`,
      );
    const f = await findingsOf(ww000, {
      "k8s/broken.yaml": "kind: Deployment\nspec: [unclosed\n",
      "k8s/bomb.yaml": `${bomb.join("\n")}\n`,
    });
    const files = f.map((x) => x.location?.file).sort();
    expect(files).toEqual(["k8s/bomb.yaml", "k8s/broken.yaml"]);
  });
});
