import {
	ExecuteContext,
	ExecutionLifecycleHooks,
	HookContext,
	RoutingNode,
	WAITING_TOKEN_QUERY_PARAM,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IExecuteFunctions,
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialsDecrypted,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IExecuteResponsePromiseData,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeData,
	INodeTypeDescription,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IRequestOptionsSimplified,
	ITaskData,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	Logger,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	ICredentialsHelper,
	isExpression,
	LoggerProxy,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

import { DingApi } from '../../credentials/DingApi.credentials';
import { PreludeApi } from '../../credentials/PreludeApi.credentials';
import { Ding } from '../../nodes/Ding/Ding.node';
import { DingTrigger } from '../../nodes/DingTrigger/DingTrigger.node';
import { capturedLines } from './console-capture';

/**
 * Runs the Ding node the way n8n runs it: n8n-core's WorkflowExecute and ExecuteContext, the real
 * httpRequestWithAuthentication (Axios under n8n's outbound HTTP layer), real parameter and
 * expression resolution, and the credential's real declarative `authenticate`, resolved the way
 * n8n's server resolves it. Only the credential store is in memory.
 */

export const DING_NODE_TYPE = 'n8n-nodes-ding.ding';
const SOURCE_NODE_TYPE = 'test.items';
const NOOP_NODE_TYPE = 'n8n-nodes-base.noOp';

const credentialTypes: Record<string, ICredentialType> = {
	dingApi: new DingApi(),
	preludeApi: new PreludeApi(),
};

export type CredentialTypeName = 'dingApi' | 'preludeApi';

/**
 * Every line logged or printed during the test file, to prove the API key never reaches a log:
 * n8n's LoggerProxy lines (below) and every console call or write (console-capture.js, installed
 * before the first test module loads). n8n-core's own Logger, once n8n creates it for its
 * ErrorReporter, takes LoggerProxy over and writes through winston to the console: from then on
 * the LoggerProxy lines arrive here that way, as JSON with their metadata (jest.console.js).
 */
export const loggedLines: string[] = capturedLines;

/** How far each text has been looked for in loggedLines, and not found. */
const scannedWithout = new Map<string, number>();

/**
 * The logged lines that contain `text`. Lines are only ever added, so each line is read once per
 * text: checking after every run of a property test (thousands of runs) does not re-read the file's
 * whole log each time.
 */
export function loggedLinesContaining(text: string): string[] {
	const from = scannedWithout.get(text) ?? 0;
	const found = loggedLines.slice(from).filter((line) => line.includes(text));
	if (found.length === 0) scannedWithout.set(text, loggedLines.length);
	return found;
}

const captureLog =
	(level: string) =>
	(message: string, meta: object = {}): void => {
		let metaText: string;
		try {
			metaText = JSON.stringify(meta);
		} catch {
			metaText = String(meta);
		}
		loggedLines.push(`${level} ${message} ${metaText}`);
	};
const testLogger = {
	error: captureLog('error'),
	warn: captureLog('warn'),
	info: captureLog('info'),
	debug: captureLog('debug'),
	scoped: () => testLogger,
} as unknown as Logger;
LoggerProxy.init(testLogger);

/** How often a credential was read (fetched and decrypted, in n8n's server). */
export const credentialReads = { count: 0 };

/** An in-memory credential store whose `authenticate` does what n8n's server CredentialsHelper does. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = credentialTypes[typeName];
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (typeof authenticate === 'object' && authenticate.type === 'generic') {
			if (!workflow || !node) throw new Error('declarative authenticate needs workflow and node');
			const options = requestOptions as unknown as Record<string, Record<string, string>>;
			for (const [where, entries] of Object.entries(authenticate.properties)) {
				options[where] ??= {};
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					const resolve = (text: string) =>
						isExpression(text)
							? String(
									workflow.expression.getSimpleParameterValue(
										node,
										text,
										'internal',
										{ $credentials: credentials },
										undefined,
										'',
									) ?? '',
								)
							: text;
					options[where][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	/** Stored data over the credential type's defaults, as n8n's applyDefaultsAndOverwrites does. */
	/** As n8n's server: the stored data with defaults, its expressions resolved for the item. */
	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		_raw?: boolean,
		values?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		credentialReads.count += 1;
		const stored = this.store[nodeCredentials.id ?? ''];
		if (!stored) throw new Error(`no credential with id ${String(nodeCredentials.id)}`);
		const data = withDefaults(type, stored);
		if (!values) return data;
		return values.workflow.expression.getParameterValue(
			data as INodeParameters,
			values.runExecutionData,
			values.runIndex,
			values.itemIndex,
			values.node.name,
			values.connectionInputData,
			mode,
			{},
			undefined,
			false,
			data,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type].properties;
	}
}

function withDefaults(type: string, data: ICredentialDataDecryptedObject) {
	const defaults: ICredentialDataDecryptedObject = {};
	for (const property of credentialTypes[type].properties) {
		defaults[property.name] = property.default as ICredentialDataDecryptedObject[string];
	}
	return { ...defaults, ...data };
}

export class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: INodeTypeData) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.types[nodeType].type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const known = this.types[nodeType];
		if (!known) throw new Error(`unknown node type ${nodeType}`);
		return NodeHelpers.getVersionedNodeType(known.type, version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/**
 * A node's parameters as n8n's editor holds them: what is saved plus the default of every field
 * it shows (NodeHelpers.getNodeParameters, as the editor calls it).
 */
export function shownParameters(description: INodeTypeDescription, node: INode): INodeParameters {
	return NodeHelpers.getNodeParameters(
		description.properties,
		node.parameters,
		true,
		false,
		node,
		description,
	)!;
}

/**
 * The node's tool variant, as n8n derives it for an AI agent (n8n tool-generation/ai-tools.ts):
 * the same node under the name "dingTool", so that its '@tool' fields show and are kept.
 */
function dingToolVariant(): INodeType {
	const tool = new Ding();
	tool.description = { ...tool.description, name: 'dingTool' };
	return tool;
}

/** A start node that outputs the test's input items, as a trigger or an upstream node would. */
function sourceNodeType(
	items: INodeExecutionData[],
	name = SOURCE_NODE_TYPE,
	parameters: INodeParameters = {},
): INodeType {
	return {
		description: {
			displayName: 'Items',
			name,
			group: ['input'],
			version: [1, 2, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6],
			description: 'Test input',
			defaults: { name: 'Items' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			// The parameters the test gives it (n8n keeps only the parameters a type declares).
			properties: Object.keys(parameters).map((key) => ({
				displayName: key,
				name: key,
				type: 'string' as const,
				default: '',
			})),
		},
		async execute() {
			return [items.map((item) => ({ json: item.json }))];
		},
	};
}

/** A node that passes its items on: stands in for the nodes after Ding in a test workflow. */
function passThroughType(name: string): INodeType {
	return {
		description: {
			displayName: name,
			name,
			group: ['transform'],
			version: 1,
			description: 'Passes its items on',
			defaults: { name },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			return [this.getInputData()];
		},
	};
}

function additionalDataFor(
	credentialsHelper: ICredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		executionId: 'test-execution',
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;
}

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface RunDingOptions {
	/** The Ding node's parameters as a saved workflow holds them; expressions start with "=". */
	parameters: INodeParameters;
	/** The JSON of the items that reach the Ding node. */
	items?: IDataObject[];
	credentials: ICredentialDataDecryptedObject;
	/** Which credential the node holds: dingApi (Ding v1, the default) or preludeApi (v2). */
	credentialType?: CredentialTypeName;
	/** The node's version as saved in the workflow: 1 (the default, as old workflows) or 2. */
	typeVersion?: number;
	onError?: OnError;
	/**
	 * Cancels the execution, as n8n's Stop button does, once this resolves: tests tie it to a point
	 * in the exchange (e.g. the stand-in's whenReceived), not to a time a busy machine can miss.
	 */
	cancelWhen?: Promise<unknown>;
	/** Runs the node as n8n runs an AI agent's tool: its tool variant, type `…dingTool`. */
	asTool?: boolean;
	/**
	 * Another node in the Ding node's place, holding the same credential: how n8n lets its HTTP
	 * Request node (and its AI tool) use any credential type.
	 */
	nodeType?: INodeType;
	/**
	 * What the start node looks like to the Ding node (its type, version and parameters, e.g. an
	 * n8n Form Trigger), and the nodes after Ding's first output; they only pass items on.
	 */
	start?: { type: string; typeVersion: number; parameters?: INodeParameters };
	after?: Array<{ type: string; parameters?: INodeParameters; disabled?: boolean }>;
}

export interface DingRunResult {
	run: IRun;
	/** The Ding node's task data, as n8n stores it in the execution. */
	task?: ITaskData;
	/** Output 0 (and output 1, the error output, with "continue using error output"). */
	output: INodeExecutionData[];
	errorOutput: INodeExecutionData[];
	/** The error that stopped the execution, if any. */
	error?: IRun['data']['resultData']['error'];
	/** What the node handed to n8n for a trigger waiting on a "Respond to Webhook" answer. */
	responses: IExecuteResponsePromiseData[];
	/** When the node put the execution to wait (Send and Wait for Code): its page, as n8n serves it. */
	waiting?: WaitingExecution;
	/** With cancelWhen: whether the cancel came before the execution ended. */
	cancelled: boolean;
}

/** What a browser or an app got back from the code page: HTML text, or the JSON object. */
export interface PageAnswer extends WebhookAnswer {
	/** What the node's webhook handed back to n8n: workflowData resumes the execution. */
	result: IWebhookResponseData;
}

/**
 * A waiting execution as n8n's waiting-webhook server holds it (packages/cli waiting-webhooks.ts):
 * a request to the resume URL is refused unless its signature is the instance's HMAC of the URL,
 * then runs the node's webhook() in n8n-core's WebhookContext with the execution's data, whose
 * first stack entry (the waiting node and the input it left behind) gives `$json`.
 */
export interface WaitingExecution {
	waitTill: Date;
	/** The signed resume URL the node put in its output. */
	url: string;
	request(
		method: 'GET' | 'POST',
		options?: { url?: string; body?: IDataObject; headers?: Record<string, string> },
	): Promise<PageAnswer>;
	/** What n8n passes on when the wait runs out: the waiting node's input, to output 0. */
	timeoutOutput(): INodeExecutionData[];
}

/** Runs a two-node workflow, Items → Ding, through n8n-core's WorkflowExecute. */
export async function runDing(options: RunDingOptions): Promise<DingRunResult> {
	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const start = options.start ?? { type: SOURCE_NODE_TYPE, typeVersion: 1 };
	const after = (options.after ?? []).map(
		(node, index): INode => ({
			id: `after-${index}`,
			name: `After ${index}`,
			type: node.type,
			typeVersion: 1,
			position: [400, index * 100],
			parameters: node.parameters ?? {},
			...(node.disabled ? { disabled: true } : {}),
		}),
	);
	const nodeTypes = new TestNodeTypes({
		[start.type]: { type: sourceNodeType(items, start.type, start.parameters), sourcePath: '' },
		[DING_NODE_TYPE]: { type: options.nodeType ?? new Ding(), sourcePath: '' },
		[`${DING_NODE_TYPE}Tool`]: { type: dingToolVariant(), sourcePath: '' },
		...Object.fromEntries(
			after.map((node) => [node.type, { type: passThroughType(node.type), sourcePath: '' }]),
		),
	});
	const source: INode = {
		id: 'source',
		name: 'Items',
		type: start.type,
		typeVersion: start.typeVersion,
		position: [0, 0],
		parameters: start.parameters ?? {},
	};
	const ding: INode = {
		id: 'ding',
		name: 'Ding',
		type: options.asTool ? `${DING_NODE_TYPE}Tool` : DING_NODE_TYPE,
		typeVersion: options.typeVersion ?? 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials: {
			[options.credentialType ?? 'dingApi']: { id: 'cred-ding', name: 'Ding account' },
		},
		...(options.onError ? { onError: options.onError } : {}),
	};
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'Ding test',
		nodes: [source, ding, ...after],
		connections: {
			Items: { main: [[{ node: 'Ding', type: NodeConnectionTypes.Main, index: 0 }]] },
			...(after.length > 0
				? {
						Ding: {
							main: [
								after.map((node) => ({
									node: node.name,
									type: NodeConnectionTypes.Main,
									index: 0,
								})),
							],
						},
					}
				: {}),
		},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'wf-test',
		name: 'Ding test',
		nodes: workflow.nodes ? Object.values(workflow.nodes) : [],
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
	} as never);
	const responses: IExecuteResponsePromiseData[] = [];
	hooks.addHandler('sendResponse', async (response) => {
		responses.push(response);
	});
	const credentialsHelper = new TestCredentialsHelper({ 'cred-ding': options.credentials });
	const additionalData = additionalDataFor(credentialsHelper, hooks);

	const running = new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: source,
	});
	let cancelled = false;
	let ended = false;
	void options.cancelWhen?.then(() => {
		if (ended) return;
		cancelled = true;
		running.cancel();
	});
	const run = await running;
	ended = true;
	const task = run.data.resultData.runData.Ding?.[0];
	const main = task?.data?.main ?? [];
	return {
		run,
		task,
		output: main[0] ?? [],
		errorOutput: main[1] ?? [],
		error: run.data.resultData.error,
		responses,
		cancelled,
		waiting: run.data.waitTill
			? waitingExecution(workflow, ding, run, credentialsHelper, main)
			: undefined,
	};
}

function waitingExecution(
	workflow: Workflow,
	node: INode,
	run: IRun,
	credentialsHelper: ICredentialsHelper,
	main: Array<INodeExecutionData[] | null>,
): WaitingExecution {
	const ding = new Ding();
	const url = String(
		(main[0]?.[0]?.json.dingVerification as IDataObject | undefined)?.codeUrl ?? '',
	);
	return {
		waitTill: run.data.waitTill as Date,
		url,
		timeoutOutput: () => run.data.executionData?.nodeExecutionStack[0]?.data.main[0] ?? [],
		async request(method, options = {}) {
			const target = new URL(options.url ?? url);
			const headers = options.headers ?? {};
			const answer: PageAnswer = { status: 200, body: undefined, headers: {}, result: {} };
			const response = recordingResponse(answer);
			const request = {
				method,
				path: target.pathname,
				body: options.body ?? {},
				headers,
				query: Object.fromEntries(target.searchParams),
				params: {},
			};
			const additionalData = {
				...additionalDataFor(credentialsHelper),
				httpRequest: request,
				httpResponse: response,
			} as unknown as IWorkflowExecuteAdditionalData;
			// n8n's route: /webhook-waiting/<execution>[/<suffix>], the suffix matched to a webhook path.
			const [, , , suffix = ''] = target.pathname.split('/');
			const description = ding.description.webhooks!.find(
				(w) =>
					w.httpMethod === method && (w.path === '={{ $nodeId }}' ? node.id : w.path) === suffix,
			);
			if (!description) return { ...answer, status: 404, body: 'No waiting webhook' };
			const webhookData: IWebhookData = {
				httpMethod: method,
				node: node.name,
				path: suffix,
				webhookDescription: description,
				workflowId: String(workflow.id),
				workflowExecuteAdditionalData: additionalData,
			};
			// The waiting data as n8n stores it between requests: a copy, never the live object.
			const stored = JSON.parse(JSON.stringify(run.data)) as IRunExecutionData;
			const context = new WebhookContext(
				workflow,
				node,
				additionalData,
				'webhook',
				webhookData,
				[],
				stored,
			);
			// n8n's server: a request to another path of the execution than the node's page must
			// carry the execution's resume token (WaitingWebhooks.validateToken).
			const given = target.searchParams.get(WAITING_TOKEN_QUERY_PARAM) ?? '';
			if (suffix !== node.id) {
				if (given !== run.data.resumeToken)
					return { ...answer, status: 401, body: 'Invalid token' };
				answer.result = await ding.webhook.call(context);
				return answer;
			}
			// n8n's server: a resume URL that is not this execution's, signed with the instance's
			// HMAC secret, never reaches the node. The expected URL is n8n-core's own signing.
			const unsigned = new URL(target);
			unsigned.searchParams.delete(WAITING_TOKEN_QUERY_PARAM);
			const expected = new URL(
				context.getSignedResumeUrl(Object.fromEntries(unsigned.searchParams)),
			);
			const signed = expected.searchParams.get(WAITING_TOKEN_QUERY_PARAM) ?? '';
			expected.searchParams.delete(WAITING_TOKEN_QUERY_PARAM);
			if (given !== signed || expected.pathname !== unsigned.pathname) {
				return { ...answer, status: 401, body: 'Invalid token' };
			}
			answer.result = await ding.webhook.call(context);
			return answer;
		},
	};
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * The "Test" button for a Ding credential, done as n8n's CredentialsTester does it: the
 * credential's `test.request` runs through RoutingNode on a temporary node, then its rules are
 * read (responseCode rules when the request threw, responseSuccessBody rules when it did not).
 */
export async function testDingCredential(
	data: ICredentialDataDecryptedObject,
	type: CredentialTypeName = 'dingApi',
): Promise<CredentialTestResult> {
	const credentialType = credentialTypes[type];
	const testRequest = credentialType.test!;
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'cred-under-test',
		name: 'Ding account',
		type,
		data: withDefaults(type, data),
	};
	const tempNodeType: INodeType = {
		description: {
			displayName: 'No Operation',
			name: NOOP_NODE_TYPE,
			group: ['transform'],
			version: 1,
			description: 'Temporary node of the credential test',
			defaults: { name: 'Temp' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: NOOP_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: 'cred-under-test', name: 'Ding account' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes({ [NOOP_NODE_TYPE]: { type: tempNodeType, sourcePath: '' } }),
	});
	const credentialsHelper = new TestCredentialsHelper({ 'cred-under-test': data });
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		resultData: { runData: {} },
	});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalDataFor(credentialsHelper),
		'internal' as WorkflowExecuteMode,
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, tempNodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const answer = (error as { cause?: { response?: { status: number; statusText?: string } } })
			.cause?.response;
		if (answer) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === answer.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return {
				status: 'Error',
				message: answer.statusText || `Received HTTP status code: ${answer.status}`,
			};
		}
		const code = (error as { cause?: { code?: string } }).cause?.code;
		return { status: 'Error', message: code ?? (error as Error).message };
	}

	const body = response?.[0]?.[0]?.json ?? {};
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const value = rule.properties.key
				.split('.')
				.reduce<unknown>((at, key) => (at as IDataObject | undefined)?.[key], body);
			if (value === rule.properties.value)
				return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

export const DING_TRIGGER_NODE_TYPE = 'n8n-nodes-ding.dingTrigger';

/** What the HTTP client that posted to a webhook got back. */
export interface WebhookAnswer {
	status: number;
	body: unknown;
	headers: Record<string, string>;
}

/** An Express-shaped response, as n8n's server hands webhooks, that records what it is given. */
function recordingResponse(answer: WebhookAnswer) {
	let answered: () => void = () => undefined;
	const sent = new Promise<void>((resolve) => (answered = resolve));
	const finish = (payload?: unknown) => {
		if (payload !== undefined) answer.body = payload;
		response.headersSent = true;
		answered();
		return response;
	};
	const response = {
		headersSent: false,
		/** Resolves once the answer has gone out (a node may answer after its webhook returned). */
		sent,
		status(code: number) {
			answer.status = code;
			return response;
		},
		type(kind: string) {
			answer.headers['content-type'] = kind;
			return response;
		},
		setHeader(name: string, value: string) {
			answer.headers[name.toLowerCase()] = value;
			return response;
		},
		json: (payload: unknown) => finish(payload),
		send: (payload: unknown) => finish(payload),
		redirect(code: number, location: string) {
			answer.status = code;
			answer.headers.location = location;
			return finish();
		},
		end: () => finish(),
	};
	return response;
}

/**
 * A Ding Trigger as an active workflow holds it: the node, its workflow and its static data, which
 * n8n keeps between calls. `post` runs the node's webhook() in n8n-core's WebhookContext with a
 * request and response shaped like the Express objects n8n's server hands it.
 */
let triggerWorkflows = 0;

/** The database n8n processes share in queue mode: one workflow's ID and its static data. */
export interface SharedWorkflow {
	workflowId: string;
	staticData: IDataObject;
}

/** One n8n process: its own copy of the trigger's module (its process memory) and the database. */
export interface TriggerProcess {
	DingTrigger: typeof DingTrigger;
	database: SharedWorkflow;
}

/**
 * The Ding Trigger as a new n8n process has it: its module loaded afresh, with a memory of its
 * own. Loading takes a few hundred milliseconds: load a process once and give it many databases.
 */
export function newProcess(): typeof DingTrigger {
	let loaded: typeof DingTrigger | undefined;
	jest.isolateModules(() => {
		const module = jest.requireActual<{ DingTrigger: typeof DingTrigger }>(
			'../../nodes/DingTrigger/DingTrigger.node',
		);
		loaded = module.DingTrigger;
	});
	return loaded!;
}

/** A Ding Trigger node as a workflow holds it. */
export function triggerNode(parameters: INodeParameters, typeVersion: number): INode {
	return {
		id: 'trigger',
		name: 'Ding Trigger',
		type: DING_TRIGGER_NODE_TYPE,
		typeVersion,
		position: [0, 0],
		parameters,
		webhookId: 'c3a1f0de-7b8e-4f51-9d3a-2c4b5e6f7a8b',
	};
}

/**
 * A Ding Trigger in an active workflow. `typeVersion` 1 is the trigger as saved before version 2
 * (the default here, as the older tests were written for it); version 2 is a trigger added today.
 * With `process`, the trigger runs in that n8n process on its shared database.
 */
export function dingTrigger(
	parameters: INodeParameters,
	typeVersion = 1,
	process?: TriggerProcess,
) {
	const trigger = new (process?.DingTrigger ?? DingTrigger)();
	// Each trigger is its own workflow, as the node keeps per-workflow memory in the process.
	const workflowId = process?.database.workflowId ?? `wf-trigger-${++triggerWorkflows}`;
	const node = triggerNode(parameters, typeVersion);
	const staticData: IDataObject = {};
	const workflowWith = (data: IDataObject) =>
		new Workflow({
			id: workflowId,
			name: 'Ding Trigger test',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: new TestNodeTypes({ [DING_TRIGGER_NODE_TYPE]: { type: trigger, sourcePath: '' } }),
			staticData: data,
		});
	const workflow = workflowWith(staticData);
	/**
	 * The workflow one webhook call runs with. In a "process" (below), as n8n's LiveWebhooks does
	 * for a production webhook (n8n 2.40): loaded from the database with its static data, which is
	 * saved back when the answer goes out, if the node changed it. A node that leaves the answer to
	 * n8n is answered only after n8n has started the run, and starting it builds the workflow anew
	 * from the same static data, which clears the "changed" mark: nothing is saved then.
	 */
	const workflowForCall = () =>
		process
			? workflowWith(JSON.parse(JSON.stringify(process.database.staticData)) as IDataObject)
			: workflow;
	const saveAfterCall = (used: Workflow, answeredByNode = true) => {
		if (process && answeredByNode && used.staticData.__dataChanged === true) {
			process.database.staticData = JSON.parse(JSON.stringify(used.staticData)) as IDataObject;
		}
	};
	const credentialsHelper = new TestCredentialsHelper({});
	const webhookData = (additionalData: IWorkflowExecuteAdditionalData): IWebhookData => ({
		httpMethod: 'POST',
		node: node.name,
		path: 'webhook',
		webhookDescription: trigger.description.webhooks![0],
		workflowId,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	});

	return {
		staticData,
		/** The static data of the node, as n8n stores it per node. */
		nodeState: () =>
			process
				? ((process.database.staticData[`node:${node.name}`] ?? {}) as IDataObject)
				: workflow.getStaticData('node', node),
		/**
		 * Posts an event. `raw` is the exact body text (n8n keeps it as req.rawBody, which a
		 * signature covers); by default the JSON of `body`.
		 */
		async post(
			body: unknown,
			headers: Record<string, string> = { 'content-type': 'application/json' },
			raw: string = JSON.stringify(body) ?? '',
			query: IDataObject = {},
		): Promise<{ answer: WebhookAnswer; result: IWebhookResponseData }> {
			const answer: WebhookAnswer = { status: 200, body: undefined, headers: {} };
			const response = recordingResponse(answer);
			const request = {
				body,
				rawBody: Buffer.from(raw),
				headers,
				query,
				params: {},
				method: 'POST',
			};
			const additionalData = {
				...additionalDataFor(credentialsHelper),
				httpRequest: request,
				httpResponse: response,
			} as unknown as IWorkflowExecuteAdditionalData;
			const used = workflowForCall();
			const context = new WebhookContext(
				used,
				node,
				additionalData,
				'webhook',
				webhookData(additionalData),
				[],
				null,
			);
			const result = await trigger.webhook.call(context);
			saveAfterCall(used, result.noWebhookResponse === true || result.workflowData === undefined);
			if (result.noWebhookResponse === true) {
				// The node answers itself, possibly a moment after its webhook returned.
				// (A node that never answers fails the test on Jest's timeout.)
				await response.sent;
			}
			return { answer, result };
		},
		/** n8n's activation and deactivation hooks, in order, as for an active workflow. */
		async lifecycle(method: 'checkExists' | 'create' | 'delete'): Promise<boolean> {
			const additionalData = additionalDataFor(credentialsHelper);
			const used = workflowForCall();
			const context = new HookContext(
				used,
				node,
				additionalData,
				'trigger',
				method === 'delete' ? 'manual' : 'activate',
				webhookData(additionalData),
			);
			const done = await trigger.webhookMethods.default[method].call(context);
			saveAfterCall(used);
			return done;
		},
	};
}
