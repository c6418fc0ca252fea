import { dingV1 } from './dingV1';
import { preludeV2 } from './preludeV2';

export type { ApiDescriptor, ErrorCodeHelp } from './types';
export { dingV1, preludeV2 };
