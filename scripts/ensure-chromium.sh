#!/bin/sh
# Make sure a Chromium is there for the auditor: the system's (installing Debian's
# 'chromium' with apt-get when it is missing and we may), else Playwright's own
# download, else a clear message. Usage: ensure-chromium.sh PYTHON
PY=${1:-python3}
have() { command -v "$1" >/dev/null 2>&1; }
found() { "$PY" -c 'from auditor.browser import find_chromium; print(find_chromium())' 2>/dev/null; }

if path=$(found) && [ -n "$path" ]; then
  exit 0
fi
if have apt-get; then
  SUDO=""
  [ "$(id -u)" = 0 ] || { have sudo && SUDO="sudo -n"; }
  if [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; then
    echo "Installing Debian's chromium package (apt-get)..." >&2
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 ||
       $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-browser >/dev/null 2>&1; then
      found >/dev/null && exit 0
    fi
  fi
fi
echo "No system Chromium; trying Playwright's download (python -m playwright install chromium)..." >&2
if "$PY" -m playwright install chromium >/dev/null 2>&1 && found >/dev/null; then
  exit 0
fi
echo "auditor: no Chromium available. Install Chromium or Chrome and set AUDITOR_CHROMIUM=/path/to/chromium." >&2
exit 1
