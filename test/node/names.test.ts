import type { INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { Ding } from '../../nodes/Ding/Ding.node';
import { DING_NODE_TYPE, shownParameters, TestNodeTypes } from '../support/harness';
import { readRepoFile } from '../support/files';

/**
 * The names a person meets: the node panel's actions, the Resource and Operation lists, the
 * canvas subtitle, and README and docs, which must all name an operation the same way.
 */
const ding = new Ding();
const { description } = ding;

const optionsOf = (property: INodeProperties) => property.options as INodePropertyOptions[];
const resourceList = description.properties.find((p) => p.name === 'resource')!;
const resourceName = (value: string) =>
	optionsOf(resourceList).find((option) => option.value === value)!.name;

/** Every operation list with its API, as resource name → operation options. */
function operationLists(api: 'preludeV2' | 'dingV1') {
	const lists = new Map<string, INodePropertyOptions[]>();
	for (const selector of description.properties) {
		if (selector.name !== 'operation' || !selector.displayOptions?.show?.api?.includes(api)) {
			continue;
		}
		for (const resource of selector.displayOptions.show.resource as string[]) {
			lists.set(resource, optionsOf(selector));
		}
	}
	return lists;
}

const nodeWith = (typeVersion: number, parameters: INode['parameters']): INode => ({
	id: 'ding',
	name: 'Ding',
	type: DING_NODE_TYPE,
	typeVersion,
	position: [0, 0],
	parameters,
});

const words = (text: string) =>
	text
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);

describe('the names of the Ding node’s operations', () => {
	test.each(['preludeV2', 'dingV1'] as const)(
		'%s: each action in the node panel starts with its operation’s name, the rest of the name in order',
		(api) => {
			// The panel lists `action`; the Operation list, README and docs the option's name. A
			// person who reads "Send and Wait for Code" or "Lookup → Get" finds it in the panel.
			for (const [resource, operations] of operationLists(api)) {
				for (const { name, action } of operations) {
					const [first, ...rest] = words(name);
					const actionWords = words(action!);
					expect({ resource, name, first: actionWords[0] }).toEqual({ resource, name, first });
					let at = 1;
					for (const word of rest) {
						at = actionWords.indexOf(word, at) + 1;
						expect({ resource, name, action, missing: at > 0 ? undefined : word }).toEqual({
							resource,
							name,
							action,
							missing: undefined,
						});
					}
				}
			}
		},
	);

	test('the panel’s actions for Send and Wait for Code and Lookup', () => {
		const actionOf = (resource: string, value: string) =>
			operationLists('preludeV2')
				.get(resource)!
				.find((option) => option.value === value)!.action;
		expect(actionOf('otp', 'sendAndWait')).toBe('Send and wait for code');
		expect(actionOf('lookup', 'get')).toBe('Get a phone number lookup');
	});

	test('searching the node panel for "Ding lookup" or "lookup" finds the node', () => {
		// n8n's panel search matches the typed text, letter by letter in order, within the node's
		// name or one of its codex aliases (sublimeSearch in @n8n/utils).
		const codex = JSON.parse(readRepoFile('nodes/Ding/Ding.node.json')) as { alias: string[] };
		const inOrder = (typed: string, text: string) => {
			let at = 0;
			for (const letter of typed.toLowerCase()) {
				at = text.toLowerCase().indexOf(letter, at) + 1;
				if (at === 0) return false;
			}
			return true;
		};
		for (const typed of ['Ding lookup', 'lookup', 'phone lookup', 'carrier lookup']) {
			expect([
				typed,
				[description.displayName, ...codex.alias].some((t) => inOrder(typed, t)),
			]).toEqual([typed, true]);
		}
	});

	test('a node on Ding v1 lists only OTP and Lookup as resources; on Prelude v2 all ten', () => {
		// As n8n's editor filters an options list (getParameterDisplayableOptions): each option's
		// displayOptions against the node's parameters with their defaults.
		const listed = (typeVersion: number, parameters: INode['parameters']) => {
			const node = nodeWith(typeVersion, parameters);
			const shown = shownParameters(description, node);
			return optionsOf(resourceList)
				.filter(
					(option) =>
						!option.displayOptions ||
						NodeHelpers.displayParameter(
							shown,
							option,
							node,
							description,
							undefined,
							'displayOptions',
						),
				)
				.map((option) => option.name);
		};
		const all = optionsOf(resourceList).map((option) => option.name);
		expect(all).toHaveLength(10);
		expect(listed(1, {})).toStrictEqual(['Lookup', 'OTP']);
		expect(listed(2, { api: 'dingV1' })).toStrictEqual(['Lookup', 'OTP']);
		expect(listed(2, {})).toStrictEqual(all);
		expect(listed(1, { api: 'preludeV2' })).toStrictEqual(all);
		// Ding v1's own operation lists are for exactly the resources it lists.
		expect([...operationLists('dingV1').keys()].map(resourceName).sort()).toStrictEqual([
			'Lookup',
			'OTP',
		]);
	});

	describe('the canvas subtitle', () => {
		const subtitleOf = (typeVersion: number, parameters: INode['parameters']) => {
			const node = nodeWith(typeVersion, parameters);
			const workflow = new Workflow({
				nodes: [node],
				connections: {},
				active: false,
				nodeTypes: new TestNodeTypes({ [DING_NODE_TYPE]: { type: ding, sourcePath: '' } }),
			});
			// As n8n's editor evaluates it for the canvas (getNodeSubtitle).
			return workflow.expression.getSimpleParameterValue(
				node,
				description.subtitle,
				'internal',
				{},
			);
		};

		test.each(['preludeV2', 'dingV1'] as const)(
			'%s: names the resource and the operation as the editor lists them',
			(api) => {
				for (const [resource, operations] of operationLists(api)) {
					for (const operation of operations) {
						expect(
							subtitleOf(api === 'dingV1' ? 1 : 2, { api, resource, operation: operation.value }),
						).toBe(`${resourceName(resource)} → ${operation.name}`);
					}
				}
				expect(subtitleOf(2, { api, resource: 'otp', operation: 'sendAndWait' })).toBe(
					'OTP → Send and Wait for Code',
				);
				expect(subtitleOf(2, { api, resource: 'lookup', operation: 'get' })).toBe('Lookup → Get');
			},
		);

		test('without an operation it knows, the resource’s name; a value it does not know, raw', () => {
			// A Ding v1 node left on a Prelude resource shows no Operation list (and a notice).
			expect(subtitleOf(1, { api: 'dingV1', resource: 'kyc', operation: 'match' })).toBe(
				'Identity Match (KYC)',
			);
			expect(subtitleOf(2, { api: 'preludeV2', resource: 'otp', operation: 'later' })).toBe('OTP');
			expect(subtitleOf(2, { api: 'preludeV2', resource: 'later', operation: 'send' })).toBe(
				'later',
			);
		});

		test('is a plain expression every n8n expression engine evaluates', () => {
			// No arrow function (n8n 3 evaluates with QuickJS), and no "}}" before its end, which
			// would end the expression early.
			const subtitle = description.subtitle!;
			expect(subtitle).not.toContain('=>');
			expect(subtitle.startsWith('={{')).toBe(true);
			expect(subtitle.indexOf('}}')).toBe(subtitle.length - 2);
		});
	});

	describe('README and docs name each API’s operations as the Operation list does', () => {
		/** Resource name → operation names, from a Markdown table's first two columns. */
		function tableNames(markdown: string, header: RegExp) {
			const lines = markdown.split('\n');
			const start = lines.findIndex((line) => header.test(line));
			expect(start).toBeGreaterThan(-1);
			const names = new Map<string, Set<string>>();
			for (const line of lines.slice(start + 2)) {
				if (!line.startsWith('|')) break;
				const [resources, operations] = line.split(/(?<!\\)\|/).slice(1, 3);
				const operationNames = operations
					.replace(/\]\([^)]*\)/g, '')
					.replace(/\[/g, '')
					.split(',')
					.map((name) => name.trim());
				for (const resource of resources.split(/, (?=[A-Z])/).map((name) => name.trim())) {
					const known = names.get(resource) ?? new Set<string>();
					for (const name of operationNames) known.add(name);
					names.set(resource, known);
				}
			}
			return names;
		}
		const editorNames = (api: 'preludeV2' | 'dingV1') =>
			new Map(
				[...operationLists(api)].map(([resource, operations]) => [
					resourceName(resource),
					new Set(operations.map((operation) => operation.name)),
				]),
			);
		const readme = readRepoFile('README.md');

		test.each([
			['README, Prelude Verify v2', readme, /^\| Resource +\| Operations +\|/, 'preludeV2'],
			['README, Ding v1', readme, /^\| Resource +\| Operation +\| HTTP call +\|/, 'dingV1'],
			[
				'docs/prelude-v2.md',
				readRepoFile('docs/prelude-v2.md'),
				/^\| Resource +\| Operation +\| Prelude endpoint/,
				'preludeV2',
			],
			[
				'docs/ding-v1.md',
				readRepoFile('docs/ding-v1.md'),
				/^\| Resource +\| Operation +\| Ding endpoint/,
				'dingV1',
			],
		] as const)('%s', (_, markdown, header, api) => {
			const sorted = (names: Map<string, Set<string>>) =>
				Object.fromEntries([...names].map(([resource, set]) => [resource, [...set].sort()]));
			expect(sorted(tableNames(markdown, header))).toStrictEqual(sorted(editorNames(api)));
		});
	});
});
