// @ts-check
'use strict';

/**
 * Talks to a running n8n the way its editor and its public API do: the owner account and its
 * session (internal REST, cookie + browser-id), an API key, then the public API.
 */

const crypto = require('node:crypto');
const http = require('node:http');

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class N8nClient {
	/** @param {string} baseUrl e.g. http://localhost:5678 */
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		this.browserId = crypto.randomUUID();
		this.cookie = '';
		this.apiKey = '';
	}

	/**
	 * @param {string} method @param {string} path @param {unknown} [body]
	 * @param {Record<string, string>} [headers]
	 * @returns {Promise<{ status: number, body: any, text: string, headers: http.IncomingHttpHeaders }>}
	 */
	async request(method, path, body, headers = {}) {
		const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const url = new URL(`${this.baseUrl}${path}`);
		// A new connection per request (agent: false): n8n closes idle keep-alive sockets, and a
		// request sent on one it just closed fails for no reason of the test's.
		const {
			status,
			text,
			headers: answerHeaders,
		} = await new Promise((resolve, reject) => {
			const request = http.request(
				url,
				{
					method,
					agent: false,
					headers: {
						accept: 'application/json',
						...(payload
							? { 'content-type': 'application/json', 'content-length': payload.length }
							: {}),
						...headers,
					},
				},
				(response) => {
					/** @type {Buffer[]} */
					const chunks = [];
					response.on('data', (chunk) => chunks.push(chunk));
					response.on('end', () =>
						resolve({
							status: response.statusCode ?? 0,
							text: Buffer.concat(chunks).toString('utf8'),
							headers: response.headers,
						}),
					);
					response.on('error', reject);
				},
			);
			request.on('error', reject);
			request.setTimeout(120_000, () =>
				request.destroy(new Error(`${method} ${path}: no answer in 120 s`)),
			);
			request.end(payload);
		});
		let parsed;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			parsed = undefined;
		}
		return { status, body: parsed, text, headers: answerHeaders };
	}

	/** Internal REST, as the signed-in editor. @param {string} method @param {string} path @param {unknown} [body] */
	async rest(method, path, body) {
		const response = await this.request(method, `/rest${path}`, body, {
			cookie: this.cookie,
			'browser-id': this.browserId,
		});
		if (response.status >= 400) {
			throw new Error(
				`${method} /rest${path}: HTTP ${response.status} ${response.text.slice(0, 500)}`,
			);
		}
		return response.body?.data;
	}

	/** The public API, with the API key. @param {string} method @param {string} path @param {unknown} [body] */
	async api(method, path, body) {
		const response = await this.request(method, `/api/v1${path}`, body, {
			'x-n8n-api-key': this.apiKey,
		});
		if (response.status >= 400) {
			throw new Error(
				`${method} /api/v1${path}: HTTP ${response.status} ${response.text.slice(0, 500)}`,
			);
		}
		return response.body;
	}

	/** @param {{ headers: http.IncomingHttpHeaders }} response */
	keepCookie(response) {
		const setCookie = response.headers['set-cookie'] ?? [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
	}

	/**
	 * Creates the owner on a new instance, or signs in on one that has it.
	 * @param {{ email: string, password: string, firstName: string, lastName: string }} owner
	 */
	async signIn(owner) {
		const setup = await this.request('POST', '/rest/owner/setup', owner, {
			'browser-id': this.browserId,
		});
		if (setup.status === 200) {
			this.keepCookie(setup);
			return;
		}
		const login = await this.request(
			'POST',
			'/rest/login',
			{ emailOrLdapLoginId: owner.email, password: owner.password },
			{ 'browser-id': this.browserId },
		);
		if (login.status !== 200) {
			throw new Error(
				`could not sign in as ${owner.email}: HTTP ${login.status} ${login.text.slice(0, 300)}`,
			);
		}
		this.keepCookie(login);
	}

	/** Creates an API key with every scope the owner may grant, for the public API. */
	async createApiKey(label = 'n8n-nodes-ding') {
		const scopes = await this.rest('GET', '/api-keys/scopes');
		const created = await this.rest('POST', '/api-keys', {
			label: `${label}-${Date.now()}`,
			expiresAt: null,
			scopes,
		});
		this.apiKey = created.rawApiKey;
		return this.apiKey;
	}

	/**
	 * Creates a credential as the editor's credential dialog does. (n8n 1.x's public API refuses
	 * credentials without the domain-restriction fields it adds to every credential type.)
	 * @param {{ name: string, type: string, data: Record<string, unknown> }} credential
	 * @returns {Promise<{ id: string, name: string }>}
	 */
	async createCredential(credential) {
		return await this.rest('POST', '/credentials', credential);
	}

	/** n8n's own credential test, as the editor's "Test" button calls it. */
	/** @param {{ id: string, name: string, type: string, data: Record<string, unknown> }} credential */
	async testCredential(credential) {
		return await this.rest('POST', '/credentials/test', { credentials: credential });
	}

	/**
	 * Creates a workflow and, if it has a trigger that can be activated, publishes it.
	 * @param {any} workflow @param {{ activate?: boolean }} [options]
	 */
	async createWorkflow(workflow, options = {}) {
		const { name, nodes, connections, settings } = workflow;
		const created = await this.api('POST', '/workflows', {
			name,
			nodes,
			connections,
			settings: settings ?? { executionOrder: 'v1' },
		});
		if (options.activate) await this.api('POST', `/workflows/${created.id}/activate`);
		return created;
	}

	/**
	 * Calls a production webhook; retries while n8n is still registering it after activation.
	 * @param {string} path @param {unknown} body
	 */
	async callWebhook(path, body) {
		for (let attempt = 0; attempt < 40; attempt++) {
			const response = await this.request('POST', `/webhook/${path}`, body);
			const notYet = response.status === 404 && /not registered/i.test(response.text);
			if (!notYet) return response;
			await sleep(250);
		}
		throw new Error(`webhook ${path} was never registered`);
	}

	/**
	 * Posts to a Wait node's resume URL. The URL is known before the execution has reached the Wait
	 * node and been stored as waiting; until then n8n 2.x answers 409 "running already" and n8n 1.x
	 * answers 500 (it reads run data not yet written). Either way nothing was resumed: try again.
	 * @param {string} resumeUrl @param {unknown} body
	 */
	async resume(resumeUrl, body) {
		const url = new URL(resumeUrl);
		for (let attempt = 0; attempt < 120; attempt++) {
			const response = await this.request('POST', `${url.pathname}${url.search}`, body);
			const notWaitingYet = response.status === 409 || response.status === 500;
			if (!notWaitingYet) return response;
			await sleep(250);
		}
		throw new Error(`the execution behind ${url.pathname} never waited`);
	}

	/**
	 * Waits until the execution behind a Send and Wait for Code URL is stored as waiting. A Webhook
	 * that Ding answers itself hands the URL out a moment before that; until then n8n answers 409
	 * "running already" (the code page is not reached, nothing is counted). Answers the page's JSON.
	 * @param {string} codeUrl
	 */
	async codePageReady(codeUrl) {
		const url = new URL(codeUrl);
		for (let attempt = 0; attempt < 120; attempt++) {
			const response = await this.request('GET', `${url.pathname}${url.search}`, undefined, {
				accept: 'application/json',
			});
			if (response.status !== 409) return response;
			await sleep(250);
		}
		throw new Error(`the execution behind ${url.pathname} never waited`);
	}

	/**
	 * The executions of a workflow once there are at least `count`, newest first.
	 * @param {string} workflowId @param {number} count @returns {Promise<Array<{ id: string }>>}
	 */
	async waitForExecutions(workflowId, count) {
		for (let attempt = 0; attempt < 120; attempt++) {
			const list = await this.api('GET', `/executions?workflowId=${workflowId}&limit=50`);
			if (list.data.length >= count) return list.data;
			await sleep(250);
		}
		throw new Error(`workflow ${workflowId} ran fewer than ${count} times`);
	}

	/**
	 * The newest finished execution of a workflow, with its data.
	 * @param {string} workflowId @param {{ after?: string, timeoutMs?: number }} [options]
	 */
	async lastExecution(workflowId, options = {}) {
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		while (Date.now() < deadline) {
			const list = await this.api(
				'GET',
				`/executions?workflowId=${workflowId}&limit=1&includeData=false`,
			);
			const last = list.data?.[0];
			if (
				last &&
				last.finished !== undefined &&
				last.status !== 'running' &&
				last.status !== 'new' &&
				last.status !== 'waiting' &&
				(!options.after || last.id !== options.after)
			) {
				return await this.api('GET', `/executions/${last.id}?includeData=true`);
			}
			await sleep(250);
		}
		throw new Error(`no finished execution of workflow ${workflowId}`);
	}
}

/**
 * The items a node put out in an execution, by output.
 * @param {any} execution @param {string} nodeName @returns {any[][]}
 */
function nodeOutput(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	if (!runs) return [];
	return (runs[runs.length - 1].data?.main ?? []).map((/** @type {any[] | null} */ items) =>
		(items ?? []).map((item) => item.json),
	);
}

module.exports = { N8nClient, nodeOutput };
