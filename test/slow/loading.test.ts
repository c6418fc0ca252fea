import { LazyPackageDirectoryLoader, PackageDirectoryLoader } from 'n8n-core';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import {
	fileExists,
	installPackedPackage,
	makeTempFolder,
	readText,
	removeFolder,
} from '../support/files';

/**
 * The package as a user's n8n gets it: `npm pack`'s tarball, unpacked where n8n installs
 * community packages (…/node_modules/n8n-nodes-ding), loaded by n8n-core's own loaders, the ones
 * n8n runs at start for every installed package (n8n-core and n8n-workflow at their newest
 * versions on the registry, 2.41). Loading a node runs n8n-core's validateNodeDescription; a
 * class that does not load, a file the n8n block names but the tarball lacks, an icon outside the
 * package or a credential no node uses fails here, before any n8n has to start.
 */

let work: string;
let packageDir: string;

beforeAll(() => {
	work = makeTempFolder('ding-load-');
	packageDir = installPackedPackage(work);
}, 120_000);

afterAll(() => {
	if (work) removeFolder(work);
});

async function load(Loader: typeof PackageDirectoryLoader) {
	const loader = new Loader(packageDir);
	await loader.loadAll();
	return loader;
}

test('the tarball holds what n8n reads: the n8n block of package.json, no runtime dependency', () => {
	const manifest = JSON.parse(readText(`${packageDir}/package.json`));
	expect(manifest.name).toBe('n8n-nodes-ding');
	expect(manifest.keywords).toContain('n8n-community-node-package');
	expect(manifest.dependencies ?? {}).toStrictEqual({});
	expect(manifest.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
});

test('n8n-core’s PackageDirectoryLoader loads both nodes and both credentials from the tarball', async () => {
	const loader = await load(PackageDirectoryLoader);
	expect(loader.packageName).toBe('n8n-nodes-ding');
	expect(Object.keys(loader.known.nodes).sort()).toStrictEqual(['ding', 'dingTrigger']);
	expect(Object.keys(loader.known.credentials).sort()).toStrictEqual(['dingApi', 'preludeApi']);
	expect(loader.types.nodes.map((node) => node.name).sort()).toStrictEqual(['ding', 'dingTrigger']);
	// n8n links each credential to the nodes that name it, and shows it with their icon.
	const credential = (name: string) => loader.credentialTypes[name].type;
	expect(credential('preludeApi').supportedNodes).toStrictEqual(['ding']);
	expect(credential('dingApi').supportedNodes).toStrictEqual(['ding']);
	expect(credential('preludeApi').iconUrl).toStrictEqual(
		loader.nodeTypes.ding.type.description.iconUrl,
	);
});

test('icons and codex come from inside the package, as n8n serves them', async () => {
	const loader = await load(PackageDirectoryLoader);
	for (const name of ['ding', 'dingTrigger']) {
		const description = loader.nodeTypes[name].type.description as INodeTypeDescription;
		const iconUrl = description.iconUrl as { light: string; dark: string };
		for (const url of [iconUrl.light, iconUrl.dark]) {
			expect(url).toMatch(/^icons\/n8n-nodes-ding\/dist\/nodes\/Ding\/ding(\.dark)?\.svg$/);
			expect(fileExists(`${packageDir}/${url.replace('icons/n8n-nodes-ding/', '')}`)).toBe(true);
		}
		expect(description.codex?.categories).toContain('Development');
		expect(description.codex?.resources?.primaryDocumentation?.[0]?.url).toMatch(
			/^https:\/\/github\.com\/n8n-nodes-ding\//,
		);
	}
});

test('every version of each node resolves its parameters with their defaults, as the editor does', async () => {
	const loader = await load(PackageDirectoryLoader);
	for (const name of ['ding', 'dingTrigger']) {
		const type = loader.nodeTypes[name].type;
		for (const version of [1, 2]) {
			const node = NodeHelpers.getVersionedNodeType(type, version) as INodeType;
			const parameters = NodeHelpers.getNodeParameters(
				node.description.properties,
				{},
				true,
				false,
				{ typeVersion: version },
				node.description,
			);
			expect(parameters).not.toBeNull();
		}
	}
});

test('LazyPackageDirectoryLoader (n8n’s loader for installed packages) falls back to the full load', async () => {
	const loader = await load(LazyPackageDirectoryLoader);
	expect(loader.isLazyLoaded).toBe(false);
	expect(Object.keys(loader.known.nodes).sort()).toStrictEqual(['ding', 'dingTrigger']);
	expect(Object.keys(loader.known.credentials).sort()).toStrictEqual(['dingApi', 'preludeApi']);
});
