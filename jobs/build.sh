# Sourced by jobs/crh and jobs/submit.sh (not run on its own): builds target/ with Maven and says what it is
# doing. A first build downloads the dependencies (Spark, ND4J and their natives, ~460 MB) into ~/.m2: 5.5
# minutes on 2 cores here; later ones take about a minute and a half. Maven's full output goes to a log file; every CRH_BUILD_HEARTBEAT
# seconds (default 20) one line says how long it has been running and what Maven is at (downloading, and how
# many files so far; compiling; packaging). On failure Maven's error lines are shown and the log is kept.
crh_build() {
  local root="$1" log pid start status every="${CRH_BUILD_HEARTBEAT:-20}" next
  log="$(mktemp "${TMPDIR:-/tmp}/crh-build.XXXXXX")"
  if [[ -d "$HOME/.m2/repository/org/apache/spark/spark-core_2.12" ]]; then
    echo "crh: building crh-sweep (sources changed or no jar yet; about a minute and a half) ..." >&2
  else
    echo "crh: building crh-sweep: a first build downloads its dependencies (Spark, ND4J; about 460 MB) into" \
      "~/.m2 and takes a few minutes (5.5 on 2 cores here); a line every ${every} s shows where Maven is ..." >&2
  fi
  start=$SECONDS
  (cd "$root" && exec mvn -B -DskipTests package >"$log" 2>&1) &
  pid=$!
  # A script's background job ignores Ctrl-C: stop the build with the script.
  trap 'kill "$pid" 2>/dev/null' EXIT
  next=$((start + every))
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if ((SECONDS >= next)); then
      echo "crh: ... $(crh_build_clock $((SECONDS - start))) $(crh_build_step "$log")" >&2
      next=$((next + every))
    fi
  done
  trap - EXIT
  status=0
  wait "$pid" || status=$?
  if ((status != 0)); then
    sed "s/\x1b\[[0-9;]*m//g" "$log" | grep -E '^\[ERROR\]' | head -40 >&2 || true
    echo "crh: the build failed after $(crh_build_clock $((SECONDS - start))) (Maven exit $status); full log: $log" >&2
    return "$status"
  fi
  echo "crh: built in $(crh_build_clock $((SECONDS - start)))" >&2
  rm -f "$log"
}

# m:ss
crh_build_clock() {
  printf '%d:%02d' $(($1 / 60)) $(($1 % 60))
}

# What Maven is at, from the last step line of its log: downloading (with a count), or the plugin that runs.
crh_build_step() {
  local log="$1" last downloads
  last="$(grep -E '^\[INFO\] (--- |Download)' "$log" | tail -n 1 || true)"
  downloads="$(grep -c '^\[INFO\] Downloaded from' "$log" || true)"
  case "$last" in
    *Downloading*) echo "downloading dependencies ($downloads files so far; now ${last##*/})" ;;
    *Downloaded*) echo "downloading dependencies ($downloads files so far)" ;;
    *compiler*:testCompile*) echo "compiling the tests" ;;
    *"--- compiler:"* | *"--- maven-compiler-plugin:"*) echo "compiling" ;;
    *"--- shade:"* | *"--- maven-shade-plugin:"*) echo "packaging the spark-submit jar (shade)" ;;
    *"--- jar:"* | *"--- maven-jar-plugin:"*) echo "packaging the jar" ;;
    *"--- dependency:"* | *"--- maven-dependency-plugin:"*) echo "writing the class path" ;;
    *"--- surefire:"* | *"--- failsafe:"*) echo "(tests skipped)" ;;
    "") echo "starting Maven" ;;
    *) echo "$(sed -E 's/^\[INFO\] --- ([^ ]+).*/\1/' <<<"$last")" ;;
  esac
}
