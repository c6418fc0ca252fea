import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { messageProperties, messageRows, recipientField } from '../../../fields/message';
import { sendsMessage } from '../notify/send.operation';

/** Transactional's optional fields: Notify's, as Prelude's older API names them. */
export const TRANSACTIONAL_ROWS = messageRows('transactional');

const properties: INodeProperties[] = [
	{
		displayName:
			'Prelude replaced Transactional with Notify: use Resource Message → Send for new workflows. This operation stays for workflows built on it while Prelude still answers it.',
		name: 'transactionalDeprecated',
		type: 'notice',
		default: '',
	},
	...messageProperties(recipientField, TRANSACTIONAL_ROWS),
];

const displayOptions = { show: { resource: ['transactional'], operation: ['send'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `POST /v2/transactional` (deprecated in Prelude's clients in favour of `/v2/notify`). */
export const prepare = sendsMessage('/v2/transactional', TRANSACTIONAL_ROWS);
