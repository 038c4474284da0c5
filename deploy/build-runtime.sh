#!/usr/bin/env bash
# Builds the service into DIR, a runtime that needs only the production dependencies:
#   deploy/build-runtime.sh /srv/avis
# Run from a checkout where `npm ci` has installed everything (the build needs the development
# dependencies: esbuild, TypeScript's sources, the CSS purge). DIR then holds dist/ (the server,
# the CLI, the widget and the dashboard, built) and node_modules with the production
# dependencies alone; start it with `node DIR/dist/server.js`. The Dockerfile runs this same
# script, so the image and a plain install are the same runtime.
set -euo pipefail
target=${1:?Usage: deploy/build-runtime.sh DIR}
cd "$(dirname "$0")/.."

npm run -s build
mkdir -p "$target"
rm -rf "$target/dist"
cp -R dist "$target/dist"
cp package.json package-lock.json "$target/"
# The lockfile's exact versions, without the development ones; better-sqlite3 builds (or
# downloads) its native binding for the Node.js that runs this.
(cd "$target" && npm ci --omit=dev --no-audit --no-fund)
echo "runtime ready in $target: start it with node $target/dist/server.js"
