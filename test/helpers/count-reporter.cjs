// Writes jest's totals to the file named by MODELGATE_COUNT_FILE, for .ci/run's last line.
const fs = require('node:fs');

class CountReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.MODELGATE_COUNT_FILE;
    if (!file) return;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    fs.writeFileSync(file, `${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = CountReporter;
