// @ts-check
'use strict';

/**
 * Timer helpers for the unit tests, in plain JavaScript because n8n's lint (written for code that
 * runs inside n8n) forbids the timer globals in TypeScript.
 */

/**
 * Runs `body` while recording the delay of every setTimeout armed meanwhile.
 * @template T @param {() => Promise<T>} body @returns {Promise<{ result: T, delays: number[] }>}
 */
async function recordingTimerDelays(body) {
	/** @type {number[]} */
	const delays = [];
	const original = global.setTimeout;
	// @ts-expect-error: a recording wrapper with setTimeout's own behaviour.
	global.setTimeout = (fn, ms, ...args) => {
		delays.push(Number(ms));
		return original(fn, ms, ...args);
	};
	try {
		return { result: await body(), delays };
	} finally {
		global.setTimeout = original;
	}
}

/** Lets the event loop turn `count` times (each turn runs the timers that are due). @param {number} count */
async function eventLoopTurns(count) {
	for (let turn = 0; turn < count; turn++) {
		await new Promise((resolve) => setImmediate(resolve));
	}
}

module.exports = { recordingTimerDelays, eventLoopTurns };
