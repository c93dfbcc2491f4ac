/** A rule over the settings and deployment files `scan` reads. */
export const scanRule = (rule) => ({ ...rule, model: "scan" });
/** A rule over the live endpoints and origins `probe` checked. */
export const probeRule = (rule) => ({ ...rule, model: "probe" });
/** A rule over the attacks `prove` ran against the real client. */
export const proveRule = (rule) => ({ ...rule, model: "prove" });
//# sourceMappingURL=kinds.js.map