/** Which libpq a project loads, from its dependency files and base images (issue 18). */
import { describe, expect, it } from "vitest";
import { isDependencyFile } from "../../src/core/files.js";
import { imageLibpq, readLibpqFacts } from "../../src/django/libpq-version.js";

const f = (path: string, text: string) => ({ path, text });

describe("readLibpqFacts", () => {
  it.each([
    ["nothing names a driver: all four", [], [], [15, 16, 17, 18]],
    [
      "psycopg[binary] pinned 3.3.6 bundles 18",
      [f("requirements.txt", "Django==5.2\npsycopg[binary,pool]==3.3.6\n")],
      [],
      [18],
    ],
    [
      "psycopg-binary at least 3.3",
      [f("pyproject.toml", 'dependencies = ["psycopg-binary>=3.3"]\n')],
      [],
      [18],
    ],
    [
      "psycopg2-binary 2.9.13 bundles 17",
      [f("requirements/prod.txt", "psycopg2-binary==2.9.13\n")],
      [],
      [17],
    ],
    ["psycopg2-binary unpinned: 15 to 17", [f("requirements.txt", "psycopg2-binary\n")], [], [15, 16, 17]],
    [
      "a poetry lock pins it",
      [f("poetry.lock", '[[package]]\nname = "psycopg2-binary"\nversion = "2.9.9"\n')],
      [],
      [15, 16],
    ],
    [
      "a Pipfile.lock pins it",
      [f("Pipfile.lock", '{"default": {"psycopg-binary": {"hashes": [], "version": "==3.3.2"}}}')],
      [],
      [18],
    ],
    [
      "psycopg2 from source on bookworm: the system's 15",
      [f("requirements.txt", "psycopg2==2.9.9\n")],
      [f("Dockerfile", "FROM python:3.12-slim-bookworm\n")],
      [15],
    ],
    [
      "plain psycopg on trixie: 17",
      [f("requirements.txt", "psycopg==3.2.1\n")],
      [f("Dockerfile", "FROM python:3.13-trixie AS base\n")],
      [17],
    ],
    [
      "psycopg2 with no image that tells: all four",
      [f("requirements.txt", "psycopg2\n")],
      [f("Dockerfile", "FROM python:3.12\n")],
      [15, 16, 17, 18],
    ],
    [
      "a commented-out driver names nothing",
      [f("requirements.txt", "# psycopg2-binary==2.9.13\n")],
      [],
      [15, 16, 17, 18],
    ],
    [
      "a Dockerfile's pip install names the driver",
      [],
      [
        f(
          "Dockerfile",
          "FROM python:3.12-slim\nRUN pip install --no-cache-dir \\\n    Django==5.2 psycopg2-binary==2.9.13\n",
        ),
      ],
      [17],
    ],
    [
      "a Dockerfile's pip install of psycopg2 from source on bookworm",
      [],
      [
        f(
          "Dockerfile",
          "FROM python:3.12-slim-bookworm\nRUN apt-get install -y libpq-dev && pip install psycopg2==2.9.9\n",
        ),
      ],
      [15],
    ],
    [
      "a commented-out pip install names nothing",
      [],
      [f("Dockerfile", "FROM python:3.12\n# RUN pip install psycopg2-binary==2.9.13\n")],
      [15, 16, 17, 18],
    ],
    [
      "a multi-stage build: the last stage is what runs",
      [f("requirements.txt", "psycopg2==2.9.9\n")],
      [
        f(
          "Dockerfile",
          "FROM python:3.12 AS build\nRUN pip wheel -r requirements.txt\nFROM debian:bookworm-slim\n",
        ),
      ],
      [15],
    ],
    [
      "the last stage named after an earlier one",
      [f("requirements.txt", "psycopg2==2.9.9\n")],
      [f("Dockerfile", "FROM python:3.13-slim-trixie AS base\nFROM base\n")],
      [17],
    ],
    [
      "one image that tells and one that does not: every major stays plausible",
      [f("requirements.txt", "psycopg[c]==3.3.4\n")],
      [
        f("Dockerfile.debian", "FROM python:3.14-slim-trixie\n"),
        f("Dockerfile.alpine", "FROM python:3.14-alpine3.23\n"),
      ],
      [15, 16, 17, 18],
    ],
    [
      "two services, two drivers: both",
      [
        f("a/requirements.txt", "psycopg[binary]==3.3.6\n"),
        f("b/requirements.txt", "psycopg2-binary==2.9.13\n"),
      ],
      [],
      [17, 18],
    ],
  ] as const)("%s", (_name, deps, images, majors) => {
    expect(readLibpqFacts(deps, images).majors).toEqual(majors);
  });

  it("points at the Dockerfile line of the driver", () => {
    const facts = readLibpqFacts(
      [],
      [f("Dockerfile", "FROM python:3.12\nRUN pip install \\\n  psycopg[binary]==3.3.6\n")],
    );
    expect(facts.evidence[0]?.location).toEqual({ file: "Dockerfile", line: 3, column: 1 });
    expect(facts.majors).toEqual([18]);
  });

  it("says where it read it", () => {
    const facts = readLibpqFacts([f("requirements.txt", "Django\npsycopg2-binary==2.9.13\n")], []);
    expect(facts.evidence).toEqual([
      {
        location: { file: "requirements.txt", line: 2, column: 1 },
        text: "psycopg2-binary==2.9.13: psycopg2-binary bundles libpq 17",
      },
    ]);
  });
});

describe("imageLibpq and isDependencyFile", () => {
  it.each([
    ["python:3.11-slim-bookworm", [15]],
    ["debian:12", [15]],
    ["python:3.13-slim-trixie", [17]],
    ["ubuntu:24.04", [16]],
    ["python:3.12-alpine3.20", [16]],
    ["python:3.12-alpine3.21", [17]],
    ["python:3.14-alpine3.23", undefined],
    ["python:3.12", undefined],
  ] as const)("%s", (image, majors) => {
    expect(imageLibpq(image)).toEqual(majors);
  });

  it.each([
    ["requirements.txt", "", true],
    ["requirements-prod.in", "", true],
    ["base.txt", "requirements", true],
    ["notes.txt", "docs", false],
    ["pyproject.toml", "", true],
    ["uv.lock", "", true],
    ["package.json", "", false],
  ] as const)("%s in %s", (name, dir, expected) => {
    expect(isDependencyFile(name, dir)).toBe(expected);
  });
});
