/**
 * Issue 17, item 1: a finding that holds in only some branches of its settings module carries those branches as
 * a field, and the message's "(when …)" words are for people only: the diagram reads the field.
 */
import { join } from "node:path";
import { expect, it } from "vitest";
import { scanProject } from "../../src/engine/scan.js";
import { REPO } from "../helpers/cli.js";

it("the replica's findings name the branch they hold in; findings of every branch name none", async () => {
  const { report } = await scanProject(join(REPO, "test", "fixtures", "crosscheck", "replica-if"), {
    env: new Map(),
  });
  const replica = report.findings.filter((f) => f.alias === "replica");
  expect(replica.length).toBeGreaterThan(0);
  for (const f of replica) {
    expect(f.conditions).toEqual(['os.environ.get("USE_REPLICA") is true']);
    expect(f.message.endsWith('(when os.environ.get("USE_REPLICA") is true)')).toBe(true);
  }
  const everywhere = report.findings.filter((f) => f.ruleId === "WW302");
  expect(everywhere).toHaveLength(1);
  expect(everywhere[0]?.conditions).toBeUndefined();
});
