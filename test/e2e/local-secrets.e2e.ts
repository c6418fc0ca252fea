import { ensureRuntime, freePort, runN8nCli } from '../../scripts/n8n/runtime';
import { LEGACY_ENCRYPTION_KEY, rotateLegacyKey } from '../../scripts/n8n/secrets';
import {
	fileMode as modeOf,
	folderEntries,
	makeTempFolder,
	readText,
	removeFolder,
	writeFile,
} from '../support/files';

/**
 * n8n's encryption key where `npm start` and the tests keep n8n's data: a random key per user
 * folder, in n8n's settings file (0600) inside folders only their owner can enter (0700), kept
 * from run to run; a folder made with the key this repository once shared moves to a key of its
 * own and keeps its credentials (same id, same data). Through the real n8n CLI.
 */
const runtime = ensureRuntime();
const credential = {
	id: 'dingLocalCred001',
	name: 'Prelude account',
	type: 'preludeApi',
	data: { apiKey: 'a-real-looking-prelude-key', baseUrl: 'https://api.prelude.dev' },
};

async function cli(userFolder: string, args: string[], env: Record<string, string> = {}) {
	const result = await runN8nCli(runtime, args, {
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		env,
	});
	expect({ args, status: result.status }).toStrictEqual({ args, status: 0 });
	return result;
}

const keyOf = (userFolder: string) =>
	JSON.parse(readText(`${userFolder}/.n8n/config`)).encryptionKey as string;

/** The credentials n8n decrypts with the folder's key. */
async function decrypted(userFolder: string) {
	const folder = makeTempFolder('n8n-nodes-ding-export-');
	const output = `${folder}/credentials.json`;
	await cli(userFolder, ['export:credentials', '--all', '--decrypted', `--output=${output}`]);
	const credentials = JSON.parse(readText(output)) as Array<Record<string, unknown>>;
	removeFolder(folder);
	return credentials.map(({ id, name, type, data }) => ({ id, name, type, data }));
}

function importFile(credentials: unknown[]) {
	const file = `${makeTempFolder('n8n-nodes-ding-import-')}/credentials.json`;
	writeFile(file, JSON.stringify(credentials));
	return file;
}

describe("n8n's encryption key in a local user folder", () => {
	test('a fresh folder gets a random key of its own, 0600 in 0700 folders, kept from run to run', async () => {
		const [first, second] = [1, 2].map(() => `${makeTempFolder('n8n-nodes-ding-key-')}/user`);
		await cli(first, ['import:credentials', `--input=${importFile([credential])}`]);
		const key = keyOf(first);
		expect(key).not.toBe(LEGACY_ENCRYPTION_KEY);
		expect(key.length).toBeGreaterThanOrEqual(32);
		expect({
			user: modeOf(first),
			n8n: modeOf(`${first}/.n8n`),
			config: modeOf(`${first}/.n8n/config`),
		}).toStrictEqual({ user: 0o700, n8n: 0o700, config: 0o600 });

		// The next run reads the same key, so the credential still decrypts.
		expect(await decrypted(first)).toStrictEqual([credential]);
		expect(keyOf(first)).toBe(key);

		await cli(second, ['import:credentials', `--input=${importFile([credential])}`]);
		expect(keyOf(second)).not.toBe(key);
	}, 300_000);

	test('a folder made with the once-shared key moves to a key of its own, keeping each credential', async () => {
		const userFolder = `${makeTempFolder('n8n-nodes-ding-legacy-')}/user`;
		// What earlier versions of these scripts made: n8n wrote the shared key into its settings.
		await cli(userFolder, ['import:credentials', `--input=${importFile([credential])}`], {
			N8N_ENCRYPTION_KEY: LEGACY_ENCRYPTION_KEY,
		});
		expect(keyOf(userFolder)).toBe(LEGACY_ENCRYPTION_KEY);

		const rotated = await rotateLegacyKey(userFolder, (args) => cli(userFolder, args));

		expect(rotated).toStrictEqual({ credentials: 1 });
		expect(keyOf(userFolder)).not.toBe(LEGACY_ENCRYPTION_KEY);
		expect(modeOf(`${userFolder}/.n8n/config`)).toBe(0o600);
		expect(await decrypted(userFolder)).toStrictEqual([credential]);
		// No decrypted copy is left behind.
		expect(folderEntries(userFolder).filter((name) => name.startsWith('.key-'))).toStrictEqual([]);
		// The shared key no longer opens it.
		const withOldKey = await runN8nCli(runtime, ['export:credentials', '--all'], {
			userFolder,
			port: await freePort(),
			brokerPort: await freePort(),
			env: { N8N_ENCRYPTION_KEY: LEGACY_ENCRYPTION_KEY },
		});
		expect(withOldKey.stdout + withOldKey.stderr).toContain('Mismatching encryption keys');
	}, 300_000);

	test('a folder with the once-shared key and no credentials moves to a key of its own too', async () => {
		const userFolder = `${makeTempFolder('n8n-nodes-ding-legacy-')}/user`;
		writeFile(
			`${userFolder}/.n8n/config`,
			JSON.stringify({ encryptionKey: LEGACY_ENCRYPTION_KEY }),
		);

		const rotated = await rotateLegacyKey(userFolder, async (args) =>
			runN8nCli(runtime, args, {
				userFolder,
				port: await freePort(),
				brokerPort: await freePort(),
			}),
		);

		expect(rotated).toStrictEqual({ credentials: 0 });
		expect(keyOf(userFolder)).not.toBe(LEGACY_ENCRYPTION_KEY);
	}, 300_000);
});
