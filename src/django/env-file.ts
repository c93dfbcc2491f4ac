/** Parses a .env file (deploy/env-file.ts: compose `env_file`s are read there too). */
export { parseEnvFile } from "../deploy/env-file.js";

export function isEnvFileName(name: string): boolean {
  return name === ".env" || name.startsWith(".env.") || name.endsWith(".env");
}
