#!/bin/sh
# wirewarden's container entrypoint. With arguments it is the CLI (`docker run wirewarden scan /src`). With
# WIREWARDEN_JOB=probe it is one pod of the Kubernetes Indexed Job of deploy/helm/wirewarden: it probes its shard
# of the targets file, writes the JSON Lines report and the OpenMetrics for it under WIREWARDEN_OUT, and, when
# WIREWARDEN_PUSHGATEWAY is set, pushes the metrics there (one group per shard, so shards never overwrite each
# other). The exit code is wirewarden's: 0, 1 findings at or above WIREWARDEN_FAIL_ON, 2 usage or nothing reached.
set -eu
cli="${WIREWARDEN_CLI:-/app/bin/wirewarden}"

if [ "${WIREWARDEN_JOB:-}" != "probe" ]; then
  exec "$cli" "$@"
fi

targets="${WIREWARDEN_TARGETS:-/etc/wirewarden/targets.txt}"
out="${WIREWARDEN_OUT:-/out}"
index="${JOB_COMPLETION_INDEX:-${WIREWARDEN_SHARD_INDEX:-0}}"
case "$index" in *[!0-9]* | '') echo "wirewarden-entrypoint: shard index '$index' is not a number" >&2; exit 2 ;; esac
mkdir -p "$out"
report="$out/shard-$index.jsonl"
metrics="$out/shard-$index.prom"

# One probe, two formats: the metrics are made from the JSON Lines report by `merge`, not by probing twice.
set +e
"$cli" probe --targets "$targets" --shard auto \
  --per-host "${WIREWARDEN_PER_HOST:-6}" --rate "${WIREWARDEN_RATE:-50}" \
  --timeout "${WIREWARDEN_TIMEOUT:-5000}" --fail-on "${WIREWARDEN_FAIL_ON:-high}" \
  ${WIREWARDEN_CA:+--ca "$WIREWARDEN_CA"} \
  --format jsonl --output "$report" --quiet
code=$?
set -e
if [ "$code" -gt 1 ]; then exit "$code"; fi
"$cli" merge "$report" --allow-missing --format openmetrics --output "$metrics" --fail-on none --quiet

if [ -n "${WIREWARDEN_PUSHGATEWAY:-}" ]; then
  # Pushgateway API: PUT replaces this shard's group only. Node's fetch, so the image needs no curl.
  WW_URL="${WIREWARDEN_PUSHGATEWAY%/}/metrics/job/wirewarden/shard/$index" WW_FILE="$metrics" node -e '
    const body = require("fs").readFileSync(process.env.WW_FILE, "utf8").replace(/^# EOF\n?$/m, "");
    fetch(process.env.WW_URL, { method: "PUT", body, headers: { "content-type": "text/plain; version=0.0.4" },
      signal: AbortSignal.timeout(10000) })
      .then((r) => { if (!r.ok) { console.error(`wirewarden-entrypoint: the Pushgateway answered ${r.status}`); process.exit(2); } })
      .catch((e) => { console.error(`wirewarden-entrypoint: cannot push the metrics: ${e.message}`); process.exit(2); });'
fi
exit "$code"
