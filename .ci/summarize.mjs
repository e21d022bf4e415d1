// Reads vitest's JSON report and prints `N passed, N failed`; exits non-zero when anything failed or
// when the test run itself broke before writing a report. Exit statuses of further CI checks (the
// dogfood `ssot check`) may follow; each counts as one passed or failed check.
import { existsSync, readFileSync } from 'node:fs';

const [file, statusText = '0', ...checkStatuses] = process.argv.slice(2);
const status = Number(statusText);
let passed = 0;
let failed = 0;
if (existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  // A suite that failed to load has no failed tests but is still a failure.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
}
if (status !== 0 && failed === 0) failed = 1;
for (const checkStatus of checkStatuses) {
  if (Number(checkStatus) === 0) passed += 1;
  else failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
