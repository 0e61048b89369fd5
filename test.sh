#!/usr/bin/env bash
# The tests on a fresh clone: installs the servers and validators they drive, then runs every test project.
# Needs the .NET SDK, node with npm, and Debian's prometheus (promtool) and chromium; arguments go to dotnet test,
# e.g. ./test.sh --project tests/Gateway.Tests.
set -euo pipefail
cd "$(dirname "$0")"

command -v npm >/dev/null || { echo "npm is not on PATH: apt-get install nodejs npm" >&2; exit 1; }

# tests/tools: Azurite (Azure Table storage), Redocly (OpenAPI lint), openapi-typescript and typescript (README
# examples against the generated types). k8s/validate: the Kubernetes API schemas. Installed again only when the
# lock file changed since the last install.
for tools in tests/tools k8s/validate; do
  if [ ! -f "$tools/node_modules/.package-lock.json" ] || [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
    npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error
  fi
done

exec dotnet test --solution Orleans.Handoff.sln "$@"
