import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

/**
 * Values an expression might hand a field: random, unicode and huge strings, control characters,
 * numbers, booleans, null, lists, objects, and the given near-valid values.
 */
export function hostileValues(nearlyValid: string[]): fc.Arbitrary<IDataObject[string]> {
	return fc.oneof(
		fc.string({ maxLength: 40 }),
		fc.string({ unit: 'grapheme', maxLength: 20 }),
		fc.string({
			unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
			maxLength: 10,
		}),
		fc.string({ minLength: 1000, maxLength: 5000 }),
		fc.integer(),
		fc.double(),
		fc.boolean(),
		fc.constant(null),
		fc.array(fc.string(), { maxLength: 3 }),
		fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
		fc.constantFrom(...nearlyValid),
	);
}
