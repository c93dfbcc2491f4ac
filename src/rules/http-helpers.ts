import type { SeenResponse } from "../probe/http/model.js";

export function describeResponse(r: SeenResponse): string {
  return `${r.url} → ${r.status}${r.location ? ` Location: ${r.location}` : ""}`;
}
