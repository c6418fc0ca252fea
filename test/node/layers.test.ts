import { importsUnder } from '../support/imports';

/**
 * The layers of nodes/Ding point one way (docs/development.md, "Where things live"): a file
 * imports from its own folder or from the folders below it here, so no two folders import each
 * other, and fields/ (properties and their readers) never reaches the transport.
 */
const BELOW: Record<string, string[]> = {
	'': ['actions', 'fields', 'transport', 'run', 'helpers'],
	actions: ['fields', 'transport', 'run', 'helpers'],
	fields: ['run', 'helpers'],
	transport: ['run', 'helpers'],
	run: ['helpers'],
	helpers: [],
};

function folderOf(path: string): string {
	const parts = path.split('/');
	return parts.length === 1 ? '' : parts[0];
}

describe('layers of nodes/Ding', () => {
	const imports = importsUnder('nodes/Ding').map((edge) => ({
		...edge,
		from: folderOf(edge.file),
		to: folderOf(edge.imported),
	}));

	it('knows the folder of every file', () => {
		expect(imports.length).toBeGreaterThan(100);
		const unknown = imports.filter((edge) => !(edge.from in BELOW) || !(edge.to in BELOW));
		expect(unknown).toEqual([]);
	});

	it('imports only from the same folder or one below it', () => {
		const upward = imports
			.filter((edge) => edge.to !== edge.from && !BELOW[edge.from].includes(edge.to))
			.map((edge) => `${edge.file} imports ${edge.written}`);
		expect(upward).toEqual([]);
	});
});
