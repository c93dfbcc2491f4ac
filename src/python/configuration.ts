/** django-configurations: one scenario per `Configuration` subclass of a settings module (see interpreter.ts). */
import { joinNamespaces } from "./join.js";
import { BudgetExceeded, type CallArgs, type Machine, type Scenario } from "./machine.js";
import { classLineage, functionMeta, isProjectFunction } from "./machine-helpers.js";
import { cloneValue, type Origin, type PyValue, str, type ValueOf } from "./value.js";

/**
 * One scenario per django-configurations `Configuration` subclass (or only the one `DJANGO_CONFIGURATION` names):
 * the module's names with the class's upper-case attributes over them, as the configurations importer does.
 * Values (`values.DatabaseURLValue(…)`) are set up from the environment, `setup()`/`post_setup()` defined in the
 * project run, then properties are read with `self` bound to the class.
 */
export function configurationScenarios(
  m: Machine,
  scenarios: Scenario[],
  chosen: string | undefined,
): Scenario[] {
  const out: Scenario[] = [];
  for (const sc of scenarios) {
    const classes = [...sc.ns].filter(([k, v]) => !k.startsWith("_") && isConfigurationClass(v));
    const selected = chosen ? classes.filter(([k]) => k === chosen) : classes;
    if (chosen && classes.length > 0 && selected.length === 0) {
      const at = classes[0]?.[1].origin ?? { file: m.file, line: 1, column: 1 };
      m.diagnose(
        at,
        `DJANGO_CONFIGURATION=${chosen} names no Configuration class of this module (django-configurations raises ImproperlyConfigured)`,
      );
    }
    if (selected.length === 0) {
      out.push(sc);
      continue;
    }
    // Each class a view, up to the bound on scenarios; classes past it share one view of what they agree on.
    const room = Math.max(1, m.opts.maxScenarios - 1);
    const own = selected.length > m.opts.maxScenarios ? selected.slice(0, room) : selected;
    for (const [key, cls] of own) out.push(configurationView(m, sc, key, cls as ValueOf<"object">));
    const rest = selected.slice(own.length);
    if (rest.length === 0) continue;
    const names = rest.map(([k]) => k);
    const origin = rest[0]?.[1].origin ?? { file: m.file, line: 1, column: 1 };
    m.diagnose(
      origin,
      `more than ${m.opts.maxScenarios} Configuration classes: ${names.length} of them (${names.slice(0, 5).join(", ")}…) are joined into one view, and settings that differ between them are unknown`,
    );
    const views = rest.map(([key, cls]) => configurationView(m, sc, key, cls as ValueOf<"object">));
    const why = `between the Configuration classes ${names.slice(0, 5).join(", ")}… (more than ${m.opts.maxScenarios})`;
    out.push({
      // The view of the module as it ends: nothing runs after this join.
      ns: joinNamespaces(
        views.map((v) => v.ns),
        { why, origin },
        new Map(),
        { final: true },
      ),
      conditions: [...sc.conditions, `DJANGO_CONFIGURATION is one of ${names.length} classes (${names[0]}…)`],
    });
  }
  return out;
}

function configurationView(m: Machine, sc: Scenario, key: string, cls: ValueOf<"object">): Scenario {
  const seen = new Map<PyValue, PyValue>();
  const ns = new Map<string, PyValue>();
  for (const [k, v] of sc.ns) ns.set(k, cloneValue(v, seen));
  const view: Scenario = { ns, conditions: [...sc.conditions, `DJANGO_CONFIGURATION=${key}`] };
  try {
    for (const [k, v] of configurationSettings(m, cls, key, view, seen)) ns.set(k, v);
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    m.diagnose(cls.origin ?? { file: m.file, line: 1, column: 1 }, e.message);
  }
  return view;
}

function configurationSettings(
  m: Machine,
  cls: ValueOf<"object">,
  key: string,
  view: Scenario,
  seen: Map<PyValue, PyValue>,
): Map<string, PyValue> {
  const attrs = new Map<string, PyValue>();
  for (const c of classLineage(cls).reverse())
    for (const [k, v] of c.attrs ?? []) attrs.set(k, cloneValue(v, seen));
  const origin = cls.origin ?? { file: m.file, line: 1, column: 1 };
  const resolved: ValueOf<"object"> = {
    kind: "object",
    ref: `class:${key}`,
    attrs,
    origin,
    meta: { class: { bases: [] } },
  };
  for (const [k, v] of attrs) {
    if (v.kind !== "object" || !v.ref.startsWith("value:")) continue;
    for (const lib of m.opts.libraries) {
      const r = lib.call(
        { kind: "object", ref: "op:setup_value", self: v },
        { positional: [str(k, { origin })], keyword: new Map(), origin: v.origin ?? origin },
        m,
      );
      if (r) {
        attrs.set(k, r);
        break;
      }
    }
  }
  const noArgs = (at: Origin): CallArgs => ({ positional: [], keyword: new Map(), origin: at });
  for (const hook of ["setup", "post_setup"]) {
    const fn = attrs.get(hook);
    if (!isProjectFunction(fn)) continue;
    const def = functionMeta(fn)?.def;
    if (def) m.callProject({ ...fn, self: resolved }, noArgs(fn.origin ?? origin), view);
  }
  const settings = new Map<string, PyValue>();
  for (const [k, v] of attrs) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(k)) continue;
    const def = isProjectFunction(v) ? functionMeta(v)?.def : undefined;
    if (isProjectFunction(v) && def && functionMeta(v)?.decorators.includes("property"))
      settings.set(k, m.callProject({ ...v, self: resolved }, noArgs(v.origin ?? origin), view));
    else settings.set(k, v);
  }
  return settings;
}

function isConfigurationClass(v: PyValue): boolean {
  return (
    v.kind === "object" &&
    v.ref.startsWith("class:") &&
    v.meta?.class !== undefined &&
    classLineage(v).some((c) => c.ref === "class:configurations.Configuration")
  );
}
