/**
 * Prints one closing line, "Tests: N passed, N failed, N skipped", after jest's own
 * summary, so any log reader can tell at a glance how the run ended.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\nTests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
