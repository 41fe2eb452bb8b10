#!/usr/bin/env bash
# Codex CLI against the gateway, for tests and by hand.
#
#   scripts/codex.sh install
#       npm-installs Codex's native binary (@openai/codex-linux-x64, CODEX_VERSION) into .clients/codex/ (gitignored)
#       and prints its path. npm's postinstall is not needed: the binary is run directly.
#   scripts/codex.sh exec <gateway base URL, e.g. http://127.0.0.1:8787/v1> <model> <prompt> [workdir]
#       runs `codex exec` once with a fresh HOME and CODEX_HOME (a temporary folder, removed after), a model provider
#       whose base_url is the gateway (wire_api = "responses"), the key from ONE_API_KEY, sandbox and approvals off,
#       analytics, feedback, telemetry export and the update check off. Prints Codex's last message on stdout.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="${CODEX_VERSION:-0.171.0}"
prefix="${CODEX_PREFIX:-$root/.clients/codex}"
binary="$prefix/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex"

install() {
    if [[ -x "$binary" ]] && "$binary" --version 2>/dev/null | grep -qF "$version"; then
        echo "$binary"
        return
    fi
    mkdir -p "$prefix"
    # the platform package is published as a version of @openai/codex (@openai/codex@<v>-linux-x64)
    npm install --prefix "$prefix" --no-audit --no-fund --ignore-scripts --loglevel=error \
        "@openai/codex-linux-x64@npm:@openai/codex@${version}-linux-x64" >&2
    echo "$binary"
}

run_exec() {
    local base_url="$1" model="$2" prompt="$3" workdir="${4:-$PWD}"
    : "${ONE_API_KEY:?set ONE_API_KEY to a gateway key}"
    local codex
    codex="$(install)"
    codex_home_dir="$(mktemp -d "${TMPDIR:-/tmp}/codex-home.XXXXXX")"
    trap 'rm -rf "$codex_home_dir"' EXIT
    local home="$codex_home_dir"
    mkdir -p "$home/.codex"
    cat > "$home/.codex/config.toml" <<TOML
model = "$model"
model_provider = "one-llm-api"
approval_policy = "never"
sandbox_mode = "danger-full-access"
check_for_update_on_startup = false

[model_providers.one-llm-api]
name = "one-llm-api"
base_url = "$base_url"
wire_api = "responses"
env_key = "ONE_API_KEY"

[analytics]
enabled = false

[feedback]
enabled = false

[otel]
exporter = "none"
TOML
    (cd "$workdir" && HOME="$home" CODEX_HOME="$home/.codex" "$codex" exec --strict-config --skip-git-repo-check \
        --ephemeral --color never -o "$home/last-message.txt" "$prompt" < /dev/null >&2)
    cat "$home/last-message.txt"
}

case "${1:-}" in
    install) install ;;
    exec) shift; run_exec "$@" ;;
    *) echo "usage: $0 install | exec <base_url> <model> <prompt> [workdir]" >&2; exit 2 ;;
esac
