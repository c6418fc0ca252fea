// @ts-check
'use strict';

/** Ends a jest run with one plain line, "jest: N passed, N failed", that any CI log reader can count. */
class SummaryReporter {
	/** @param {unknown} _globalConfig @param {unknown} _options */
	constructor(_globalConfig, _options) {}

	/** @param {unknown} _contexts @param {{ numPassedTests: number, numFailedTests: number, numPendingTests: number }} results */
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests ? `, ${results.numPendingTests} skipped` : '';
		process.stdout.write(
			`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped}\n`,
		);
	}
}

module.exports = SummaryReporter;
