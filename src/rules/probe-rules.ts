import type { Rule } from "../core/rule.js";
import type { ProbeModel } from "../probe/model.js";
import { ww000Probe } from "./ww000-endpoint-not-probed.js";
import { ww205Live } from "./ww205-crdb-console-plain-http.js";
import { ww401 } from "./ww401-endpoint-accepts-plaintext.js";
import { ww402 } from "./ww402-endpoint-no-tls.js";
import { ww403 } from "./ww403-endpoint-cert-untrusted.js";
import { ww404 } from "./ww404-endpoint-cert-hostname-mismatch.js";
import { ww405 } from "./ww405-endpoint-cert-validity.js";
import { ww406 } from "./ww406-endpoint-legacy-tls.js";
import { ww407 } from "./ww407-endpoint-weak-cipher.js";
import { ww408 } from "./ww408-endpoint-cleartext-password.js";
import { ww409 } from "./ww409-endpoint-weak-key.js";
import { ww410 } from "./ww410-endpoint-bytes-before-handshake.js";
import { ww501 } from "./ww501-http-not-redirected.js";
import { ww502 } from "./ww502-hsts-header-weak.js";
import { ww503 } from "./ww503-cookie-flags.js";
import { ww504 } from "./ww504-django-debug-page.js";
import { ww505 } from "./ww505-forwarded-proto-trusted.js";
import { ww506 } from "./ww506-https-cert.js";
import { ww507 } from "./ww507-admin-over-http.js";

/** Every rule `probe` runs (database endpoints, HTTP origins, DB Consoles), in catalog order. */
export const PROBE_RULES: readonly Rule<ProbeModel>[] = [
  ww000Probe,
  ww401,
  ww402,
  ww403,
  ww404,
  ww405,
  ww406,
  ww407,
  ww408,
  ww409,
  ww410,
  ww205Live,
  ww501,
  ww502,
  ww503,
  ww504,
  ww505,
  ww506,
  ww507,
];
