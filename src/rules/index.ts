import type { Rule } from "../core/rule.js";
import type { ScanModel } from "../django/model.js";
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
import { ww201 } from "./ww201-crdb-insecure-mode.js";
import { ww202 } from "./ww202-crdb-sql-without-tls.js";
import { ww203 } from "./ww203-crdb-helm-tls-disabled.js";
import { ww204 } from "./ww204-crdb-hba-plaintext.js";
import { ww205 } from "./ww205-crdb-console-plain-http.js";
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
  ww201,
  ww202,
  ww203,
  ww204,
  ww205,
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
