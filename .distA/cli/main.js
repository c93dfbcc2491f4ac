#!/usr/bin/env node
// Written by scripts/bundle.mjs (npm run build): wirewarden is the one-file build beside this file.
import { fileURLToPath } from "node:url";
import { runOneFile } from "./one-file.js";
runOneFile(fileURLToPath(new URL("./wirewarden.cjs", import.meta.url)));
