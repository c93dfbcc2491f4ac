import type { Rule } from "../core/rule.js";
import type { ProveModel } from "../mitm/model.js";
import { ww600 } from "./ww600-mitm-resisted.js";
import { ww601 } from "./ww601-mitm-tls-stripped.js";
import { ww602 } from "./ww602-mitm-forged-cert-accepted.js";
import { ww603 } from "./ww603-mitm-wrong-host-accepted.js";
import { ww604 } from "./ww604-mitm-auth-downgraded.js";
import { ww605 } from "./ww605-mitm-credentials-exposed.js";

/** Every rule `prove` runs, in catalog order. */
export const PROVE_RULES: readonly Rule<ProveModel>[] = [ww601, ww602, ww603, ww604, ww605, ww600];
