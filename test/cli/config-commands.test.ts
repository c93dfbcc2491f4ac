/**
 * The configuration file beyond scan (issue 20): `[tool.wirewarden.probe]`, `.prove` and `.fix` set those commands'
 * flags, the top level's shared keys reach every command with the flag, the flags that would let the scanned
 * repository run code or write files have no key, and every flag of every command is accounted for — through the
 * built command in a child process, except the inventory, which reads the program's own flag list.
 */
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  COMMAND_KEYS,
  COMMAND_LINE_ONLY,
  COMMANDS,
  type KeySpec,
  keysFor,
  SHARED_KEYS,
} from "../../src/cli/config-file.js";
import { applyConfig } from "../../src/cli/effective-config.js";
import { buildProgram } from "../../src/cli/program.js";
import { spawnCli, tempDir } from "../helpers/cli.js";
import { shopTree } from "../helpers/tree.js";

const WEAK_SHOP = `SECRET_KEY = "x"\nDEBUG = False\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "OPTIONS": {"sslmode": "require"}}}\n`;

describe("every flag has a key, or a reason it has none", () => {
  const program = buildProgram(
    { stdout: () => {}, stderr: () => {}, stdoutIsTty: false, stderrIsTty: false, env: {} },
    () => {},
  );
  const keyOf = (long: string) => long.replace(/^--(no-)?/, "");

  it.each(COMMANDS)(
    "%s: each flag is a key of its table or the top level, or command-line only",
    (command) => {
      const cmd = program.commands.find((c) => c.name() === command);
      expect(cmd).toBeDefined();
      const keys = keysFor(command);
      const missing = (cmd?.options ?? [])
        .map((o) => keyOf(o.long ?? ""))
        .filter((k) => !(k in keys) && !(k in COMMAND_LINE_ONLY));
      expect(missing).toEqual([]);
      // And the other way: no key names a flag the command does not have (per-file-ignores has no flag).
      const flags = new Set((cmd?.options ?? []).map((o) => keyOf(o.long ?? "")));
      expect(Object.keys(keys).filter((k) => !flags.has(k) && k !== "per-file-ignores")).toEqual([]);
    },
  );

  it("each key's documented flag is the flag the command has", () => {
    for (const command of COMMANDS) {
      const cmd = program.commands.find((c) => c.name() === command);
      for (const [key, spec] of Object.entries(keysFor(command))) {
        if (key === "per-file-ignores") continue;
        expect(
          cmd?.options.map((o) => o.long),
          `${command} ${key}`,
        ).toContain(spec.flag);
      }
    }
  });

  it("the command-line-only flags exist somewhere, and are no table's key", () => {
    const all = new Set(program.commands.flatMap((c) => c.options.map((o) => keyOf(o.long ?? ""))));
    for (const key of Object.keys(COMMAND_LINE_ONLY)) {
      expect(all.has(key), key).toBe(true);
      expect(key in SHARED_KEYS, key).toBe(false);
      for (const c of COMMANDS) expect(key in COMMAND_KEYS[c], `${c} ${key}`).toBe(false);
    }
  });
});

describe("[tool.wirewarden.fix]", () => {
  it("root-cert from the fix table is what fix writes; the command line wins over it", () => {
    const dir = shopTree(tempDir("ww-cfgfix-"), WEAK_SHOP, {
      "pyproject.toml": `[tool.wirewarden.fix]\nroot-cert = "/etc/ssl/certs/from-config.pem"\n`,
    });
    const fromFile = spawnCli(["fix", dir]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stdout).toContain("/etc/ssl/certs/from-config.pem");
    const fromCli = spawnCli(["fix", dir, "--root-cert", "/etc/ssl/certs/typed.pem"]);
    expect(fromCli.stdout).toContain("/etc/ssl/certs/typed.pem");
    expect(fromCli.stdout).not.toContain("from-config.pem");
  });
});

describe("[tool.wirewarden.probe]", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    // A loopback port that accepts and never answers: what the configured deadline is for.
    server = createServer(() => {});
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("targets, timeout, format and fail-on come from the probe table of the working directory's file", () => {
    const dir = tempDir("ww-cfgprobe-");
    writeFileSync(join(dir, "nodes.txt"), `127.0.0.1:${port}\n`);
    writeFileSync(
      join(dir, ".wirewarden.toml"),
      `fail-on = "none"\n\n[probe]\ntargets = "nodes.txt"\ntimeout = 300\nformat = "json"\n`,
    );
    const r = spawnCli(["probe", "--config", join(dir, ".wirewarden.toml")]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      endpoints: { endpoint: string; durationMs: number }[];
      findings: { ruleId: string; message: string }[];
    };
    expect(json.endpoints.map((e) => e.endpoint)).toEqual([`postgresql://127.0.0.1:${port}`]);
    // 300 ms from the file, not the 5,000 ms default: the silent port's probe ends well before the default.
    expect(json.endpoints[0]?.durationMs).toBeLessThan(2500);
    expect(json.findings.some((f) => /timeout/.test(f.message))).toBe(true);
  });
});

describe("[tool.wirewarden.prove]", () => {
  it("attacks, format and fail-on from the prove table decide what runs and how it is reported", () => {
    const dir = tempDir("ww-cfgprove-");
    writeFileSync(
      join(dir, ".wirewarden.toml"),
      `[prove]\nattacks = ["strip"]\nformat = "json"\nfail-on = "none"\n`,
    );
    // hostaddr points libpq at the loopback proxy, so the name is never looked up.
    const r = spawnCli([
      "prove",
      "--config",
      join(dir, ".wirewarden.toml"),
      "--dsn",
      "postgresql://app@db.internal:5432/shop?sslmode=require",
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { attacks: { attack: string; outcome: string }[] };
    expect(json.attacks).toEqual([expect.objectContaining({ attack: "strip", outcome: "refused" })]);
  });
});

describe("what a file may not set, and where a key belongs", () => {
  it.each([
    [
      "runtime = true\n",
      /'runtime' can only be given on the command line \(--runtime\): it runs the project's settings code/,
    ],
    ["[fix]\nwrite = true\n", /'fix.write' can only be given on the command line \(--write\): it rewrites/],
    ['[prove]\nlisten = "0.0.0.0"\n', /'prove.listen' can only be given on the command line/],
    ['output = "/tmp/x"\n', /'output' can only be given on the command line/],
    [
      "timeout = 300\n",
      /'timeout' is not a key of the top level; it belongs in \[tool.wirewarden.probe\] or \[tool.wirewarden.prove\]/,
    ],
    [
      '[probe]\nexclude = ["x"]\n',
      /'exclude' is not a key of \[tool.wirewarden.probe\]; it belongs in the top level/,
    ],
    ["[probe]\ntimout = 300\n", /unknown key 'probe.timout' \(did you mean 'timeout'\?\)/],
    ["[probe]\ntimeout = 50\n", /'probe.timeout' must be an integer from 100 to 600000/],
    ['[probe]\nformat = "pdf"\n', /'probe.format' must be one of text\|json\|sarif/],
    ['[scan]\nselect = ["WW1"]\n', /scan's keys go at the top level/],
    ['[prove]\nattacks = ["strip", "bogus"]\n', /'prove.attacks' must be a list of strip\|forge/],
  ])("%j is a usage error that says why", (text, message) => {
    const dir = shopTree(tempDir("ww-cfgbad-"), WEAK_SHOP, { ".wirewarden.toml": text });
    for (const argv of [
      ["scan", dir],
      ["config", dir],
    ]) {
      const r = spawnCli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("a pyproject.toml with only a command's table is found; wirewarden config shows each table with sources", () => {
    const dir = shopTree(tempDir("ww-cfgshow-"), WEAK_SHOP, {
      "pyproject.toml": `[project]\nname = "shop"\n\n[tool.wirewarden.prove]\nattacks = ["strip", "forge"]\nfail-on = "medium"\n`,
    });
    const r = spawnCli(["config", dir]);
    expect(r.code).toBe(0);
    const file = join(dir, "pyproject.toml");
    expect(r.stdout).toContain(`# configuration file: ${file}`);
    expect(r.stdout).toContain(`attacks = ["strip", "forge"]  # ${file}:5`);
    // A shared key set in a command's table shows in that table only.
    expect(r.stdout).toContain(`fail-on = "medium"  # ${file}:6`);
    expect(r.stdout).toContain(`fail-on = "high"  # default`);
    expect(r.stdout).toContain("timeout = 5000  # default");
    expect(r.stdout).toContain("color = true  # default");
    expect(r.stdout).toMatch(/^# command line only .*--runtime.*--write/m);
  });
});

describe("every key reaches its flag", () => {
  /** A value of the key's type unlike the flag's default, and what the flag then holds. */
  function sample(spec: KeySpec, dir: string): { toml: string; flag: unknown } | undefined {
    switch (spec.kind) {
      case "string":
        return { toml: '"from-config"', flag: "from-config" };
      case "path":
        return { toml: '"sub/file"', flag: join(dir, "sub/file") };
      case "paths":
        return { toml: '["a.env", "b.env"]', flag: [join(dir, "a.env"), join(dir, "b.env")] };
      case "boolean":
        // --no-x flags default to true, the others to unset: the opposite either way.
        return spec.flag.startsWith("--no-") ? { toml: "false", flag: false } : { toml: "true", flag: true };
      case "integer": {
        const n = (spec.range?.[0] ?? 0) + 1;
        return { toml: String(n), flag: String(n) };
      }
      case "choice": {
        const c = spec.choices?.at(-1) as string;
        return { toml: JSON.stringify(c), flag: c };
      }
      case "strings": {
        const values = spec.choices ? [spec.choices[0] as string] : ["WW1", "WW3"];
        return { toml: JSON.stringify(values), flag: spec.commaJoined ? values.join(",") : values };
      }
      case "severity":
      case "fail-on":
        return { toml: '"low"', flag: "low" };
      case "table-of-strings":
        return undefined; // no flag: per-file-ignores is read from the configuration itself
    }
  }

  const cases = COMMANDS.flatMap((command) =>
    Object.entries(keysFor(command))
      // per-file-ignores has no flag: it is read from the configuration itself (tested in config.test.ts).
      .filter(([, spec]) => spec.kind !== "table-of-strings")
      .map(([key, spec]) => [command, key, spec] as const),
  );

  it.each(cases)("%s %s", (command, key, spec) => {
    const dir = tempDir("ww-cfgkey-");
    const value = sample(spec, dir);
    if (!value) throw new Error(`no sample value for ${key}`);
    const table = command === "scan" ? "" : `[${command}]\n`;
    writeFileSync(join(dir, ".wirewarden.toml"), `${table}${key} = ${value.toml}\n`);
    const program = buildProgram(
      { stdout: () => {}, stderr: () => {}, stdoutIsTty: false, stderrIsTty: false, env: {} },
      () => {},
    );
    const cmd = program.commands.find((c) => c.name() === command);
    if (!cmd) throw new Error(`no command ${command}`);
    applyConfig(cmd, command, dir, undefined);
    const attr = key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    expect(cmd.opts()[attr]).toEqual(value.flag);
    expect(cmd.getOptionValueSource(attr)).toBe("config");
  });
});
