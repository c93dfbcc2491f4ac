import { describe, expect, it } from "vitest";
import { indexModules, sysPathRoots } from "../../src/django/project.js";
import { sourceFiles } from "../helpers/model.js";

describe("module index", () => {
  const files = sourceFiles({
    "manage.py": 'import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), "apps"))\n',
    "apps/__init__.py": "",
    "apps/users/__init__.py": "",
    "apps/users/models.py": "X = 1\n",
    "conf/__init__.py": "",
    "conf/settings.py": "DEBUG = False\n",
    "conf/settings.prod.py": "DEBUG = False\n",
    "conf/local_settings.py.example": "DEBUG = True\n",
    "deploy/settings.py.j2": "DEBUG = {{ debug }}\n",
  });
  const index = indexModules(files);

  it("reads sys.path entries off manage.py without running it", () => {
    expect([...sysPathRoots(files)]).toEqual([["apps", ""]]);
    const multiLine = sourceFiles({
      "site/manage.py":
        'import sys\nsys.path.insert(\n    0,\n    os.path.join(\n        BASE_DIR, "lib", "vendor"\n    ),\n)\n',
      "site/wsgi.py":
        'sys.path.append(str(Path(__file__).parent / "plugins/"))\nsys.path.append(os.path.join(BASE_DIR, "nowhere"))\n',
      "site/lib/vendor/x.py": "",
      "site/plugins/y.py": "",
    });
    expect([...sysPathRoots(multiLine)].sort()).toEqual([
      ["site/lib/vendor", "site"],
      ["site/plugins", "site"],
    ]);
  });

  it("a module under a sys.path entry that is also a package answers to both names", () => {
    const short = index.find("users.models");
    expect(short?.file.path).toBe("apps/users/models.py");
    expect(index.find("apps.users.models")).toBe(short);
    expect(index.isProjectPackage("users.missing", "")).toBe(true);
    // One module per file: the index lists it once.
    expect(index.modules.filter((m) => m.file.path === "apps/users/models.py")).toHaveLength(1);
  });

  it("dotted stems and templates keep a literal name, reachable only by --settings", () => {
    expect(index.find("conf.settings.prod")).toBeUndefined();
    expect(index.named("conf.settings.prod")?.file.path).toBe("conf/settings.prod.py");
    expect(index.named("conf/settings.prod.py")?.file.path).toBe("conf/settings.prod.py");
    expect(index.find("conf.settings")?.file.path).toBe("conf/settings.py");
    const tpl = index.modules.find((m) => m.file.path === "conf/local_settings.py.example");
    expect(tpl).toMatchObject({ importable: false, template: true, packageName: "conf" });
    expect(index.modules.find((m) => m.file.path === "deploy/settings.py.j2")).toMatchObject({
      template: true,
    });
    expect(index.paths).toContain("conf/local_settings.py.example");
  });
});
