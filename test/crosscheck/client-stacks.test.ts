/** The client stacks are what the cross-checks claim: their Django, their driver and the libpq major it loads. */
import { expect, it } from "vitest";
import { STACKS, stackVersions } from "../helpers/stacks.js";

it.each(STACKS.map((s) => [s.name, s] as const))(
  "%s reports the Django, driver and libpq it stands for",
  (_n, s) => {
    const v = stackVersions(s);
    expect(v.django.startsWith(s.django)).toBe(true);
    expect(v.driver).toBe(s.driver);
    expect(Math.floor(v.libpq / 10_000)).toBe(s.libpq);
  },
);
