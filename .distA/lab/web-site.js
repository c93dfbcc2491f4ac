/**
 * A real Django app (Debian's python3-django, `manage.py runserver`) behind a real nginx with TLS, on loopback
 * ports, for the HTTP probe's tests, the demo and the benchmark. Each setting that a rule reads is an option.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopEntry, track } from "./children.js";
import { freePort, freePorts } from "./pg-cluster.js";
const PYTHON = "/usr/bin/python3";
const NGINX = "/usr/sbin/nginx";
const READY_MS = 20_000;
const py = (v) => (typeof v === "boolean" ? (v ? "True" : "False") : JSON.stringify(v));
function settingsPy(o) {
    return `SECRET_KEY = "wirewarden-lab-not-a-secret"
DEBUG = ${py(o.debug ?? false)}
ALLOWED_HOSTS = ${JSON.stringify(o.allowedHosts ?? ["127.0.0.1", "localhost"])}
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
/**
 * runserver, with a listen backlog of 256 instead of Django's 10: a probe of many origins opens a hundred
 * connections at once, and a dropped SYN waits a second or more before its retry.
 */
const RUNSERVER = [
    "import sys",
    "import django.core.servers.basehttp as basehttp",
    "basehttp.WSGIServer.request_queue_size = 256",
    "from django.core.management import execute_from_command_line",
    "execute_from_command_line(['manage.py', 'runserver', sys.argv[1], '--noreload'])",
].join("\n");
function waitForHttp(url, child, out) {
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
/** runserver and nginx get 5 s after SIGTERM (nginx's master then ends its workers, which SIGKILL would orphan). */
const STOP_GRACE_MS = 5000;
/** A Django project with these settings, served by runserver on a free loopback port. */
export async function startDjangoSite(o = {}) {
    if (!existsSync(PYTHON))
        throw new Error(`${PYTHON} not found: apt-get install -y python3-django`);
    const dir = mkdtempSync(join(tmpdir(), "wirewarden-django-site-"));
    writeFileSync(join(dir, "site_settings.py"), settingsPy(o));
    writeFileSync(join(dir, "site_urls.py"), URLS_PY);
    const port = await freePort("127.0.0.1");
    const logFile = join(dir, "server.log");
    const output = () => tail(logFile);
    const child = spawn(PYTHON, ["-B", "-c", RUNSERVER, `127.0.0.1:${port}`], {
        cwd: dir,
        env: {
            PATH: process.env.PATH ?? "",
            PYTHONPATH: dir,
            DJANGO_SETTINGS_MODULE: "site_settings",
            PYTHONDONTWRITEBYTECODE: "1",
        },
        // A file, not a pipe: a parent blocked in spawnSync (the benchmark) cannot drain a pipe, and runserver,
        // which logs every request, would stop answering once the pipe is full.
        stdio: ["ignore", openSync(logFile, "a"), openSync(logFile, "a")],
    });
    const entry = { child, dir, stopSignal: "SIGTERM" };
    track(entry);
    const url = `http://127.0.0.1:${port}`;
    try {
        await waitForHttp(`${url}/`, child, output);
    }
    catch (e) {
        await stopEntry(entry, STOP_GRACE_MS);
        const hint = /No module named .?django/.test(output()) ? " (apt-get install -y python3-django)" : "";
        throw new Error(`Django site did not start${hint}: ${e.message}`);
    }
    return { url, stop: () => stopEntry(entry, STOP_GRACE_MS), log: output };
}
/** A private nginx (own prefix, pid and logs) on two loopback ports, plain HTTP and TLS, proxying to `upstream`. */
export async function startNginx(o) {
    if (!existsSync(NGINX))
        throw new Error(`${NGINX} not found: apt-get install -y nginx`);
    const dir = mkdtempSync(join(tmpdir(), "wirewarden-nginx-"));
    mkdirSync(join(dir, "tmp"));
    writeFileSync(join(dir, "cert.pem"), o.certPem);
    writeFileSync(join(dir, "key.pem"), o.keyPem, { mode: 0o600 });
    const [freeHttp, freeHttps] = await freePorts("127.0.0.1", 2);
    const httpPort = o.httpPort ?? freeHttp;
    const httpsPort = o.httpsPort ?? freeHttps;
    const proto = o.forwardedProto === "scheme"
        ? "proxy_set_header X-Forwarded-Proto $scheme;"
        : "proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;";
    const addresses = o.addresses ?? ["127.0.0.1"];
    if (addresses.some((a) => !a.startsWith("127.")))
        throw new Error("the lab's nginx listens on loopback addresses only");
    const upstreams = Array.isArray(o.upstream) ? o.upstream : [o.upstream];
    const servers = upstreams.map((u) => `server ${new URL(u).host};`).join(" ");
    const location = `location / { proxy_pass http://django; proxy_set_header Host $http_host; ${proto} }`;
    const conf = `${process.getuid?.() === 0 ? "user root;" : ""}
worker_processes 1;
error_log ${dir}/error.log;
pid ${dir}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body; proxy_temp_path ${dir}/tmp/proxy; fastcgi_temp_path ${dir}/tmp/fcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi; scgi_temp_path ${dir}/tmp/scgi;
  upstream django { ${servers} }
  server { ${addresses.map((a) => `listen ${a}:${httpPort};`).join(" ")} ${location} }
  server { ${addresses.map((a) => `listen ${a}:${httpsPort} ssl;`).join(" ")} ssl_certificate ${dir}/cert.pem; ssl_certificate_key ${dir}/key.pem; ${location} }
}
`;
    writeFileSync(join(dir, "nginx.conf"), conf);
    const output = () => tail(join(dir, "error.log"));
    const child = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log"), "-g", "daemon off;"], {
        stdio: "ignore",
    });
    const entry = { child, dir, stopSignal: "SIGTERM" };
    track(entry);
    const httpUrl = `http://${addresses[0]}:${httpPort}`;
    try {
        await waitForHttp(`${httpUrl}/`, child, output);
    }
    catch (e) {
        await stopEntry(entry, STOP_GRACE_MS);
        throw new Error(`nginx did not start: ${e.message}`);
    }
    return {
        httpUrl,
        httpsUrl: `https://${addresses[0]}:${httpsPort}`,
        httpPort,
        httpsPort,
        stop: () => stopEntry(entry, STOP_GRACE_MS),
        log: output,
    };
}
/** The last 20 000 characters of a log file ("" when it is not there yet). */
function tail(file) {
    try {
        return readFileSync(file, "utf8").slice(-20_000);
    }
    catch {
        return "";
    }
}
//# sourceMappingURL=web-site.js.map