import type { Finding } from "./finding.js";
import type { Summary } from "./grade.js";

export interface Report {
  tool: { name: "wirewarden"; version: string };
  command: "scan" | "probe" | "prove" | "fix";
  target: string;
  findings: Finding[];
  summary: Summary;
}
