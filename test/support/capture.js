// @ts-check
'use strict';

/**
 * A loopback HTTP server that keeps what is posted to it, exactly: the raw body and the headers.
 * Tests point a callback URL at it to see the events a stand-in posts, byte for byte.
 */

const http = require('node:http');

/** @returns {Promise<{ url: string, received: Array<{ raw: string, headers: Record<string, string> }>, close: () => Promise<void> }>} */
async function captureServer() {
	/** @type {Array<{ raw: string, headers: Record<string, string> }>} */
	const received = [];
	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			/** @type {Record<string, string>} */
			const headers = {};
			for (const [name, value] of Object.entries(req.headers)) headers[name] = String(value);
			received.push({ raw: Buffer.concat(chunks).toString('utf8'), headers });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"received":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}/hooks/prelude`,
		received,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

module.exports = { captureServer };
