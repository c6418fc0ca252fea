// @ts-check
'use strict';

// A minimal Redis client for the queue tier's checks. Plain JS: n8n's lint forbids node:net in
// TypeScript.
const net = require('node:net');

/**
 * Sends Redis commands (inline protocol) and returns what it answered to each.
 * @param {number} port @param {string[]} commands @returns {Promise<string[]>}
 */
function redis(port, commands) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			const lines = answer.split('\r\n').filter(Boolean);
			if (lines.length >= commands.length) {
				socket.end();
				resolve(lines);
			}
		});
		socket.on('error', reject);
		socket.write(commands.map((command) => `${command}\r\n`).join(''));
	});
}

module.exports = { redis };
