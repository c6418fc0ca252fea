// @ts-check
'use strict';

/**
 * Ends a jest run with one plain line, "jest: N passed, N failed", that any CI log reader can count.
 * Test files that could not run (a compile or import error, a failing afterAll) count no test, so
 * the line names them too: "jest: 156 passed, 0 failed, 14 files failed to run".
 */
class SummaryReporter {
	/** @param {unknown} _globalConfig @param {unknown} _options */
	constructor(_globalConfig, _options) {}

	/** @param {unknown} _contexts @param {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numRuntimeErrorTestSuites: number }} results */
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests ? `, ${results.numPendingTests} skipped` : '';
		const broken = results.numRuntimeErrorTestSuites
			? `, ${results.numRuntimeErrorTestSuites} files failed to run`
			: '';
		process.stdout.write(
			`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped}${broken}\n`,
		);
	}
}

module.exports = SummaryReporter;
