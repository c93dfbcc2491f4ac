import type { Rule } from "../core/rule.js";
import type { ScanModel } from "../django/model.js";
import type { ProveModel } from "../mitm/model.js";
import type { ProbeModel } from "../probe/model.js";
import { ww000Probe } from "./ww000-endpoint-not-probed.js";
import { ww000 } from "./ww000-not-analyzed.js";
import { ww101 } from "./ww101-db-tls-not-enforced.js";
import { ww102 } from "./ww102-db-tls-disabled.js";
import { ww103 } from "./ww103-db-cert-not-verified.js";
import { ww104 } from "./ww104-db-hostname-not-verified.js";
import { ww105 } from "./ww105-db-root-cert-implicit.js";
import { ww106 } from "./ww106-db-tls-inconsistent-aliases.js";
import { ww107 } from "./ww107-db-tls-env-default-weak.js";
import { ww108 } from "./ww108-db-url-weak-sslmode.js";
import { ww109 } from "./ww109-db-persistent-unverified.js";
import { ww110 } from "./ww110-db-password-in-source.js";
import { ww111 } from "./ww111-db-client-key-exposed.js";
import { ww112 } from "./ww112-db-env-sslmode-weak.js";
import { ww113 } from "./ww113-db-scram-without-channel-binding.js";
import { ww205Live } from "./ww205-crdb-console-plain-http.js";
import { ww301 } from "./ww301-debug-enabled.js";
import { ww302 } from "./ww302-ssl-redirect-off.js";
import { ww303 } from "./ww303-hsts-missing.js";
import { ww304 } from "./ww304-session-cookie-insecure.js";
import { ww305 } from "./ww305-csrf-cookie-insecure.js";
import { ww306 } from "./ww306-proxy-ssl-header-misconfigured.js";
import { ww307 } from "./ww307-allowed-hosts-wildcard.js";
import { ww308 } from "./ww308-sql-logged.js";
import { ww309 } from "./ww309-session-cookie-httponly-off.js";
import { ww310 } from "./ww310-csrf-trusted-origin-http.js";
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
import { ww600 } from "./ww600-mitm-resisted.js";
import { ww601 } from "./ww601-mitm-tls-stripped.js";
import { ww602 } from "./ww602-mitm-forged-cert-accepted.js";
import { ww603 } from "./ww603-mitm-wrong-host-accepted.js";
import { ww604 } from "./ww604-mitm-auth-downgraded.js";
import { ww605 } from "./ww605-mitm-credentials-exposed.js";

/** Every rule `scan` runs, in catalog order. */
export const SCAN_RULES: readonly Rule<ScanModel>[] = [
  ww000,
  ww101,
  ww102,
  ww103,
  ww104,
  ww105,
  ww106,
  ww107,
  ww108,
  ww109,
  ww110,
  ww111,
  ww112,
  ww113,
  ww301,
  ww302,
  ww303,
  ww304,
  ww305,
  ww306,
  ww307,
  ww308,
  ww309,
  ww310,
];

/** Every rule `probe` runs on database endpoints, in catalog order. */
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

/** Every rule `prove` runs, in catalog order. */
export const PROVE_RULES: readonly Rule<ProveModel>[] = [ww601, ww602, ww603, ww604, ww605, ww600];
