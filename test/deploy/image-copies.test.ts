import { describe, expect, it } from "vitest";
import { imageCopies } from "../../src/deploy/image-copies.js";

const tree = new Set([
  "docker/prod.py",
  "app/settings/__init__.py",
  "app/settings/base.py",
  "docker/notes.txt",
]);
const copies = (dockerfile: string, path = "docker/Dockerfile") =>
  imageCopies([{ path, text: dockerfile }], (p) => tree.has(p)).map(
    (c) => `${c.from} → ${c.to} @${c.source}`,
  );

describe("imageCopies: settings modules the image build puts in place", () => {
  it.each([
    [
      "RUN cp relative",
      "WORKDIR /srv\nCOPY . /srv\nRUN cp docker/prod.py app/settings/prod.py\n",
      ["docker/prod.py → app/settings/prod.py @docker/Dockerfile:3"],
    ],
    [
      "RUN cp into a directory",
      "RUN pip install x && cp docker/prod.py app/settings/\n",
      ["docker/prod.py → app/settings/prod.py @docker/Dockerfile:1"],
    ],
    [
      "COPY to an absolute path under WORKDIR",
      "WORKDIR /srv/app\nCOPY docker/prod.py /srv/app/app/settings/prod.py\n",
      ["docker/prod.py → app/settings/prod.py @docker/Dockerfile:2"],
    ],
    [
      "COPY --chown flag",
      "COPY --chown=app:app docker/prod.py app/settings/prod.py\n",
      ["docker/prod.py → app/settings/prod.py @docker/Dockerfile:1"],
    ],
    [
      "a RUN continued over lines, with a comment inside",
      "WORKDIR /srv\nRUN set -eux; \\\n    pip install x; \\\n    # settings for the image\n    cp docker/prod.py app/settings/prod.py; \\\n    true\n",
      ["docker/prod.py → app/settings/prod.py @docker/Dockerfile:2"],
    ],
    ["outside WORKDIR: not in the tree", "WORKDIR /srv\nCOPY docker/prod.py /etc/app/prod.py\n", []],
    ["onto an existing file: nothing new", "RUN cp docker/prod.py app/settings/base.py\n", []],
    ["not Python", "RUN cp docker/notes.txt app/settings/notes.txt\n", []],
    ["a source the tree lacks", "RUN cp docker/missing.py app/settings/prod.py\n", []],
    ["a variable or glob", "RUN cp $SRC app/settings/prod.py\nRUN cp docker/*.py app/settings/\n", []],
    ["going up", "RUN cp docker/prod.py ../elsewhere/prod.py\n", []],
  ])("%s", (_name, text, want) => {
    expect(copies(text)).toEqual(want);
  });

  it("reads only Dockerfiles, and at most 50 copies", () => {
    expect(copies("RUN cp docker/prod.py app/settings/prod.py\n", "scripts/build.sh")).toEqual([]);
    const many = Array.from({ length: 80 }, (_, i) => `RUN cp docker/prod.py app/settings/p${i}.py`).join(
      "\n",
    );
    expect(copies(many)).toHaveLength(50);
  });
});
