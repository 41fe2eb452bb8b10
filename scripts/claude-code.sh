#!/usr/bin/env bash
# Claude Code, the real CLI, run against a gateway: installs its native binary (npm's platform package, no
# postinstall needed) into .clients/ under the repository (gitignored) once, then runs it with a fresh HOME, telemetry
# and non-essential traffic off, so nothing but the gateway is called.
#
#   scripts/claude-code.sh install                  # prints the binary's path
#   ANTHROPIC_BASE_URL=http://localhost:8787 ANTHROPIC_API_KEY=sk-gateway-key \
#     scripts/claude-code.sh -p "Say hello" --model gpt-4o
#
# CLAUDE_CODE_VERSION picks the version (default: the one the suite is tested with).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${CLAUDE_CODE_VERSION:-2.1.337}"
dir="$root/.clients/claude-code-$version"
bin="$dir/node_modules/@anthropic-ai/claude-code-linux-x64/claude"

install() {
  if [ ! -x "$bin" ]; then
    command -v npm > /dev/null || { echo "claude-code.sh: npm is needed to install Claude Code" >&2; exit 3; }
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "@anthropic-ai/claude-code-linux-x64@$version" >&2
    chmod +x "$bin"
  fi
  echo "$bin"
}

if [ "${1:-}" = "install" ]; then
  install
  exit 0
fi
: "${ANTHROPIC_BASE_URL:?set ANTHROPIC_BASE_URL to the gateway, e.g. http://localhost:8787}"
: "${ANTHROPIC_API_KEY:?set ANTHROPIC_API_KEY to the gateway key}"
install > /dev/null
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
env -i PATH="$PATH" HOME="$home" TERM=dumb \
  ANTHROPIC_BASE_URL="$ANTHROPIC_BASE_URL" ANTHROPIC_API_KEY="$ANTHROPIC_API_KEY" \
  DISABLE_TELEMETRY=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 DISABLE_ERROR_REPORTING=1 \
  "$bin" "$@"
