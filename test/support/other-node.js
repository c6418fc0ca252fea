// @ts-check
'use strict';

/**
 * A node that uses a credential as n8n's HTTP Request node does (4.x: the legacy request helper,
 * `requestWithAuthentication` with `uri`) or as n8n's `httpRequestWithAuthentication` does (with
 * `url`), aimed at the URL in its parameter: how any node n8n lets take a credential type can
 * reach its `authenticate`. Plain JavaScript because n8n's lint forbids the deprecated legacy
 * helper in TypeScript, and the point here is to call it as n8n's own node does.
 * @param {string} credentialType @param {string} phone
 * @returns {import('n8n-workflow').INodeType}
 */
function otherNode(credentialType, phone) {
	return {
		description: {
			displayName: 'Other',
			name: 'other',
			group: ['transform'],
			version: [1, 2, 3],
			description: 'Any node that may use any credential',
			defaults: { name: 'Other' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Shape', name: 'shape', type: 'string', default: 'uri' },
			],
		},
		async execute() {
			const url = /** @type {string} */ (this.getNodeParameter('url', 0));
			const shape = this.getNodeParameter('shape', 0);
			const body = { phone };
			const answer =
				shape === 'uri'
					? await this.helpers.requestWithAuthentication.call(this, credentialType, {
							uri: url,
							method: 'POST',
							body,
							json: true,
						})
					: await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
							url,
							method: 'POST',
							body,
							json: true,
						});
			return [[{ json: answer }]];
		},
	};
}

module.exports = { otherNode };
