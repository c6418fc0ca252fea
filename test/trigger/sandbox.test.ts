import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { readExample } from '../../scripts/n8n/instance';
import { sandboxWebhookKeys, withSandboxKey } from '../../scripts/n8n/sandbox-webhook';
import { captureServer } from '../support/capture';
import { startDingStandIn } from '../../sandbox';
import { makeTempFolder, fileMode } from '../support/files';
import { sign } from '../../sandbox/prelude';
import { API_KEY, CUSTOMER_UUID, PHONE, PRELUDE_KEY } from '../support/fixtures';
import { dingTrigger, runDing } from '../support/harness';

/**
 * The Ding Trigger can be tried with `npm start` alone: its sandbox signs the events it posts to a
 * Send's Callback URL with a key of its own, and the trigger example `npm start` imports holds the
 * public half (scripts/n8n/sandbox-webhook.js).
 */

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	webhookId?: string;
	parameters: INodeParameters;
}

const folder = makeTempFolder('n8n-nodes-ding-sandbox-key-');

describe('npm start’s sandbox and the Ding Trigger example', () => {
	test('the sandbox’s key is made once, kept 0600 in the state folder, and read back at the next start', () => {
		const keys = sandboxWebhookKeys(folder);
		expect(fileMode(`${folder}/sandbox-webhook-key.pem`)).toBe(0o600);
		expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
		let again: ReturnType<typeof sandboxWebhookKeys> | undefined;
		jest.isolateModules(() => {
			// A new start: the module (and its cache) loaded afresh.
			again = jest
				.requireActual<
					typeof import('../../scripts/n8n/sandbox-webhook')
				>('../../scripts/n8n/sandbox-webhook')
				.sandboxWebhookKeys(folder);
		});
		expect(again!.publicKeyPem).toBe(keys.publicKeyPem);
	});

	test('a Send of the example posts the events, signed by the sandbox, to the example’s trigger, and each starts a run', async () => {
		const keys = sandboxWebhookKeys(folder);
		const example = withSandboxKey(
			readExample('ding-trigger-events.json', { prelude: 'prelude-credential' }) as {
				nodes: ExampleNode[];
			},
			keys.publicKeyPem,
		);
		const send = example.nodes.find((n) => n.type === 'n8n-nodes-ding.ding')!;
		const trigger = example.nodes.find((n) => n.type === 'n8n-nodes-ding.dingTrigger')!;
		expect(trigger.parameters.webhookPublicKey).toBe(keys.publicKeyPem);

		const standIn = await startDingStandIn({
			apiKey: API_KEY,
			customerUuid: CUSTOMER_UUID,
			preludeApiKey: PRELUDE_KEY,
			webhookSigningKey: keys.privateKey,
		});
		const capture = await captureServer();
		try {
			// What the example's Webhook node puts out: the phone and its own URL, from which the Send
			// makes the trigger's URL on the same n8n.
			const webhookUrl = capture.url.replace(
				'/hooks/prelude',
				'/webhook/prelude/verify/with-events',
			);
			const sent = await runDing({
				parameters: send.parameters,
				items: [{ body: { phone: PHONE }, webhookUrl } as IDataObject],
				typeVersion: send.typeVersion,
				credentialType: 'preludeApi',
				credentials: { apiKey: PRELUDE_KEY, baseUrl: standIn.preludeBaseUrl },
			});
			expect(sent.output[0].json).toMatchObject({ status: 'success' });
			await standIn.settled();

			const triggered = dingTrigger(trigger.parameters, trigger.typeVersion);
			expect(await triggered.lifecycle('create')).toBe(true);
			const started = [];
			for (const posted of capture.received) {
				const { answer, result } = await triggered.post(
					JSON.parse(posted.raw),
					posted.headers,
					posted.raw,
				);
				expect(answer).toMatchObject({ status: 200, body: { started: true } });
				started.push(result.workflowData?.[0][0].json.type);
			}
			expect(started).toStrictEqual([
				'verify.authentication',
				'verify.attempt',
				'verify.delivery_status',
			]);
			const paths = standIn.delivered.map((d) => new URL(d.url).pathname);
			expect(paths).toStrictEqual(Array(3).fill(`/webhook/${trigger.webhookId}/webhook`));
		} finally {
			await capture.close();
			await standIn.stop();
		}
	});

	test('a trigger with another key refuses the sandbox’s events', async () => {
		const keys = sandboxWebhookKeys(makeTempFolder('n8n-nodes-ding-other-key-'));
		const event = {
			id: 'evt_01jnh4zwabfx0s8y5k8m3e9rtn',
			type: 'verify.attempt',
			payload: {},
			created_at: new Date().toISOString(),
		};
		const raw = JSON.stringify(event);
		const other = dingTrigger({ events: [], webhookPublicKey: keys.publicKeyPem }, 2);
		const { answer } = await other.post(
			event,
			{ 'x-webhook-signature': sign(raw, sandboxWebhookKeys(folder).privateKey) },
			raw,
		);
		expect(answer.status).toBe(401);
	});
});
