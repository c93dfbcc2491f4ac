/**
 * A real Django app (Debian's python3-django, `manage.py runserver`) behind a real nginx with TLS, on loopback
 * ports, for the HTTP probe's tests, the demo and the benchmark. Each setting that a rule reads is an option.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./pg-cluster.js";

const PYTHON = "/usr/bin/python3";
const NGINX = "/usr/sbin/nginx";
const READY_MS = 20_000;

export interface DjangoSiteOptions {
  debug?: boolean;
  sslRedirect?: boolean;
  /** SECURE_SSL_HOST: where the redirect points (host:port of the HTTPS side). */
  sslHost?: string;
  hstsSeconds?: number;
  hstsIncludeSubdomains?: boolean;
  sessionCookieSecure?: boolean;
  csrfCookieSecure?: boolean;
  sessionCookieHttponly?: boolean;
  /** SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https"). */
  proxySslHeader?: boolean;
}

export interface Served {
  url: string;
  stop(): Promise<void>;
  log(): string;
}

const live = new Set<{ child: ChildProcess; dir: string }>();
let hooked = false;
function track(e: { child: ChildProcess; dir: string }): void {
  live.add(e);
  if (hooked) return;
  hooked = true;
  const cleanUp = () => {
    for (const x of live) {
      x.child.kill("SIGKILL");
      rmSync(x.dir, { recursive: true, force: true });
    }
    live.clear();
  };
  process.once("exit", cleanUp);
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.once(signal, () => {
      cleanUp();
      process.exit(128 + (signal === "SIGTERM" ? 15 : 2));
    });
}

const py = (v: unknown) => (typeof v === "boolean" ? (v ? "True" : "False") : JSON.stringify(v));

function settingsPy(o: DjangoSiteOptions): string {
  return `SECRET_KEY = "wirewarden-lab-not-a-secret"
DEBUG = ${py(o.debug ?? false)}
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "site_urls"
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
                  "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware",
              "django.contrib.sessions.middleware.SessionMiddleware",
              "django.middleware.csrf.CsrfViewMiddleware",
              "django.contrib.auth.middleware.AuthenticationMiddleware",
              "django.contrib.messages.middleware.MessageMiddleware"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                 "django.contrib.auth.context_processors.auth",
                                                 "django.contrib.messages.context_processors.messages"]}}]
# No database: sessions live in signed cookies, and nothing here logs in.
DATABASES = {}
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
STATIC_URL = "/static/"
SECURE_SSL_REDIRECT = ${py(o.sslRedirect ?? false)}
${o.sslHost ? `SECURE_SSL_HOST = ${py(o.sslHost)}` : ""}
SECURE_HSTS_SECONDS = ${o.hstsSeconds ?? 0}
SECURE_HSTS_INCLUDE_SUBDOMAINS = ${py(o.hstsIncludeSubdomains ?? false)}
SESSION_COOKIE_SECURE = ${py(o.sessionCookieSecure ?? false)}
CSRF_COOKIE_SECURE = ${py(o.csrfCookieSecure ?? false)}
SESSION_COOKIE_HTTPONLY = ${py(o.sessionCookieHttponly ?? true)}
${o.proxySslHeader ? 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")' : ""}
`;
}

const URLS_PY = `from django.contrib import admin
from django.http import HttpResponse
from django.urls import path


def home(request):
    request.session["seen"] = True  # sets the session cookie
    return HttpResponse("<h1>shop</h1>")


def boom(request):
    raise RuntimeError("lab error page")


urlpatterns = [path("", home), path("boom/", boom), path("admin/", admin.site.urls)]
`;

function waitForHttp(url: string, child: ChildProcess, out: () => string): Promise<void> {
  const deadline = Date.now() + READY_MS;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null)
        return reject(new Error(`exited (${child.exitCode}):\n${out().slice(-2000)}`));
      if (Date.now() > deadline)
        return reject(new Error(`not answering ${url} after ${READY_MS} ms:\n${out().slice(-2000)}`));
      const req = request(url, { agent: false, timeout: 1000 }, (res) => {
        res.resume();
        resolve();
      });
      req.on("error", () => setTimeout(attempt, 50));
      req.end();
    };
    attempt();
  });
}

async function stopChild(child: ChildProcess, dir: string, entry: { child: ChildProcess; dir: string }) {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
    child.kill("SIGKILL");
  }
  live.delete(entry);
  rmSync(dir, { recursive: true, force: true });
}

/** A Django project with these settings, served by runserver on a free loopback port. */
export async function startDjangoSite(o: DjangoSiteOptions = {}): Promise<Served> {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} not found: apt-get install -y python3-django`);
  const dir = mkdtempSync(join(tmpdir(), "wirewarden-django-site-"));
  writeFileSync(join(dir, "site_settings.py"), settingsPy(o));
  writeFileSync(join(dir, "site_urls.py"), URLS_PY);
  const port = await freePort("127.0.0.1");
  let output = "";
  const child = spawn(
    PYTHON,
    ["-B", "-m", "django", "runserver", `127.0.0.1:${port}`, "--noreload", "--nothreading"],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        PYTHONPATH: dir,
        DJANGO_SETTINGS_MODULE: "site_settings",
        PYTHONDONTWRITEBYTECODE: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const entry = { child, dir };
  track(entry);
  const keep = (b: Buffer) => {
    output = (output + b.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/`, child, () => output);
  } catch (e) {
    await stopChild(child, dir, entry);
    const hint = /No module named .?django/.test(output) ? " (apt-get install -y python3-django)" : "";
    throw new Error(`Django site did not start${hint}: ${(e as Error).message}`);
  }
  return { url, stop: () => stopChild(child, dir, entry), log: () => output };
}

export interface NginxOptions {
  upstream: string;
  certPem: string;
  keyPem: string;
  /** scheme: overwrite X-Forwarded-Proto with $scheme; pass-client: forward the client's own header. */
  forwardedProto: "scheme" | "pass-client";
  httpPort?: number;
  httpsPort?: number;
}

export interface NginxLab {
  httpUrl: string;
  httpsUrl: string;
  httpPort: number;
  httpsPort: number;
  stop(): Promise<void>;
  log(): string;
}

/** A private nginx (own prefix, pid and logs) on two loopback ports, plain HTTP and TLS, proxying to `upstream`. */
export async function startNginx(o: NginxOptions): Promise<NginxLab> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} not found: apt-get install -y nginx`);
  const dir = mkdtempSync(join(tmpdir(), "wirewarden-nginx-"));
  mkdirSync(join(dir, "tmp"));
  writeFileSync(join(dir, "cert.pem"), o.certPem);
  writeFileSync(join(dir, "key.pem"), o.keyPem, { mode: 0o600 });
  const httpPort = o.httpPort ?? (await freePort("127.0.0.1"));
  const httpsPort = o.httpsPort ?? (await freePort("127.0.0.1"));
  const proto =
    o.forwardedProto === "scheme"
      ? "proxy_set_header X-Forwarded-Proto $scheme;"
      : "proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;";
  const location = `location / { proxy_pass ${o.upstream}; proxy_set_header Host $http_host; ${proto} }`;
  const conf = `${process.getuid?.() === 0 ? "user root;" : ""}
worker_processes 1;
error_log ${dir}/error.log;
pid ${dir}/nginx.pid;
events { worker_connections 128; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body; proxy_temp_path ${dir}/tmp/proxy; fastcgi_temp_path ${dir}/tmp/fcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi; scgi_temp_path ${dir}/tmp/scgi;
  server { listen 127.0.0.1:${httpPort}; ${location} }
  server { listen 127.0.0.1:${httpsPort} ssl; ssl_certificate ${dir}/cert.pem; ssl_certificate_key ${dir}/key.pem; ${location} }
}
`;
  writeFileSync(join(dir, "nginx.conf"), conf);
  let output = "";
  const child = spawn(
    NGINX,
    ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log"), "-g", "daemon off;"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const entry = { child, dir };
  track(entry);
  child.stderr?.on("data", (b: Buffer) => {
    output = (output + b.toString("utf8")).slice(-20_000);
  });
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  try {
    await waitForHttp(`${httpUrl}/`, child, () => output);
  } catch (e) {
    await stopChild(child, dir, entry);
    throw new Error(`nginx did not start: ${(e as Error).message}`);
  }
  return {
    httpUrl,
    httpsUrl: `https://127.0.0.1:${httpsPort}`,
    httpPort,
    httpsPort,
    stop: () => stopChild(child, dir, entry),
    log: () => output,
  };
}
