// @ts-check
'use strict';

/**
 * Quiet tests. What the code under test prints through the console is recorded here instead of
 * printed: above all n8n-core's ErrorReporter, which logs every node error through winston's
 * Console transport, which writes to console._stdout (jest showed each write as a console.log
 * block: 165,000 lines a run). Each console call or write is one entry, formatted as the console
 * would print it. With TEST_OUTPUT=1 everything is printed as well, as usual.
 *
 * harness.ts keeps n8n's LoggerProxy lines in the same list (`loggedLines`), so the leak checks read
 * every line logged or printed in the test file. jest.console.js (a setupFilesAfterEnv file)
 * installs the capture before any test module loads. Plain JavaScript, as n8n's lint rules allow
 * no `process` in TypeScript.
 */

const util = require('node:util');

/** Every console call of the test file, as `console.<method> <text>`. @type {string[]} */
const capturedLines = [];

const METHODS = /** @type {const} */ (['log', 'info', 'warn', 'error', 'debug', 'trace']);

/** Whether TEST_OUTPUT asks for the console to be printed too. */
function printsOutput() {
	const value = process.env.TEST_OUTPUT;
	return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

let installed = false;

/** Replaces the console methods of the test file with ones that record (and, with TEST_OUTPUT, print). */
function captureConsole() {
	if (installed) return;
	installed = true;
	const print = printsOutput();
	for (const method of METHODS) {
		const original = console[method].bind(console);
		console[method] = (/** @type {unknown[]} */ ...args) => {
			capturedLines.push(`console.${method} ${util.format(...args)}`);
			if (print) original(...args);
		};
	}
	// winston's Console transport writes to console._stdout (and _stderr) when the console has
	// them, as jest's console does, rather than calling console.log.
	const streams =
		/** @type {Record<string, { write(chunk: unknown, ...rest: unknown[]): boolean } | undefined>} */ (
			/** @type {unknown} */ (console)
		);
	for (const name of ['_stdout', '_stderr']) {
		const original = streams[name];
		if (!original) continue;
		streams[name] = {
			write(chunk, ...rest) {
				capturedLines.push(`console.${name} ${String(chunk).replace(/\n$/, '')}`);
				return print ? original.write(chunk, ...rest) : true;
			},
		};
	}
}

module.exports = { capturedLines, captureConsole };
