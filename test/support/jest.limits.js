// The rate limits the node learns are kept per n8n process for the next run on the same API and
// credential (nodes/Ding/run/rateLimit.ts). In the unit and slow tiers every test file is one such
// process, and every test stands for a fresh n8n: forgotten after each test, so that no test
// starts paced by what an earlier one learned from the same stand-in.
const { limitMemory } = require('../../nodes/Ding/run/rateLimit');

afterEach(() => limitMemory.forget());
