import type { INode, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { DingApi } from '../../credentials/DingApi.credentials';
import { Ding } from '../../nodes/Ding/Ding.node';
import { requestOptionFields } from '../../nodes/Ding/fields/options';
import { DEFAULT_MAX_CONCURRENCY, DEFAULT_REQUEST_SETTINGS } from '../../nodes/Ding/run/settings';
import { readRepoFile, repoFileExists } from '../support/files';
import { shownParameters } from '../support/harness';

const { description } = new Ding();
const NODE_DIR = 'nodes/Ding';

const optionsOf = (property: INodeProperties) => property.options as INodePropertyOptions[];

/** Every api / resource / operation the node offers, with the node version that defaults to the API. */
function everyOperation() {
	const found: Array<{ api: string; resource: string; operation: string }> = [];
	for (const selector of description.properties.filter((p) => p.name === 'operation')) {
		const api = (selector.displayOptions!.show!.api as string[])[0];
		for (const resource of selector.displayOptions!.show!.resource as string[]) {
			for (const operation of optionsOf(selector)) {
				found.push({ api, resource, operation: String(operation.value) });
			}
		}
	}
	return found;
}

describe('the Ding node description', () => {
	test.each(everyOperation())(
		'$api $resource $operation: n8n keeps every required field it shows, so it can be published',
		({ api, resource, operation }) => {
			const parameters: INodeParameters = { api, resource, operation };
			const node = {
				id: 'n',
				name: 'Ding',
				type: 'n8n-nodes-ding.ding',
				typeVersion: api === 'dingV1' ? 1 : 2,
				position: [0, 0],
				parameters,
			} as INode;
			// The fields n8n shows for this operation with their defaults, then every required one
			// given a value: none may be dropped (a field listed before the Operation selector it
			// depends on would be, and n8n 2.x then refuses to publish the workflow).
			const shown = shownParameters(description, node);
			const required = description.properties.filter(
				(p) =>
					p.required &&
					p.type === 'string' &&
					NodeHelpers.displayParameter(shown, p, node, description),
			);
			for (const property of required) parameters[property.name] = '={{ $json.value }}';
			const kept = shownParameters(description, node);
			for (const property of required) expect(kept[property.name]).toBe('={{ $json.value }}');
			expect(
				NodeHelpers.getNodeParametersIssues(
					description.properties,
					{ ...node, parameters: kept },
					description,
				),
			).toBeNull();
		},
	);

	test('is a tool-capable node with one credential per API, a subtitle and documentation', () => {
		expect(description.name).toBe('ding');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toStrictEqual([
			{ name: 'dingApi', required: true, displayOptions: { show: { api: ['dingV1'] } } },
			{ name: 'preludeApi', required: true, displayOptions: { show: { api: ['preludeV2'] } } },
		]);
		expect(description.subtitle).toContain('$parameter["operation"]');
		expect(description.documentationUrl).toMatch(/^https:\/\//);
	});

	test('has distinct light and dark SVG icons that exist', () => {
		const icon = description.icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) {
			expect(file).toMatch(/^file:.*\.svg$/);
			const svg = readRepoFile(`${NODE_DIR}/${file.slice('file:'.length)}`);
			expect(svg).toMatch(/^<svg /);
		}
	});

	test('the credential’s light and dark icons exist beside it (in source, and so in dist/)', () => {
		const icon = new DingApi().icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) {
			expect(repoFileExists(`credentials/${file.slice('file:'.length)}`)).toBe(true);
		}
	});

	test('has a codex file for the node', () => {
		const codex = JSON.parse(readRepoFile(`${NODE_DIR}/Ding.node.json`));
		expect(codex.node).toBe('n8n-nodes-ding.ding');
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
	});

	test('version 3 is the default; version 1 nodes keep Ding v1, later nodes start on Prelude v2', () => {
		expect(description.version).toStrictEqual([1, 2, 3]);
		expect(description.defaultVersion).toBe(3);
		const apis = description.properties.filter((p) => p.name === 'api');
		expect(apis.map((p) => [p.default, p.displayOptions?.show?.['@version']])).toStrictEqual([
			['dingV1', [1]],
			['preludeV2', [{ _cnd: { gte: 2 } }]],
		]);
		for (const api of apis) {
			expect(api.noDataExpression).toBe(true);
			expect(optionsOf(api).map((o) => [o.name, o.value])).toStrictEqual([
				['Ding V1 (Legacy)', 'dingV1'],
				['Prelude Verify V2', 'preludeV2'],
			]);
		}
	});

	test('resources per API, with stable values and sentence-case actions', () => {
		// One Resource list for both APIs (n8n's node panel would list a second one's actions
		// twice); Ding v1 has operations for OTP and Lookup only, lists only those (names.test.ts),
		// and shows a notice on the others.
		const resources = description.properties.filter((p) => p.name === 'resource');
		expect(resources).toHaveLength(1);
		expect(resources[0].noDataExpression).toBe(true);
		expect(optionsOf(resources[0]).map((o) => [o.name, o.value])).toStrictEqual([
			['Allow / Block List', 'phoneList'],
			['Fraud Watch', 'watch'],
			['Identity Match (KYC)', 'kyc'],
			['Lookup', 'lookup'],
			['Message', 'notify'],
			['OTP', 'otp'],
			['Sender ID', 'senderId'],
			['Subscription', 'subscription'],
			['Test Number', 'testNumber'],
			['Transactional (Deprecated)', 'transactional'],
		]);
		const v1Resources = description.properties
			.filter((p) => p.name === 'operation' && p.displayOptions?.show?.api?.includes('dingV1'))
			.flatMap((p) => p.displayOptions!.show!.resource as string[]);
		expect(v1Resources.sort()).toStrictEqual(['lookup', 'otp']);
		const notice = description.properties.find((p) => p.name === 'dingV1NoSuchResource')!;
		expect((notice.displayOptions!.show!.resource as string[]).sort()).toStrictEqual(
			optionsOf(resources[0])
				.map((o) => String(o.value))
				.filter((v) => !['lookup', 'otp'].includes(v))
				.sort(),
		);
		const operationsOf = (resource: string, api = 'dingV1') => {
			const operation = description.properties.find(
				(p) =>
					p.name === 'operation' &&
					p.displayOptions?.show?.resource?.includes(resource) &&
					p.displayOptions?.show?.api?.includes(api),
			)!;
			expect(operation.noDataExpression).toBe(true);
			return optionsOf(operation).map((o) => [o.name, o.value, o.action]);
		};
		expect(operationsOf('otp')).toStrictEqual([
			['Check', 'check', 'Check a verification code'],
			['Get Status', 'getStatus', 'Get the status of a verification'],
			['Retry', 'retry', 'Retry sending a verification code'],
			['Send', 'send', 'Send a verification code'],
			['Send Feedback', 'sendFeedback', 'Send feedback on a verification'],
		]);
		expect(operationsOf('lookup')).toStrictEqual([['Get', 'get', 'Get a phone number lookup']]);
		expect(operationsOf('otp', 'preludeV2')).toStrictEqual([
			['Check', 'check', 'Check a verification code'],
			['Get', 'get', 'Get a verification'],
			['Get Many', 'getMany', 'Get many verifications'],
			['Retry', 'retry', 'Retry sending a verification code'],
			['Send', 'send', 'Send a verification code'],
			['Send and Wait for Code', 'sendAndWait', 'Send and wait for code'],
			['Send Feedback', 'sendFeedback', 'Send feedback on a verification'],
		]);
		expect(operationsOf('watch', 'preludeV2').map(([, value]) => value)).toStrictEqual([
			'evaluate',
			'predict',
			'sendEvents',
			'sendFeedback',
		]);
		expect(operationsOf('notify', 'preludeV2').map(([, value]) => value)).toStrictEqual([
			'reply',
			'send',
			'sendBatch',
		]);
		expect(operationsOf('subscription', 'preludeV2').map(([, value]) => value)).toStrictEqual([
			'get',
			'getMany',
			'getManyNumbers',
			'getNumber',
			'getNumberEvents',
		]);
		for (const resource of ['phoneList', 'testNumber']) {
			expect(operationsOf(resource, 'preludeV2').map(([, value]) => value)).toStrictEqual([
				'add',
				'getMany',
				'remove',
			]);
		}
		expect(operationsOf('senderId', 'preludeV2').map(([, value]) => value)).toStrictEqual([
			'getMany',
			'submit',
		]);
		expect(operationsOf('transactional', 'preludeV2').map(([, value]) => value)).toStrictEqual([
			'send',
		]);
		expect(operationsOf('kyc', 'preludeV2').map(([, value]) => value)).toStrictEqual(['match']);
		expect(operationsOf('lookup', 'preludeV2')).toStrictEqual([
			['Get', 'get', 'Get a phone number lookup'],
		]);
	});

	test('every parameter says what it is for, and required ones show an example', () => {
		const fields = description.properties.filter(
			(p) => !['resource', 'operation'].includes(p.name),
		);
		for (const field of fields) {
			if (field.type === 'notice') continue; // a notice is its own text
			expect(field.description ?? field.options).toBeTruthy();
			if (field.required && field.type === 'string') expect(field.placeholder).toMatch(/^e\.g\. /);
		}
		const collections = description.properties.filter((p) =>
			['additionalFields', 'verificationOptions', 'signals'].includes(p.name),
		);
		expect(collections.length).toBeGreaterThanOrEqual(5);
		for (const collection of collections) {
			const names = (collection.options as INodeProperties[]).map((o) => o.name);
			expect(names).toStrictEqual([...names].sort());
			for (const option of collection.options as INodeProperties[]) {
				expect(option.description).toBeTruthy();
			}
		}
	});

	test('each operation shows only its own fields', () => {
		const shownFor = (resource: string, operation: string, api = 'dingV1') =>
			description.properties
				.filter(
					(p) =>
						// The tool variant's own fields ('@tool') are checked in tool.test.ts.
						!p.displayOptions?.show?.['@tool'] &&
						p.displayOptions?.show?.api?.includes(api) &&
						p.displayOptions?.show?.resource?.includes(resource) &&
						p.displayOptions?.show?.operation?.includes(operation),
				)
				.map((p) => p.name);
		const target = ['targetType', 'phoneNumber', 'emailAddress'];
		expect(shownFor('otp', 'send')).toStrictEqual(['phoneNumber', 'additionalFields', 'options']);
		expect(shownFor('otp', 'check')).toStrictEqual(['authenticationUuid', 'checkCode', 'options']);
		expect(shownFor('otp', 'retry')).toStrictEqual(['authenticationUuid', 'options']);
		expect(shownFor('otp', 'getStatus')).toStrictEqual(['authenticationUuid', 'options']);
		expect(shownFor('otp', 'sendFeedback')).toStrictEqual(['phoneNumber', 'status', 'options']);
		expect(shownFor('lookup', 'get')).toStrictEqual(['phoneNumber', 'options']);

		const v2 = (resource: string, operation: string) => shownFor(resource, operation, 'preludeV2');
		expect(v2('otp', 'send')).toStrictEqual([
			...target,
			'verificationOptions',
			'signals',
			'options',
		]);
		expect(v2('otp', 'retry')).toStrictEqual([
			...target,
			'verificationOptions',
			'signals',
			'options',
		]);
		expect(v2('otp', 'check')).toStrictEqual([...target, 'checkCode', 'checkFields', 'options']);
		expect(v2('otp', 'sendFeedback')).toStrictEqual([
			...target,
			'feedbackType',
			'feedbackFields',
			'options',
		]);
		expect(v2('lookup', 'get')).toStrictEqual(['phoneNumber', 'options']);
	});

	test('the retry and timeout Options show the defaults the transport uses', () => {
		const defaults = Object.fromEntries(requestOptionFields.map((f) => [f.name, f.default]));
		expect(defaults).toStrictEqual({
			maxRetries: DEFAULT_REQUEST_SETTINGS.maxRetries,
			maxRetryWait: DEFAULT_REQUEST_SETTINGS.maxRetryWaitMs / 1000,
			timeout: DEFAULT_REQUEST_SETTINGS.timeoutMs,
			batching: { batch: {} },
		});
		const batch = (requestOptionFields.at(-1)!.options as Array<{ values: INodeProperties[] }>)[0];
		// Once Batching is added, Mode starts in Adaptive from version 3, as the node runs without
		// Batching (capped at 50); in older nodes in Fixed, what workflows saved before Mode existed
		// meant by their Items per Batch.
		expect(
			batch.values.map((v) => [v.name, v.default, v.displayOptions?.show?.['@version']]),
		).toStrictEqual([
			['mode', 'fixed', [{ _cnd: { lt: 3 } }]],
			['mode', 'adaptive', [{ _cnd: { gte: 3 } }]],
			['maxConcurrency', DEFAULT_MAX_CONCURRENCY, undefined],
			['batchSize', 1, undefined],
			['batchInterval', 0, undefined],
		]);
	});
});
