// @ts-check
'use strict';

/**
 * The accounts `npm start` and `npm run dev` give n8n: the sandbox (sandbox/, on DING_SANDBOX_PORT,
 * printing codes instead of texting them) for whichever API has no real key, Ding itself with
 * DING_API_KEY and DING_CUSTOMER_UUID, Prelude itself with PRELUDE_API_KEY; and what to tell the
 * user once n8n runs.
 */

const path = require('node:path');

const { DingStandIn } = require('../../sandbox');
const { OWNER } = require('./instance');
const {
	LOCAL,
	QUEUE,
	SANDBOX_CUSTOMER_UUID,
	SANDBOX_KEY,
	SANDBOX_PORT,
	SANDBOX_PRELUDE_KEY,
	WEBHOOK_PORTS,
	checkPorts,
	running,
	say,
} = require('./local');
const runtimeModule = require('./runtime');
const { sandboxWebhookKeys } = require('./sandbox-webhook');
const { privateFolder } = require('./secrets');

/**
 * Checks the ports, starts the sandbox where an API has no real key, and installs the development
 * dependencies on a fresh clone.
 * @param {string} tag how the messages start, e.g. '[start]'
 */
async function openAccounts(tag) {
	const useRealDing = Boolean(process.env.DING_API_KEY);
	if (useRealDing && !process.env.DING_CUSTOMER_UUID) {
		throw new Error(
			'DING_API_KEY is set but DING_CUSTOMER_UUID is not: set both to use the real Ding API.',
		);
	}

	const useRealPrelude = Boolean(process.env.PRELUDE_API_KEY);
	await checkPorts(!(useRealDing && useRealPrelude));
	// n8n's database and settings file (its encryption key) live here: for the user's eyes only.
	privateFolder(LOCAL);
	// The sandbox answers whichever API has no real key.
	const sandbox =
		useRealDing && useRealPrelude
			? undefined
			: new DingStandIn({
					apiKey: SANDBOX_KEY,
					customerUuid: SANDBOX_CUSTOMER_UUID,
					preludeApiKey: SANDBOX_PRELUDE_KEY,
					webhookSigningKey: sandboxWebhookKeys(LOCAL).privateKey,
					onCode: (auth) =>
						say(
							`[ding sandbox] v1 code ${auth.code} for ${auth.phoneNumber} (authentication ${auth.uuid}, attempt ${auth.attempts})`,
						),
					onPreludeCode: (verification) =>
						say(
							`[ding sandbox] v2 code ${verification.code} for ${verification.target.value} (verification ${verification.id}, attempt ${verification.attempts})`,
						),
				});
	if (sandbox) {
		await sandbox.start(SANDBOX_PORT);
		running.push(async () => await sandbox.stop());
		say(
			`[ding sandbox] Prelude v2 on ${sandbox.preludeBaseUrl}, Ding v1 on ${sandbox.baseUrl}: codes are printed here, not texted`,
		);
	}
	const sandboxUrls = { ding: sandbox?.baseUrl ?? '', prelude: sandbox?.preludeBaseUrl ?? '' };
	const ding = useRealDing
		? {
				baseUrl: process.env.DING_BASE_URL ?? 'https://api.ding.live/v1',
				apiKey: String(process.env.DING_API_KEY),
				customerUuid: String(process.env.DING_CUSTOMER_UUID),
			}
		: { baseUrl: sandboxUrls.ding, apiKey: SANDBOX_KEY, customerUuid: SANDBOX_CUSTOMER_UUID };
	const prelude = useRealPrelude
		? {
				baseUrl: process.env.PRELUDE_BASE_URL ?? 'https://api.prelude.dev',
				apiKey: String(process.env.PRELUDE_API_KEY),
			}
		: { baseUrl: sandboxUrls.prelude, apiKey: SANDBOX_PRELUDE_KEY };

	runtimeModule.ensureDevDependencies((message) => say(`${tag} ${message}`));
	const names = {
		ding: useRealDing ? 'Ding account' : 'Ding sandbox',
		prelude: useRealPrelude ? 'Prelude account' : 'Prelude sandbox',
	};
	return { accounts: { ding, prelude, names }, useRealDing, useRealPrelude };
}

/**
 * What the user is told once n8n runs: where, how to sign in, the credentials and the examples.
 * @param {{ n8nUrl: string, webhookUrl: string, dingCredential: { name: string },
 *   preludeCredential: { name: string } }} started
 * @param {Awaited<ReturnType<typeof openAccounts>>} opened
 */
function welcome({ n8nUrl, webhookUrl, dingCredential, preludeCredential }, opened) {
	const { useRealDing, useRealPrelude } = opened;
	const { ding, prelude } = opened.accounts;
	say('');
	say(`n8n is running with the Ding node: ${n8nUrl}`);
	if (QUEUE) {
		say(
			`  in queue mode: webhooks and forms on the webhook processes (${webhookUrl} and :${WEBHOOK_PORTS[1]}), runs on two workers; logs in ${path.join(LOCAL, 'queue')}`,
		);
	}
	say(`  sign in as ${OWNER.email} / ${OWNER.password}`);
	say(
		`  credential "${preludeCredential.name}" (Prelude Verify v2) → ${useRealPrelude ? prelude.baseUrl : `the sandbox at ${prelude.baseUrl}`}`,
	);
	say(
		`  credential "${dingCredential.name}" (Ding v1, legacy) → ${useRealDing ? ding.baseUrl : `the sandbox at ${ding.baseUrl}`}`,
	);
	const post = (/** @type {string} */ route, /** @type {string} */ body) =>
		say(
			`    curl -X POST ${webhookUrl}/webhook/${route} -H 'content-type: application/json' -d '${body}'`,
		);
	say('  verify in one step (Send and Wait for Code): open the form, or start from an app:');
	say(`    ${webhookUrl}/form/ding/verify-phone`);
	post('ding/verify-in-one-step', '{"phone":"+14155550123"}');
	say('    then open the codeUrl it answers and type the printed code');
	say('  example workflows (active), Prelude Verify v2:');
	post('prelude/verify/start', '{"phone":"+14155550123"}');
	post('prelude/verify/resend', '{"phone":"+14155550123"}');
	post('prelude/verify/check', '{"phone":"+14155550123","code":"<printed code>"}');
	say(
		'  a Ding Trigger (its workflow runs once per event the sandbox posts, signed; see Executions):',
	);
	post('prelude/verify/with-events', '{"phone":"+14155550123"}');
	say('  and Ding v1 (legacy):');
	post('ding/verify/start', '{"phone":"+14155550123"}');
	post('ding/verify/check', '{"authentication_uuid":"<from above>","code":"<printed code>"}');
	say('Press Ctrl-C to stop.');
}

module.exports = { openAccounts, welcome };
