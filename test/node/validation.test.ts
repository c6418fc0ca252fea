import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { PHONE, useDing } from '../support/fixtures';

const ding = useDing();

const UUID = 'e0e7b0e9-739d-424b-922f-1c2cb48ab077';

interface BadInput {
	what: string;
	parameters: INodeParameters;
	/** The value as it reaches the node, e.g. from an expression's item. */
	item?: IDataObject;
	field: string;
	shown: string;
}

const sendWith = (extra: INodeParameters): INodeParameters => ({
	resource: 'otp',
	operation: 'send',
	phoneNumber: PHONE,
	...extra,
});
const sendField = (name: string): INodeParameters =>
	sendWith({ additionalFields: { [name]: '={{ $json.value }}' } });
const checkWith = (extra: INodeParameters): INodeParameters => ({
	resource: 'otp',
	operation: 'check',
	authenticationUuid: UUID,
	checkCode: '123456',
	...extra,
});

const BAD_INPUTS: BadInput[] = [
	{
		what: 'a phone number without a plus',
		parameters: sendWith({ phoneNumber: '14155550123' }),
		field: 'Phone Number',
		shown: '"14155550123"',
	},
	{
		what: 'a phone number with letters',
		parameters: sendWith({ phoneNumber: '+1415CALLNOW' }),
		field: 'Phone Number',
		shown: '"+1415CALLNOW"',
	},
	{
		what: 'a phone number with a slash',
		parameters: sendWith({ phoneNumber: '+1 415/555 0123' }),
		field: 'Phone Number',
		shown: '"+1 415/555 0123"',
	},
	{
		what: 'a phone number too long for E.164',
		parameters: sendWith({ phoneNumber: '+1234567890123456' }),
		field: 'Phone Number',
		shown: '"+1234567890123456"',
	},
	{
		what: 'a phone number starting with +0',
		parameters: sendWith({ phoneNumber: '+0123456' }),
		field: 'Phone Number',
		shown: '"+0123456"',
	},
	{
		what: 'an empty phone number',
		parameters: sendWith({ phoneNumber: '  ' }),
		field: 'Phone Number',
		shown: 'empty',
	},
	{
		what: 'a phone number that is a number',
		parameters: sendWith({ phoneNumber: '={{ $json.value }}' }),
		item: { value: 14155550123 },
		field: 'Phone Number',
		shown: 'the number 14155550123',
	},
	{
		what: 'a phone number that is an object',
		parameters: sendWith({ phoneNumber: '={{ $json.value }}' }),
		item: { value: { number: PHONE } },
		field: 'Phone Number',
		shown: 'an object {"number":"+14155550123"}',
	},
	{
		what: 'a phone number that is null',
		parameters: sendWith({ phoneNumber: '={{ $json.value }}' }),
		item: { value: null },
		field: 'Phone Number',
		shown: 'null',
	},
	{
		what: 'an IP that is not IPv4',
		parameters: sendField('ip'),
		item: { value: '2001:db8::1' },
		field: 'IP',
		shown: '"2001:db8::1"',
	},
	{
		what: 'an IP with an octet over 255',
		parameters: sendField('ip'),
		item: { value: '203.0.113.256' },
		field: 'IP',
		shown: '"203.0.113.256"',
	},
	{
		what: 'a callback URL that is not http(s)',
		parameters: sendField('callbackUrl'),
		item: { value: 'ftp://example.com/hook' },
		field: 'Callback URL',
		shown: '"ftp://example.com/hook"',
	},
	{
		what: 'a callback URL that is not a URL',
		parameters: sendField('callbackUrl'),
		item: { value: 'example.com/hook' },
		field: 'Callback URL',
		shown: '"example.com/hook"',
	},
	{
		what: 'a locale that is not BCP-47',
		parameters: sendField('locale'),
		item: { value: 'english' },
		field: 'Locale',
		shown: '"english"',
	},
	{
		what: 'a locale with an underscore',
		parameters: sendField('locale'),
		item: { value: 'en_US' },
		field: 'Locale',
		shown: '"en_US"',
	},
	{
		what: 'an unknown device type',
		parameters: sendField('deviceType'),
		item: { value: 'PLAYSTATION' },
		field: 'Device Type',
		shown: '"PLAYSTATION"',
	},
	{
		what: 'Is Returning User as text',
		parameters: sendField('isReturningUser'),
		item: { value: 'yes' },
		field: 'Is Returning User',
		shown: '"yes"',
	},
	{
		what: 'an OS version that is a number',
		parameters: sendField('osVersion'),
		item: { value: 14 },
		field: 'OS Version',
		shown: 'the number 14',
	},
	{
		what: 'a template ID that is a list',
		parameters: sendField('templateId'),
		item: { value: ['a', 'b'] },
		field: 'Template ID',
		shown: 'a list ["a","b"]',
	},
	{
		what: 'a correlation ID that is null',
		parameters: sendField('correlationId'),
		item: { value: null },
		field: 'Correlation ID',
		shown: 'null',
	},
	{
		what: 'an authentication UUID that is not a UUID',
		parameters: checkWith({ authenticationUuid: 'auth-123' }),
		field: 'Authentication UUID',
		shown: '"auth-123"',
	},
	{
		what: 'an authentication UUID with a path in it',
		parameters: checkWith({ authenticationUuid: `${UUID}/../retry` }),
		field: 'Authentication UUID',
		shown: `"${UUID}/../retry"`,
	},
	{
		what: 'an authentication UUID whose expression gives an empty string',
		parameters: checkWith({ authenticationUuid: '={{ $json.value }}' }),
		item: { value: '' },
		field: 'Authentication UUID',
		shown: 'empty',
	},
	{
		what: 'an empty check code',
		parameters: checkWith({ checkCode: ' ' }),
		field: 'Check Code',
		shown: 'empty',
	},
	{
		what: 'a check code that is a number',
		parameters: checkWith({ checkCode: '={{ $json.value }}' }),
		item: { value: 12345 },
		field: 'Check Code',
		shown: 'the number 12345',
	},
	{
		what: 'a retry UUID that is a number',
		parameters: { resource: 'otp', operation: 'retry', authenticationUuid: '={{ $json.value }}' },
		item: { value: 42 },
		field: 'Authentication UUID',
		shown: 'the number 42',
	},
];

describe('bad input is refused before anything is sent', () => {
	test.each(BAD_INPUTS)('$what', async ({ parameters, item, field, shown }) => {
		const result = await ding.run(parameters, [item ?? {}]);

		const error = result.error!;
		expect(error).toBeDefined();
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain(field);
		expect(error.message).toContain(shown === 'empty' ? 'is empty' : shown);
		expect(error.message).toMatch(/\[item 0\]$/);
		expect(error.description).toBeTruthy();
		expect(ding.standIn.requests).toHaveLength(0);
		expect(result.output).toHaveLength(0);
	});
});

test('n8n itself refuses to run a Ding node whose required field is left empty', async () => {
	await expect(ding.run(checkWith({ authenticationUuid: '' }))).rejects.toThrow(
		'Parameter "Authentication UUID" is required',
	);
	expect(ding.standIn.requests).toHaveLength(0);
});

describe('the item that failed is named and nothing is sent for it', () => {
	test('item 1 of 2: the message says [item 1], and neither item went out (every item is checked first)', async () => {
		const result = await ding.run(sendWith({ phoneNumber: '={{ $json.phone }}' }), [
			{ phone: PHONE },
			{ phone: 'not-a-number' },
		]);

		expect(result.error?.message).toBe(
			'Phone Number "not-a-number" is not a phone number in E.164 format [item 1]',
		);
		expect(result.error?.description).toContain('+14155550123');
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(ding.standIn.requests).toHaveLength(0);
	});

	test('a bad optional field stops the whole item: no request with the field left out', async () => {
		const result = await ding.run(sendField('ip'), [{ value: '999.1.1.1' }]);

		expect(result.error?.message).toBe('IP "999.1.1.1" is not an IPv4 address [item 0]');
		expect(ding.standIn.requests).toHaveLength(0);
	});

	test('a long value is shortened in the message', async () => {
		const result = await ding.run(sendWith({ phoneNumber: '={{ $json.phone }}' }), [
			{ phone: `+1${'9'.repeat(500)}` },
		]);

		expect(result.error!.message.length).toBeLessThan(200);
		expect(result.error!.message).toContain('…');
		expect(ding.standIn.requests).toHaveLength(0);
	});

	test('a credential whose Customer UUID is not a UUID is named before sending', async () => {
		const result = await ding.run(sendWith({}), [{}], {
			credentials: { customerUuid: 'my-customer' },
		});

		expect(result.error?.message).toBe(
			'Customer UUID (Ding API credential) "my-customer" is not a UUID [item 0]',
		);
		expect(ding.standIn.requests).toHaveLength(0);
	});
});
