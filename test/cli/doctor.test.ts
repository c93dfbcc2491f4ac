/** `wirewarden doctor` (issue 20), through the built command: the facts a bug report needs, on the real stacks. */
import { describe, expect, it } from "vitest";
import { libpqVersionText } from "../../src/cli/doctor.js";
import { spawnCli } from "../helpers/cli.js";
import { STACKS, type Stack, stackVersions } from "../helpers/stacks.js";

describe("wirewarden doctor", () => {
  it.each(STACKS.map((s) => [s.name, s] as const))(
    "reads %s's Django, driver and the libpq it loads",
    (_n, s: Stack) => {
      const v = stackVersions(s);
      const r = spawnCli(["doctor", "--python", s.python]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^wirewarden \d+\.\d+\.\d+\nnode v\d+/);
      expect(r.stdout).toContain(`  django ${v.django}`);
      expect(r.stdout).toContain(`libpq ${libpqVersionText(v.libpq)}`);
      expect(r.stdout).toMatch(/^git: git version /m);
    },
  );

  it("says what to install when the Python cannot run", () => {
    const r = spawnCli(["doctor", "--python", "/nonexistent/wirewarden/python"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("python: /nonexistent/wirewarden/python not found or not runnable");
  });

  it.each([
    [180006, "18.6"],
    [150018, "15.18"],
    [170000, "17.0"],
  ])("PQlibVersion %i reads %s", (n, text) => {
    expect(libpqVersionText(n)).toBe(text);
  });
});
