#!/usr/bin/env bash
# Smoke test of the FROZEN app (never the source tree): installer/smoke-frozen.sh DIR
#   DIR  the one-folder app (dist/cityeval-desktop), the root a .deb was unpacked into (dpkg -x: the app is
#        DIR/opt/cityeval-desktop), or / after dpkg -i.
# With the frozen binaries only: the workbench's --smoke (offscreen), `cityeval --version`, `forms validate`
# on the bundled frameworks, then a self-check case created, answered, finalized (signed), its report written
# and checked with pdfsig/pdftotext, the case exported as a package and opened by the workbench (what a
# double-click on a .cityeval file does). Every command's stderr is checked against ALLOWED below: any
# other line fails the run. Everything is written to a temporary folder (HOME and XDG_* too).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=${1:?usage: installer/smoke-frozen.sh DIR (the app folder, or a root with opt/cityeval-desktop)}
ROOT=$(cd "$ROOT" && pwd)
if [ -x "$ROOT/opt/cityeval-desktop/cityeval" ]; then APP=$ROOT/opt/cityeval-desktop; else APP=$ROOT; fi
for exe in cityeval cityeval-desktop; do
    [ -x "$APP/$exe" ] || { echo "smoke: FAIL: no executable $APP/$exe" >&2; exit 1; }
done
# a .deb's commands on PATH: /usr/bin/cityeval and cityeval-desktop, links into /opt/cityeval-desktop
if [ "$APP" = "$ROOT/opt/cityeval-desktop" ]; then
    for exe in cityeval cityeval-desktop; do
        target=$(readlink "$ROOT/usr/bin/$exe" || true)
        [ "$target" = "/opt/cityeval-desktop/$exe" ] || {
            echo "smoke: FAIL: $ROOT/usr/bin/$exe is not a link to /opt/cityeval-desktop/$exe ('$target')" >&2
            exit 1
        }
    done
fi
FORMS=$APP/_internal/cityeval_desktop/_bundled/forms
started=$(date +%s%N)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cityeval-smoke.XXXXXX")
# SMOKE_KEEP=1 keeps the folder (outputs, logs, the report) to look at after a failure
trap '[ -n "${SMOKE_KEEP:-}" ] && echo "smoke: kept $WORK" >&2 || rm -rf "$WORK"' EXIT
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_DATA_HOME=$WORK/home/.local/share \
    XDG_CACHE_HOME=$WORK/home/.cache XDG_RUNTIME_DIR=$WORK/runtime
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset CITYEVAL_DB CITYEVAL_LANG PYTHONPATH PYTHONHOME
export CITYEVAL_DATA_DIR=$WORK/data CITYEVAL_PASSWORD="smoke-test-2026-口令"
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8

# stderr lines that are expected, each with its reason; anything else fails the smoke test.
ALLOWED=(
    # Qt's offscreen platform (no window manager) cannot pass size hints on; harmless (pyproject's qt_log_ignore)
    '^This plugin does not support propagateSizeHints\(\)$'
)

failures=0
fail() { echo "smoke: FAIL: $*" >&2; failures=$((failures + 1)); }
check_stderr() {  # $1 what ran, $2 its stderr file
    local line pattern ok
    while IFS= read -r line || [ -n "$line" ]; do
        [ -z "$line" ] && continue
        ok=0
        for pattern in "${ALLOWED[@]}"; do
            if printf '%s\n' "$line" | grep -Eq -- "$pattern"; then ok=1; break; fi
        done
        [ $ok -eq 1 ] || fail "unexpected stderr line from $1: $line"
    done <"$2"
}
run() {  # run NAME CMD...: stdout to $WORK/NAME.out, stderr checked; fails on a non-zero exit code
    local name=$1
    shift
    local t0 t1
    t0=$(date +%s%N)
    local code=0
    "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || code=$?
    if [ $code -ne 0 ]; then
        fail "$name exited with $code: $*"
        sed 's/^/    /' "$WORK/$name.err" >&2
    fi
    t1=$(date +%s%N)
    check_stderr "$name" "$WORK/$name.err"
    printf 'smoke: %-22s %6d ms\n' "$name" $(((t1 - t0) / 1000000))
}
expect() {  # expect NAME REGEX: the command's stdout has a matching line
    grep -Eq -- "$2" "$WORK/$1.out" || fail "$1: no line matching '$2' in its output: $(head -c 400 "$WORK/$1.out")"
}

CLI=$APP/cityeval
GUI=$APP/cityeval-desktop
ENTITY=福州数字规划研究院有限公司
USCC=91350100M000100Y43

run gui-smoke "$GUI" --smoke --lang zh --screenshot "$WORK/first-paint.png"
expect gui-smoke '^smoke ok: 0 case\(s\) listed'
[ -s "$WORK/first-paint.png" ] || fail "the workbench wrote no screenshot"

run version "$CLI" --version
expect version '^cityeval [0-9]+\.[0-9]+'
if [ "$ROOT" = / ]; then  # installed (dpkg -i): the commands are found on PATH
    run path-version cityeval --version
    expect path-version '^cityeval [0-9]+\.[0-9]+'
fi
run forms-validate "$CLI" forms validate "$FORMS"/*.yaml
run forms-list "$CLI" forms list
expect forms-list 'planning-consulting'

cp "$HERE/smoke/answers.json" "$WORK/answers.json"
printf '%%PDF-1.4\n%% a scanned qualification certificate (smoke test)\n' >"$WORK/scan.pdf"
run identity "$CLI" identity new --name 王五 --org "$ENTITY" --uscc "$USCC" --out "$WORK/own.p12"
run case-new "$CLI" case new --framework planning-consulting --tier city --mode self \
    --entity-name "$ENTITY" --uscc "$USCC"
ID=$(tr -d '[:space:]' <"$WORK/case-new.out")
[ ${#ID} -ge 32 ] || { fail "case new printed no case id: '$ID'"; ID=missing; }
run case-answer "$CLI" case answer "$ID" --file "$WORK/answers.json"
run finalize "$CLI" case finalize "$ID" --identity "$WORK/own.p12"
run case-show "$CLI" case show "$ID" --json
expect case-show '"status": *"finalized"'
run report "$CLI" report pdf "$ID" "$WORK/report.pdf"
if [ -s "$WORK/report.pdf" ]; then
    run pdfsig pdfsig "$WORK/report.pdf"
    expect pdfsig 'Signature is Valid'
    run pdftotext pdftotext -layout "$WORK/report.pdf" "$WORK/report.txt"
    grep -q "$ENTITY" "$WORK/report.txt" || fail "the report does not name $ENTITY"
    grep -q "自评" "$WORK/report.txt" || fail "the report is not the self-check report"
else
    fail "report pdf wrote no report"
fi

# the package a double-click opens: exported with the frozen CLI, verified by the frozen CLI and workbench
run package-export "$CLI" package export "$ID" "$WORK/case.cityeval" --identity "$WORK/own.p12"
# the desktop's file type recognises a renamed package by its first entry (installer/linux/cityeval-desktop.xml)
[ "$(head -c4 "$WORK/case.cityeval" | od -An -c | tr -d ' ')" = 'PK003004' ] || fail "the package is no ZIP"
[ "$(dd if="$WORK/case.cityeval" bs=1 skip=66 count=2 2>/dev/null)" = "-r" ] &&
    dd if="$WORK/case.cityeval" bs=1 skip=69 count=17 2>/dev/null | grep -aq '/data/case.json' ||
    fail "the package's first entry is not <uuid>-r<revision>/data/case.json (the MIME magic)"
run export-cert "$CLI" identity export-cert "$WORK/own.p12" "$WORK/own.pem"
run trust-add "$CLI" trust add "$WORK/own.pem"
run package-verify-cli "$CLI" package verify "$WORK/case.cityeval"
run gui-package "$GUI" --smoke --lang en "$WORK/case.cityeval"
expect gui-package '^smoke: package .*Valid: every check passed'
printf 'not a package' >"$WORK/broken.cityeval"
run gui-broken "$GUI" --smoke --lang en "$WORK/broken.cityeval"
expect gui-broken '^smoke: package .*Not valid'

ended=$(date +%s%N)
if [ $failures -ne 0 ]; then
    echo "smoke: FAILED ($failures problem(s)) for $APP" >&2
    exit 1
fi
printf 'smoke: all passed for %s in %.1f s\n' "$APP" "$(((ended - started) / 1000000))e-3"
