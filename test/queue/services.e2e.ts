import { startQueueServices } from '../../scripts/n8n/services';
import { fileMode as modeOf, makeTempFolder, readText } from '../support/files';
import { redis } from './redis';

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
		const passwordFile = `${services.postgresSecrets}/password`;
		expect(readText(passwordFile)).toBe(password);
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
		expect(modeOf(`${folder}/redis.conf`)).toBe(0o600);
	});
});
