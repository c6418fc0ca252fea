import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as dingV1 from './actions/dingV1';
import { dingV1ResourceValues, resourceOptions, subtitle } from './actions/names';
import * as preludeV2 from './actions/preludeV2';
import { webhook as codePageWebhook } from './actions/preludeV2/otp/sendAndWait/webhook';
import { router } from './actions/router';
import { FORM_STATUS_PATH } from './actions/preludeV2/otp/sendAndWait/formHandoff';
import { toolProperties } from './fields/tool';

/**
 * The API choice. It exists twice, with the default by node version: version 1 nodes (saved
 * before v2 existed, without the parameter) read Ding v1, version 2 nodes start on Prelude v2.
 */
const apiProperty: INodeProperties = {
	displayName: 'API',
	name: 'api',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Ding V1 (Legacy)',
			value: 'dingV1',
			description:
				'The original Ding API (api.ding.live/v1), with a Ding API credential. Ding announced its removal for April 2026.',
		},
		{
			name: 'Prelude Verify V2',
			value: 'preludeV2',
			description:
				"Ding's successor, Prelude's Verify API v2 (api.prelude.dev), with a Prelude API credential",
		},
	],
	default: 'preludeV2',
	description: 'Which Ding API to use; each has its own credential and fields',
};

/**
 * Send and Wait for Code's page, at the waiting execution's signed resume URL
 * (/webhook-waiting/<execution>/<node id>?signature=…). n8n checks the signature before the node
 * sees a request, for nodes whose operation is `sendAndWait`, and registers these webhooks only
 * while an execution waits (restartWebhook). The status path and the bare resume URL (GET only,
 * checked by n8n against the execution's resume token) take an n8n form to that page
 * (actions/preludeV2/otp/sendAndWait/formHandoff.ts).
 */
const waitingWebhook = (httpMethod: 'GET' | 'POST', path: string): IWebhookDescription => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	path,
	restartWebhook: true,
	isFullPath: true,
});
const codePageWebhooks: IWebhookDescription[] = [
	waitingWebhook('GET', '={{ $nodeId }}'),
	waitingWebhook('POST', '={{ $nodeId }}'),
	waitingWebhook('GET', FORM_STATUS_PATH),
	waitingWebhook('GET', ''),
];

/**
 * What the editor shows on a waiting Ding node (only Send and Wait for Code waits): a link to the
 * code page. The editor evaluates it with `$execution.resumeUrl` taken from the task's metadata,
 * where the node puts the signed code URL.
 */
const WAITING_TOOLTIP =
	'={{ "Waiting for the person to type the code on the code page: <a href=\\"" + $execution.resumeUrl + "\\" target=\\"_blank\\">" + $execution.resumeUrl + "</a> (also in this node\'s output, dingVerification.codeUrl)" }}';

/** Send and Wait for Code has two outputs; every other operation one. See otp/sendAndWait/. */
const OUTPUTS =
	'={{ $parameter.api === "preludeV2" && $parameter.operation === "sendAndWait" ? [{ "type": "main", "displayName": "Not Verified" }, { "type": "main", "displayName": "Verified" }] : ["main"] }}';

export class Ding implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ding',
		name: 'ding',
		icon: { light: 'file:ding.svg', dark: 'file:ding.dark.svg' },
		group: ['output'],
		// Version 1 nodes (saved before v2 existed) keep Ding v1; version 2 starts on Prelude v2;
		// version 3 starts Options → Batching in Mode Adaptive (before, Fixed: fields/options.ts).
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle,
		description:
			'Verify phone numbers with one-time codes from Ding (Prelude Verify v2 or Ding v1): send, check and resend codes, predict fraud, manage block lists and test numbers, send templated messages, and look up numbers',
		defaults: {
			name: 'Ding',
		},
		usableAsTool: true,
		documentationUrl: 'https://github.com/n8n-nodes-ding/n8n-nodes-ding#readme',
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS,
		webhooks: codePageWebhooks,
		waitingNodeTooltip: WAITING_TOOLTIP,
		credentials: [
			{
				name: 'dingApi',
				required: true,
				displayOptions: { show: { api: ['dingV1'] } },
			},
			{
				name: 'preludeApi',
				required: true,
				displayOptions: { show: { api: ['preludeV2'] } },
			},
		],
		properties: [
			{ ...apiProperty, default: 'dingV1', displayOptions: { show: { '@version': [1] } } },
			{ ...apiProperty, displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } } },
			{
				displayName:
					'Ding v1 is retired: Ding announced its removal for April 2026, and that date has passed. This node works only while api.ding.live still answers. Move it to Prelude Verify v2 (a Prelude API credential): <a href="https://github.com/n8n-nodes-ding/n8n-nodes-ding/blob/main/docs/migration.md" target="_blank">how to migrate</a>.',
				name: 'dingV1Retired',
				type: 'notice',
				default: '',
				displayOptions: { show: { api: ['dingV1'] } },
			},
			{
				// One Resource list for both APIs; a node on Ding v1 lists OTP and Lookup only (see
				// resourceOptions). The notice below covers a v1 node on another resource.
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resourceOptions,
				default: 'otp',
			},
			{
				displayName:
					'Ding v1 has OTP and Lookup only: this resource is Prelude Verify v2’s. To use it, switch the node to Prelude Verify v2: pick a Prelude API credential in the Credential field (n8n 2.x), or set API to Prelude Verify V2.',
				name: 'dingV1NoSuchResource',
				type: 'notice',
				default: '',
				displayOptions: {
					show: {
						api: ['dingV1'],
						resource: resourceOptions
							.map((option) => String(option.value))
							.filter((value) => !dingV1ResourceValues.includes(value)),
					},
				},
			},
			// Prelude v2 first: n8n's node panel lists the actions of the first operation list it
			// finds per resource, and a new node starts on v2.
			...preludeV2.description,
			...dingV1.description,
			...toolProperties,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await codePageWebhook.call(this);
	}
}
