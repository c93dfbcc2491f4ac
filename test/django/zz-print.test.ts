import { it } from "vitest";
import { loadProject } from "../../src/engine/scan.js";

it("print", async () => {
  for (const d of (process.env.WW_DIRS ?? "").split(",")) {
    const { built } = await loadProject(d, { env: new Map() });
    console.log(`== ${d} production=${JSON.stringify(built.production)}`);
    for (const v of built.model.views)
      console.log(
        `  ${v.module} [${v.condition}] dev=${v.development} prod=${v.production} tpl=${v.template} mc=${v.databasesMayChange?.reason?.slice(0, 60)} db=${v.settings.get("DATABASES")?.kind}`,
        JSON.stringify(
          v.databases.map((a) => [a.alias, a.hostLabel, a.network, a.sslmode.value, a.sslmode.source]),
        ),
      );
  }
});
