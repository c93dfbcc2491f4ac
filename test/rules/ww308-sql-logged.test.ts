import { describe, expect, it } from "vitest";
import { ww308 } from "../../src/rules/ww308-sql-logged.js";
import { devSettingsProject, findingsOf, loggingSettings, settingsProject } from "../helpers/scan.js";

const logging = (loggers: string, extra = "") => settingsProject(loggingSettings(loggers, extra));

describe("WW308 sql-logged", () => {
  it("fires when django.db.backends is at DEBUG with a handler", async () => {
    const [f] = await findingsOf(
      ww308,
      logging(`"django.db.backends": {"level": "DEBUG", "handlers": ["console"]}`),
    );
    expect(f).toMatchObject({ ruleId: "WW308", severity: "medium", cwe: "CWE-532" });
    expect(f?.message).toContain("django.db.backends");
    expect(f?.location?.line).toBe(5);
  });

  it("fires for django.db at DEBUG, and for a DEBUG root reached by propagation", async () => {
    expect(
      await findingsOf(ww308, logging(`"django.db": {"level": "DEBUG", "handlers": ["console"]}`)),
    ).toHaveLength(1);
    const [root] = await findingsOf(
      ww308,
      logging("", `"root": {"level": "DEBUG", "handlers": ["console"]},`),
    );
    expect(root?.message).toContain("root logger");
  });

  it("does not fire when a nearer logger filters, the handler filters, or nothing propagates", async () => {
    expect(
      await findingsOf(
        ww308,
        logging(
          `"django.db.backends": {"level": "INFO"}`,
          `"root": {"level": "DEBUG", "handlers": ["console"]},`,
        ),
      ),
    ).toEqual([]);
    expect(
      await findingsOf(ww308, logging(`"django.db.backends": {"level": "DEBUG", "handlers": ["quiet"]}`)),
    ).toEqual([]);
    expect(
      await findingsOf(
        ww308,
        logging(
          `"django.db.backends": {"level": "DEBUG", "handlers": [], "propagate": False}`,
          `"root": {"level": "DEBUG", "handlers": ["console"]},`,
        ),
      ),
    ).toEqual([]);
    expect(await findingsOf(ww308, logging(`"django": {"level": "INFO", "handlers": ["console"]}`))).toEqual(
      [],
    );
  });

  it("is information only in a development module", async () => {
    const [f] = await findingsOf(
      ww308,
      devSettingsProject(
        `X = 1\nLOGGING = {"version": 1, "handlers": {"c": {"class": "logging.StreamHandler"}}, "loggers": {"django.db.backends": {"level": "DEBUG", "handlers": ["c"]}}}\n`,
      ),
    );
    expect(f?.severity).toBe("info");
  });
});
