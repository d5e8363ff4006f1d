#!/usr/bin/env bash
# The test command: typecheck, generated-code freshness, lint with the layer rules
# (eslint.config.js), then every vitest project (unit, integration on both stores, system,
# browser). Ends with one "N passed, N failed, N skipped" line.
set -uo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit -p . || { echo "tests: 0 passed, 1 failed (typecheck)"; exit 1; }
npx tsc --noEmit -p web || { echo "tests: 0 passed, 1 failed (typecheck of web/)"; exit 1; }
npx tsx scripts/build-schema.ts --check || { echo "tests: 0 passed, 1 failed (schema.graphql stale)"; exit 1; }
npx graphql-codegen --config codegen.ts --check >/dev/null 2>&1 || {
  echo "src/graphql/__generated__ is stale: run npm run codegen and commit the result"
  echo "tests: 0 passed, 1 failed (codegen)"
  exit 1
}
npx eslint --cache --cache-location node_modules/.cache/eslint/ . || { echo "tests: 0 passed, 1 failed (lint)"; exit 1; }
report=$(mktemp)
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report" 2>/dev/null || echo "tests: 0 passed, 1 failed (no report)"
rm -f "$report"
exit $status
