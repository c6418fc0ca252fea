import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties, SUBTITLE } from './description';
import { callbackUrlMethods, receiveEvent } from './webhook';

/**
 * The Ding Trigger: its description (the properties and events are in description.ts) and the
 * entries n8n calls. What happens to a post is in webhook.ts, signature checks in signatures.ts,
 * the memory of event IDs in repeatMemory.ts.
 */
export class DingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ding Trigger',
		name: 'dingTrigger',
		icon: { light: 'file:../Ding/ding.svg', dark: 'file:../Ding/ding.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: SUBTITLE,
		// n8n's node panel lists this trigger and the Ding node as one entry "Ding" and shows this
		// description for it (n8n-editor-ui generateMergedNodesAndActions), so it speaks for both.
		description:
			'Verify phone numbers with one-time codes from Ding (Prelude Verify v2): send and check codes, look up numbers, and start workflows on verification events',
		documentationUrl: 'https://github.com/n8n-nodes-ding/n8n-nodes-ding#ding-trigger',
		defaults: {
			name: 'Ding Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties,
	};

	webhookMethods = { default: callbackUrlMethods };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveEvent.call(this);
	}
}
