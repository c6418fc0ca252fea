import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { startQueueServices } from '../../scripts/n8n/services';
import { makeTempFolder } from '../support/files';

/** Sends Redis commands (inline protocol) and returns what it answered to each. */
function redis(port: number, commands: string[]): Promise<string[]> {
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

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/**
 * The servers of queue mode keep their secrets: PostgreSQL's password (its role is a superuser) is
 * random from crypto and written 0600 in a folder only its owner enters; Redis answers nobody who
 * does not give its password, which n8n is handed.
 */
describe('PostgreSQL and Redis for queue mode', () => {
	const stops: Array<() => Promise<void>> = [];
	let services: Awaited<ReturnType<typeof startQueueServices>>;
	let folder: string;

	beforeAll(async () => {
		folder = makeTempFolder('n8n-nodes-ding-services-');
		services = await startQueueServices(folder, (stop) => stops.push(stop));
	}, 300_000);

	afterAll(async () => {
		for (const stop of stops.reverse()) await stop();
	}, 60_000);

	test('the PostgreSQL password is random and kept 0600 in a 0700 folder', () => {
		const password = services.env.DB_POSTGRESDB_PASSWORD;
		expect(password).toMatch(/^[\w-]{43}$/);
		const passwordFile = path.join(services.postgresSecrets, 'password');
		expect(fs.readFileSync(passwordFile, 'utf8')).toBe(password);
		expect({ folder: modeOf(services.postgresSecrets), file: modeOf(passwordFile) }).toStrictEqual({
			folder: 0o700,
			file: 0o600,
		});
	});

	test('Redis refuses a client without its password and answers one with it', async () => {
		const port = Number(services.env.QUEUE_BULL_REDIS_PORT);
		const password = services.env.QUEUE_BULL_REDIS_PASSWORD ?? '';
		expect(password).toMatch(/^[\w-]{43}$/);

		expect(await redis(port, ['PING'])).toStrictEqual([expect.stringMatching(/^-NOAUTH/)]);
		expect(await redis(port, ['AUTH wrong-password', 'PING'])).toStrictEqual([
			expect.stringMatching(/^-(WRONGPASS|ERR)/),
			expect.stringMatching(/^-NOAUTH/),
		]);
		expect(await redis(port, [`AUTH ${password}`, 'PING'])).toStrictEqual(['+OK', '+PONG']);
		// The password is in a file only its owner reads, not on Redis's command line.
		expect(modeOf(path.join(folder, 'redis.conf'))).toBe(0o600);
	});
});
