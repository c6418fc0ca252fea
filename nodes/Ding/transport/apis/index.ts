import { dingV1 } from './dingV1';
import { preludeV2 } from './preludeV2';
import type { ApiDescriptor } from './types';

export type { ApiDescriptor, ErrorCodeHelp } from './types';
export { dingV1, preludeV2 };

/** Every API by its `api` option value: a new API is one module here and one folder in actions/. */
export const APIS: Record<'dingV1' | 'preludeV2', ApiDescriptor> = { dingV1, preludeV2 };
