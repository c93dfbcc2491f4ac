export { compareFindings, sortFindings } from "../core/order.js";
/** Where a finding is, for people: `file:line:col`, else the endpoint, else "". */
export function where(f) {
    if (f.location)
        return `${f.location.file}:${f.location.line}:${f.location.column}`;
    return f.endpoint ?? "";
}
//# sourceMappingURL=order.js.map