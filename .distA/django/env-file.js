/** Parses a .env file (deploy/env-file.ts: compose `env_file`s are read there too). */
export { parseEnvFile } from "../deploy/env-file.js";
export function isEnvFileName(name) {
    return name === ".env" || name.startsWith(".env.") || name.endsWith(".env");
}
//# sourceMappingURL=env-file.js.map