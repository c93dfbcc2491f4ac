/**
 * The Dockerfile reader (src/deploy/dockerfile.ts) and its facts through readDeployFiles: each shape of issue 21
 * with the variable, the value and the file:line:col where it is set; the stages (only the final one's ENV and
 * command are the image's); bounds on hostile files; and one scan end to end.
 */
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import {
  dockerInstructions,
  MAX_ASSIGNMENTS,
  MAX_STAGES,
  readDockerfile,
  shellWords,
  substitute,
} from "../../src/deploy/dockerfile.js";
import { readDeployFiles } from "../../src/deploy/read-deploy.js";
import { scanProject } from "../../src/engine/scan.js";
import { tempDir } from "../helpers/cli.js";
import { writeTree } from "../helpers/tree.js";

const PATH = "deploy/Dockerfile";

/** The runtime unit's ENV as readDeployFiles gives it: `NAME=value @ file:line:col`. */
function runtimeEnv(text: string): string[] {
  const facts = readDeployFiles([{ path: PATH, text }]);
  return facts.env
    .filter((e) => e.unit === `${PATH}#Dockerfile` && e.where === "Dockerfile ENV")
    .map((e) => `${e.variable}=${e.value} @ ${e.location.file}:${e.location.line}:${e.location.column}`);
}

interface Case {
  name: string;
  text: string;
  /** Every ENV fact of the runtime unit, in order. */
  env: string[];
}

const CASES: Case[] = [
  {
    name: "ENV continued over lines: each pair at its own line",
    text: "FROM python:3.12\nENV PYTHONUNBUFFERED=1 \\\n    PGSSLMODE=require\n",
    env: ["PYTHONUNBUFFERED=1 @ deploy/Dockerfile:2:5", "PGSSLMODE=require @ deploy/Dockerfile:3:5"],
  },
  {
    name: "a comment line and a blank line inside the continuation are dropped, not the end",
    text: "FROM python:3.12\nENV A=1 \\\n  # the mode\n\n  PGSSLMODE=verify-full \\\n  PGSSLROOTCERT=/certs/ca.crt\nENV B=2\n",
    env: [
      "A=1 @ deploy/Dockerfile:2:5",
      "PGSSLMODE=verify-full @ deploy/Dockerfile:5:3",
      "PGSSLROOTCERT=/certs/ca.crt @ deploy/Dockerfile:6:3",
      "B=2 @ deploy/Dockerfile:7:5",
    ],
  },
  {
    name: "the legacy form: one pair, the value the rest of the line",
    text: "FROM python:3.12\nENV PGSSLMODE require\nENV GREETING hello  big   world\n",
    env: ["PGSSLMODE=require @ deploy/Dockerfile:2:5", "GREETING=hello  big   world @ deploy/Dockerfile:3:5"],
  },
  {
    name: "the legacy form continued",
    text: "FROM python:3.12\nENV DATABASE_URL \\\n    postgres://app@db.internal/shop?sslmode=verify-full\n",
    env: ["DATABASE_URL=postgres://app@db.internal/shop?sslmode=verify-full @ deploy/Dockerfile:2:5"],
  },
  {
    name: "quotes and escapes as Docker's lexer: double, single, backslash",
    text: `FROM python:3.12\nENV A="v 2" B='x $Y' C=a\\ b D="say \\"hi\\"" E=x"y z"w\n`,
    env: [
      "A=v 2 @ deploy/Dockerfile:2:5",
      "B=x $Y @ deploy/Dockerfile:2:13",
      "C=a b @ deploy/Dockerfile:2:22",
      'D=say "hi" @ deploy/Dockerfile:2:29',
      "E=xy zw @ deploy/Dockerfile:2:44",
    ],
  },
  {
    name: "an ARG default feeds ENV (the fact is at the ENV line)",
    text: `FROM python:3.12\nARG MODE=verify-full\nENV PGSSLMODE=$MODE \\\n    URL=postgres://db/x?sslmode=\${MODE}\n`,
    env: [
      "PGSSLMODE=verify-full @ deploy/Dockerfile:3:5",
      "URL=postgres://db/x?sslmode=verify-full @ deploy/Dockerfile:4:5",
    ],
  },
  {
    name: "an ARG without a default: unknown, passed as written (never as '')",
    text: `FROM python:3.12\nARG DB_URL\nENV DATABASE_URL=$DB_URL PGSSLMODE=\${SSL_MODE:-require}\n`,
    env: [
      "DATABASE_URL=$DB_URL @ deploy/Dockerfile:3:5",
      `PGSSLMODE=\${SSL_MODE:-require} @ deploy/Dockerfile:3:26`,
    ],
  },
  {
    name: "a global ARG is seen in a stage only where it is declared again",
    text: "ARG MODE=require\nFROM python:3.12\nENV BEFORE=$MODE\nARG MODE\nENV PGSSLMODE=$MODE\n",
    env: ["BEFORE=$MODE @ deploy/Dockerfile:3:5", "PGSSLMODE=require @ deploy/Dockerfile:5:5"],
  },
  {
    name: `\${VAR:-x}, \${VAR-x}, \${VAR:+x}, \${VAR+x} over ENV and scratch's empty environment`,
    text: `FROM scratch\nENV E= F=full\nENV A=\${E:-d1} B=\${E-d2} C=\${F:+set} D=\${NONE+set} G=\${NONE:-d3}\n`,
    env: [
      "E= @ deploy/Dockerfile:2:5",
      "F=full @ deploy/Dockerfile:2:8",
      "A=d1 @ deploy/Dockerfile:3:5",
      "B= @ deploy/Dockerfile:3:16",
      "C=set @ deploy/Dockerfile:3:26",
      "D= @ deploy/Dockerfile:3:38",
      "G=d3 @ deploy/Dockerfile:3:52",
    ],
  },
  {
    name: "one ENV sees the values from before it; ENV wins over an ARG of the same name",
    text: "FROM scratch\nARG X=from-arg\nENV X=from-env\nENV X=second Y=$X\n",
    env: [
      "X=from-env @ deploy/Dockerfile:3:5",
      "X=second @ deploy/Dockerfile:4:5",
      "Y=from-env @ deploy/Dockerfile:4:14",
    ],
  },
  {
    name: "multi-stage: ENV only in a builder stage is not the image's",
    text: "FROM node:20 AS assets\nENV PGSSLMODE=disable\nRUN npm run build\nFROM python:3.12-slim\nENV DJANGO_SETTINGS_MODULE=shop.settings\nCMD gunicorn shop.wsgi\n",
    env: ["DJANGO_SETTINGS_MODULE=shop.settings @ deploy/Dockerfile:5:5"],
  },
  {
    name: "FROM an earlier stage inherits its ENV (and its ancestors'), not a sibling's",
    text: [
      "FROM python:3.12 AS base",
      "ENV PGSSLMODE=require",
      "FROM node:20 AS assets",
      "ENV NODE_ENV=production",
      "FROM base AS deps",
      "ENV PGSSLROOTCERT=/certs/ca.crt",
      "FROM deps AS final",
      "ENV PGSSLMODE=verify-full",
      "",
    ].join("\n"),
    env: [
      "PGSSLMODE=require @ deploy/Dockerfile:2:5",
      "PGSSLROOTCERT=/certs/ca.crt @ deploy/Dockerfile:6:5",
      "PGSSLMODE=verify-full @ deploy/Dockerfile:8:5",
    ],
  },
  {
    name: "FROM a stage named through a global ARG, case-insensitively",
    text: `ARG RUNTIME=Base\nFROM python:3.12 AS BASE\nENV PGSSLMODE=require\nFROM \${RUNTIME}\nENV X=1\n`,
    env: ["PGSSLMODE=require @ deploy/Dockerfile:3:5", "X=1 @ deploy/Dockerfile:5:5"],
  },
  {
    name: "a template's FROM {{ image }} AS name still names the stage a later FROM inherits from",
    text: "FROM {{ BASE_IMAGE }} as base_image\nENV LC_ALL=C.UTF-8 \\\n    APP_ROOT=/srv\nFROM base_image AS build\nENV X=1\nFROM base_image\n",
    env: ["LC_ALL=C.UTF-8 @ deploy/Dockerfile:2:5", "APP_ROOT=/srv @ deploy/Dockerfile:3:5"],
  },
  {
    name: "# escape=` : the backtick continues lines, a backslash is a path character",
    text: "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nENV PGSSLMODE=verify-full `\n    PGSSLROOTCERT=C:\\certs\\ca.crt\n",
    env: [
      "PGSSLMODE=verify-full @ deploy/Dockerfile:3:5",
      "PGSSLROOTCERT=C:\\certs\\ca.crt @ deploy/Dockerfile:4:5",
    ],
  },
  {
    name: "an escape directive after a comment is a comment (the backslash still continues)",
    text: "# build me\n# escape=`\nFROM python:3.12\nENV A=1 \\\n  B=2\n",
    env: ["A=1 @ deploy/Dockerfile:4:5", "B=2 @ deploy/Dockerfile:5:3"],
  },
  {
    name: "a heredoc body is not an instruction",
    text: "FROM python:3.12\nRUN <<EOF\nENV PGSSLMODE=disable\nEOF\nCOPY <<-'CONF' /etc/app.conf\nENV PGSSLMODE=allow\n\tCONF\nENV A=1\n",
    env: ["A=1 @ deploy/Dockerfile:8:5"],
  },
  {
    name: "CRLF line endings",
    text: "FROM python:3.12\r\nENV A=1 \\\r\n    PGSSLMODE=require\r\n",
    env: ["A=1 @ deploy/Dockerfile:2:5", "PGSSLMODE=require @ deploy/Dockerfile:3:5"],
  },
  {
    name: "a fragment without FROM is read as one stage",
    text: "ENV PGSSLMODE=verify-full PGSSLROOTCERT=/certs/ca.crt\n",
    env: [
      "PGSSLMODE=verify-full @ deploy/Dockerfile:1:5",
      "PGSSLROOTCERT=/certs/ca.crt @ deploy/Dockerfile:1:27",
    ],
  },
];

describe("Dockerfile ENV: the shapes of issue 21, with file:line:col", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    expect(runtimeEnv(c.text)).toEqual(c.env);
  });
});

describe("unknown values say why", () => {
  it.each([
    ["FROM python:3.12\nARG TAG\nENV T=$TAG\n", "T", "build arg TAG has no default", ["TAG"]],
    [`FROM python:3.12\nARG TAG\nENV T=\${TAG:-latest}\n`, "T", "build arg TAG has no default", ["TAG"]],
    [
      "FROM python:3.12\nENV PATH=/venv/bin:$PATH\n",
      "PATH",
      "PATH is not set in this Dockerfile (the base image may set it)",
      [],
    ],
    [
      "FROM python:3.12\nARG TARGETARCH\nENV A=$TARGETARCH\n",
      "A",
      "TARGETARCH is set by BuildKit for the platform",
      ["TARGETARCH"],
    ],
    [`FROM scratch\nENV A=\${B:?needs_B}\n`, "A", `B is not set, and \${B:?} then fails the build`, []],
    [`FROM scratch\nENV A=\${B#x}\n`, "A", `\${B#…} is not modelled`, []],
    [`FROM scratch\nENV A=\${B\n`, "A", `an unsupported substitution \${B…}`, []],
  ])("%j", (text, variable, reason, args) => {
    const e = readDockerfile(text).runtimeEnv.find((x) => x.variable === variable);
    expect(e).toMatchObject({ value: "", unknown: reason, buildArgs: args });
  });

  it("a known value says which build args it took (their defaults)", () => {
    const [e] = readDockerfile(
      `FROM scratch\nARG HOST=db ARG_PORT=5432\nENV URL=postgres://$HOST:\${ARG_PORT}/x\n`,
    ).env;
    expect(e).toMatchObject({ value: "postgres://db:5432/x", buildArgs: ["HOST", "ARG_PORT"] });
    expect(e?.unknown).toBeUndefined();
  });

  it("the default not taken does not make the value unknown", () => {
    const [, e] = readDockerfile(`FROM python:3.12\nENV A=set\nENV B=\${A:-$UNSET_IN_BASE}\n`).env;
    expect(e).toMatchObject({ variable: "B", value: "set" });
    expect(e?.unknown).toBeUndefined();
  });

  it("substitute() is the lexer on one word", () => {
    expect(substitute(`"a $X"'$X'\\$X`, "\\", (n) => (n === "X" ? { text: "1" } : undefined))).toEqual({
      text: "a 1$X$X",
      args: [],
    });
  });
});

describe("stages, commands and the image's unit", () => {
  const unit = (text: string) => readDeployFiles([{ path: "Dockerfile", text }]).units[0];

  it.each([
    [
      "gunicorn in the final stage",
      "FROM python AS dev\nCMD python manage.py runserver\nFROM python\nCMD gunicorn x.wsgi\n",
      3,
    ],
    [
      "gunicorn only in a stage the image is not",
      "FROM python AS app\nCMD gunicorn x.wsgi\nFROM nginx\nCMD nginx -g 'daemon off;'\n",
      0,
    ],
    [
      "CMD inherited from the stage it starts FROM",
      "FROM python AS base\nCMD gunicorn x.wsgi\nFROM base\nENV A=1\n",
      3,
    ],
    [
      "ENTRYPOINT in the final stage resets the inherited CMD",
      'FROM python AS base\nCMD gunicorn x.wsgi\nFROM base\nENTRYPOINT ["/entry.sh"]\n',
      0,
    ],
    [
      "exec-form sh -c script",
      'FROM python\nCMD ["sh", "-c", "python manage.py migrate && gunicorn x.wsgi"]\n',
      3,
    ],
    ["a RUN is not what the container runs", "FROM python\nRUN gunicorn --version\n", 0],
    [
      "DJANGO_SETTINGS_MODULE inherited",
      "FROM python AS b\nENV DJANGO_SETTINGS_MODULE=x.settings\nFROM b\n",
      1,
    ],
    [
      "DJANGO_SETTINGS_MODULE of a builder only",
      "FROM python AS b\nENV DJANGO_SETTINGS_MODULE=x.settings\nFROM nginx\n",
      0,
    ],
  ] as [string, string, number][])("%s", (_, text, rank) => {
    expect(unit(text)?.djangoRank).toBe(rank);
  });

  it("exec-form CMD with --insecure over continued lines: the flag at its own line", () => {
    const facts = readDeployFiles([
      {
        path: "Dockerfile",
        text: 'FROM cockroachdb/cockroach\nCMD ["start-single-node", \\\n     "--insecure", \\\n     "--listen-addr=0.0.0.0"]\n',
      },
    ]);
    expect(facts.cockroachFlags).toEqual([
      {
        flag: "--insecure",
        location: { file: "Dockerfile", line: 3, column: 7 },
        where: "Dockerfile CMD",
        command: "start-single-node --insecure --listen-addr=0.0.0.0",
      },
    ]);
  });

  it("flags in any stage count: a builder's RUN, a heredoc line, a sh -c script, shell form over lines", () => {
    const text = [
      "FROM cockroachdb/cockroach AS seed",
      "RUN cockroach start-single-node \\",
      "      --accept-sql-without-tls --background",
      "RUN <<EOF",
      "cockroach start --insecure --join=a,b",
      "EOF",
      'RUN ["sh", "-c", "cockroach start-single-node --unencrypted-localhost-http"]',
      "FROM python:3.12",
      "CMD gunicorn x.wsgi",
      "",
    ].join("\n");
    const facts = readDeployFiles([{ path: "Dockerfile", text }]);
    expect(
      facts.cockroachFlags.map((f) => `${f.flag} ${f.where} ${f.location.line}:${f.location.column}`),
    ).toEqual([
      "--accept-sql-without-tls Dockerfile RUN 3:7",
      "--insecure Dockerfile RUN 5:17",
      "--unencrypted-localhost-http Dockerfile RUN 7:47",
    ]);
    expect(facts.env).toEqual([]);
    expect(facts.units[0]?.djangoRank).toBe(3);
  });

  it("RUN flags (--mount) are not the command; a heredoc is not read past its terminator", () => {
    const d = readDockerfile(
      'FROM x\nRUN --mount=type=cache,target=/root/.cache pip install a\nRUN cat <<EOF > /f\nhello\nEOF\nCMD ["a"]\n',
    );
    expect(
      d.commands.map((c) => `${c.instruction}/${c.form}: ${c.tokens.map((t) => t.text).join(" ")}`),
    ).toEqual(["RUN/shell: pip install a", "RUN/shell: cat <<EOF > /f", "RUN/heredoc: hello", "CMD/exec: a"]);
  });

  it("stages: names, parents, and the image they start from", () => {
    const d = readDockerfile(
      `ARG PY=3.12\nFROM --platform=$BUILDPLATFORM python:\${PY} AS Build\nFROM build AS final\nFROM scratch\n`,
    );
    expect(d.stages).toEqual([
      { index: 0, name: "build", from: "python:3.12", offset: 12 },
      { index: 1, name: "final", from: "build", parent: 0, offset: 65 },
      { index: 2, from: "scratch", offset: 85 },
    ]);
  });

  it("the logical lines keep the escape directive and each argument's offset", () => {
    const { instructions, escape: esc } = dockerInstructions("\uFEFF# escape=`\nENV A=1 `\n  B=2\n");
    expect(esc).toBe("`");
    expect(instructions.map((i) => [i.keyword, i.args, i.at(i.args.indexOf("B"))])).toEqual([
      ["ENV", "A=1   B=2", 24],
    ]);
    expect(shellWords(`a "b c" 'd' e\\ f`)).toEqual([
      { text: "a", start: 0 },
      { text: "b c", start: 2 },
      { text: "d", start: 8 },
      { text: "e f", start: 12 },
    ]);
  });
});

describe("hostile Dockerfiles (1 MiB each): linear, bounded output", () => {
  const MiB = 1024 * 1024;
  const fill = (unit: string, head = "FROM scratch\n") =>
    head + unit.repeat(Math.floor((MiB - head.length) / unit.length));
  const cases: [string, string, (d: ReturnType<typeof readDockerfile>) => void][] = [
    [
      "100k continuation lines of one ENV",
      fill("A=1 \\\n", "FROM scratch\nENV "),
      (d) => {
        expect(d.env.length).toBe(MAX_ASSIGNMENTS);
        expect(d.problems).toHaveLength(1);
      },
    ],
    [
      // `${$` is the special parameter `$` followed by `{`: Docker's "unsupported modifier".
      "100k `${` in one value",
      fill("${", "FROM scratch\nENV A="),
      (d) =>
        expect(d.env).toMatchObject([{ variable: "A", unknown: `an unsupported substitution \${\${…}` }]),
    ],
    [
      "`${A:-` nested 100k deep",
      fill("${A:-", "FROM scratch\nENV A="),
      (d) => expect(d.env[0]?.unknown).toBe("substitutions nested more than 32 deep"),
    ],
    [
      "`$A` 500k times over a 64 KiB value",
      `FROM scratch\nENV A=${"x".repeat(65536)}\nENV B=${"$A".repeat((MiB - 65600) / 2)}\n`,
      (d) => expect(d.env[1]?.unknown).toMatch(/^substitution produces more than/),
    ],
    [
      "100k FROM lines inheriting a growing environment",
      fill("FROM s AS s\nENV V=1\n", "FROM scratch AS s\n"),
      (d) => {
        expect(d.stages).toHaveLength(MAX_STAGES);
        expect(d.problems).toHaveLength(1);
      },
    ],
    [
      "100k unterminated heredocs on one RUN",
      fill("<<A ", "FROM scratch\nRUN "),
      (d) => expect(d.commands).toHaveLength(1),
    ],
    ["100k blank lines and lone escapes", fill("\\\n \n"), (d) => expect(d.env).toEqual([])],
    ["100k directive lines", fill("# escape=`\n", ""), (d) => expect(d.stages).toEqual([])],
    ["quotes that never close", fill(`"'`, "FROM scratch\nENV A="), (d) => expect(d.env).toHaveLength(1)],
    ["100k legacy ENV lines", fill("ENV A b c\n"), (d) => expect(d.env.length).toBe(MAX_ASSIGNMENTS)],
  ];

  it.each(cases)("%s", (_, text, check) => {
    expect(text.length).toBeGreaterThan(MiB - 100);
    expect(text.length).toBeLessThanOrEqual(MiB);
    const started = performance.now();
    const d = readDockerfile(text);
    const facts = readDeployFiles([{ path: "Dockerfile", text }]);
    const ms = performance.now() - started;
    check(d);
    // Output no larger than the input (bounded), and the time far below a quadratic pass (~1e12 steps).
    expect(JSON.stringify(facts).length).toBeLessThan(8 * MiB);
    expect(ms).toBeLessThan(5000);
  });
});

describe("end to end: scan reads a continued ENV of the image a compose service builds", () => {
  it("PGSSLMODE=require on the second line of an ENV: WW103 at the Dockerfile line instead of WW101", async () => {
    const files = (dockerfile: string) => ({
      "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      "shop/__init__.py": "",
      "shop/settings.py": [
        "import dj_database_url",
        'SECRET_KEY = "x"',
        'DATABASES = {"default": dj_database_url.config(default="postgres://app@db.prod.internal:5432/shop")}',
        "",
      ].join("\n"),
      "requirements.txt": "Django==5.2\npsycopg2==2.9.10\ndj-database-url==2.1.0\n",
      "docker-compose.yml":
        "services:\n  web:\n    build: .\n    command: gunicorn shop.wsgi:application --bind 0.0.0.0:8000\n",
      Dockerfile: dockerfile,
    });
    const scan = async (dockerfile: string) => {
      const { report } = await scanProject(writeTree(tempDir("ww-dockerfile-"), files(dockerfile)), {
        env: new Map(),
      });
      const alias = report.aliases?.find((a) => a.module === "shop.settings" && a.alias === "default");
      return { alias, findings: report.findings };
    };

    const continued = await scan("FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 \\\n    PGSSLMODE=require\n");
    expect(continued.alias).toMatchObject({
      verdict: "exposed",
      rules: ["WW103"],
      sslmode: {
        value: "require",
        at: "Dockerfile:3",
        via: "PGSSLMODE, set by the image's Dockerfile ENV (Dockerfile:3)",
      },
      location: { file: "Dockerfile", line: 3, column: 5 },
    });
    const ww103 = continued.findings.find((f) => f.ruleId === "WW103" && f.alias === "default");
    expect(ww103?.location).toEqual({ file: "Dockerfile", line: 3, column: 5 });
    expect(ww103?.evidence).toContain("env PGSSLMODE set by the image's Dockerfile ENV (Dockerfile:3)");
    expect(continued.findings.map((f) => f.ruleId)).not.toContain("WW101");

    // The same variable only in a builder stage is not the image's: libpq's default, WW101.
    const builder = await scan(
      "FROM python:3.12 AS build\nENV PGSSLMODE=require\nFROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n",
    );
    expect(builder.alias?.sslmode.value).not.toBe("require");
    expect(builder.alias?.rules).toContain("WW101");
  });

  it("compose build.target: the service runs that stage's image, with that stage's ENV", async () => {
    const dockerfile =
      "FROM python:3.12-slim AS base\nENV PYTHONUNBUFFERED=1\nFROM base AS development\nENV PGSSLMODE=disable\nFROM base AS production\nENV APP=1\n";
    const tree = (build: string) =>
      writeTree(tempDir("ww-dockerfile-target-"), {
        "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
        "shop/__init__.py": "",
        "shop/settings.py":
          'SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.prod.internal"}}\n',
        "docker-compose.yml": `services:\n  web:\n    build:\n${build}    command: gunicorn shop.wsgi\n`,
        Dockerfile: dockerfile,
      });
    const alias = async (build: string) =>
      (await scanProject(tree(build), { env: new Map() })).report.aliases?.find((a) => a.alias === "default");
    const development = await alias("      context: .\n      target: development\n");
    expect(development).toMatchObject({
      verdict: "exposed",
      rules: expect.arrayContaining(["WW102"]),
      sslmode: { value: "disable", at: "Dockerfile:4" },
    });
    expect(development?.sslmode.via).toContain("build target development");
    // Without a target the image is the last stage's, which sets no PGSSLMODE: libpq's default.
    const last = await alias("      context: .\n");
    expect(last?.sslmode.value).toBe("prefer");
    expect(last?.rules).toContain("WW101");
  });

  it("a service with no command of its own runs its image's CMD: a gunicorn there makes it the Django service", async () => {
    // web builds the image and writes no command; worker runs celery with the settings in its environment.
    const tree = (dockerfile: string, target = "") =>
      writeTree(tempDir("ww-dockerfile-cmd-"), {
        "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
        "shop/__init__.py": "",
        "shop/settings.py":
          'SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.prod.internal"}}\n',
        "docker-compose.yml": `services:\n  worker:\n    image: shop\n    command: celery -A shop worker\n    environment:\n      DJANGO_SETTINGS_MODULE: shop.settings\n      PGSSLMODE: disable\n  web:\n    build:\n      context: .\n${target}    environment:\n      PGSSLMODE: require\n`,
        Dockerfile: dockerfile,
      });
    const sslmode = async (dir: string) =>
      (await scanProject(dir, { env: new Map() })).report.aliases?.find((a) => a.alias === "default")
        ?.sslmode;
    expect(await sslmode(tree('FROM python:3.12-slim\nCMD ["gunicorn", "shop.wsgi"]\n'))).toMatchObject({
      value: "require",
      via: expect.stringContaining("compose service web"),
    });
    // The build target's CMD, not the last stage's.
    const staged =
      'FROM python:3.12-slim AS app\nCMD gunicorn shop.wsgi\nFROM app AS tools\nCMD ["python", "-m", "http.server"]\n';
    expect(await sslmode(tree(staged, "      target: app\n"))).toMatchObject({ value: "require" });
    // Without the target the image is the last stage's, which runs no Django: the worker is the Django service.
    expect(await sslmode(tree(staged))).toMatchObject({ value: "disable" });
  });
});
