// @ts-check
'use strict';

/**
 * What the stand-ins' Lookup knows of phone numbers: a small numbering plan per country calling
 * code, enough to refuse what Prelude refuses (a number that is E.164 in shape but whose country
 * code is not one of these, or whose national number has the wrong length, such as +12 or
 * +99912345678) and to answer plausible data by country for the rest. Countries not listed are
 * refused as Prelude refuses an unassigned code: the sandbox knows these, not the world.
 */

/**
 * @typedef {{ carrier_name: string, mcc: string, mnc: string }} Network
 * @typedef {{ country: string, lengths: number[], mobile: RegExp, mobileNetwork: Network, fixedNetwork: Network }} Plan
 */

/** Country calling code → its plan: national number lengths, mobile prefixes, a network each. */
/** @type {Record<string, Plan>} */
const PLANS = {
	1: {
		country: 'US',
		lengths: [10],
		// North American numbers do not tell mobile from fixed: answered as mobiles.
		mobile: /^/,
		mobileNetwork: { carrier_name: 'AT&T', mcc: '310', mnc: '410' },
		fixedNetwork: { carrier_name: 'AT&T', mcc: '310', mnc: '410' },
	},
	33: {
		country: 'FR',
		lengths: [9],
		mobile: /^[67]/,
		mobileNetwork: { carrier_name: 'Orange', mcc: '208', mnc: '01' },
		fixedNetwork: { carrier_name: 'Orange', mcc: '208', mnc: '01' },
	},
	34: {
		country: 'ES',
		lengths: [9],
		mobile: /^[67]/,
		mobileNetwork: { carrier_name: 'Movistar', mcc: '214', mnc: '07' },
		fixedNetwork: { carrier_name: 'Movistar', mcc: '214', mnc: '07' },
	},
	39: {
		country: 'IT',
		lengths: [9, 10, 11],
		mobile: /^3/,
		mobileNetwork: { carrier_name: 'TIM', mcc: '222', mnc: '01' },
		fixedNetwork: { carrier_name: 'TIM', mcc: '222', mnc: '01' },
	},
	44: {
		country: 'GB',
		lengths: [10],
		mobile: /^7/,
		mobileNetwork: { carrier_name: 'Vodafone', mcc: '234', mnc: '15' },
		fixedNetwork: { carrier_name: 'BT', mcc: '234', mnc: '00' },
	},
	49: {
		country: 'DE',
		lengths: [10, 11],
		mobile: /^1[567]/,
		mobileNetwork: { carrier_name: 'Telekom', mcc: '262', mnc: '01' },
		fixedNetwork: { carrier_name: 'Telekom', mcc: '262', mnc: '01' },
	},
	55: {
		country: 'BR',
		lengths: [10, 11],
		mobile: /^\d{2}9/,
		mobileNetwork: { carrier_name: 'Vivo', mcc: '724', mnc: '06' },
		fixedNetwork: { carrier_name: 'Vivo', mcc: '724', mnc: '06' },
	},
	61: {
		country: 'AU',
		lengths: [9],
		mobile: /^4/,
		mobileNetwork: { carrier_name: 'Telstra', mcc: '505', mnc: '01' },
		fixedNetwork: { carrier_name: 'Telstra', mcc: '505', mnc: '01' },
	},
	91: {
		country: 'IN',
		lengths: [10],
		mobile: /^[6-9]/,
		mobileNetwork: { carrier_name: 'Airtel', mcc: '404', mnc: '10' },
		fixedNetwork: { carrier_name: 'Airtel', mcc: '404', mnc: '10' },
	},
};

/**
 * What the plans say of an E.164 number: its country, whether it is a mobile, and its network; or
 * undefined for a number Prelude would refuse as invalid_phone_number.
 * @param {string} number
 * @returns {{ country: string, mobile: boolean, network: Network } | undefined}
 */
function numberInfo(number) {
	const digits = /^\+(\d+)$/.exec(number)?.[1];
	if (!digits) return undefined;
	for (const length of [1, 2, 3]) {
		const plan = PLANS[digits.slice(0, length)];
		if (!plan) continue;
		const national = digits.slice(length);
		if (!plan.lengths.includes(national.length)) return undefined;
		const mobile = plan.mobile.test(national);
		return {
			country: plan.country,
			mobile,
			network: mobile ? plan.mobileNetwork : plan.fixedNetwork,
		};
	}
	return undefined;
}

module.exports = { numberInfo, PLANS };
