import type { Rule } from "../core/rule.js";
import type { ScanModel } from "../django/model.js";
import type { ProveModel } from "../mitm/model.js";
import type { ProbeModel } from "../probe/model.js";

type Body<Model> = Omit<Rule<Model>, "model">;

/** A rule over the settings and deployment files `scan` reads. */
export const scanRule = (rule: Body<ScanModel>): Rule<ScanModel> => ({ ...rule, model: "scan" });

/** A rule over the live endpoints and origins `probe` checked. */
export const probeRule = (rule: Body<ProbeModel>): Rule<ProbeModel> => ({ ...rule, model: "probe" });

/** A rule over the attacks `prove` ran against the real client. */
export const proveRule = (rule: Body<ProveModel>): Rule<ProveModel> => ({ ...rule, model: "prove" });
