// The trigger's memory of event IDs, so that an event the API sends again starts nothing: one
// part in this process, one shared by every n8n process through the node's static data.
import { createHash } from 'crypto';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { isJsonObject } from '../Ding/helpers/validation';

/** Prelude and Ding re-send an event for two weeks until they get a 200: remember IDs that long. */
export const REPEAT_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
const MAX_REMEMBERED_IDS = 10_000;
/**
 * The part of the memory every n8n process shares (the node's static data, in n8n's database):
 * n8n saves it after each event, so it stays small.
 */
export const MAX_SHARED_IDS = 1_000;
/** How many of its latest IDs a process writes back with each new one (see isRepeat). */
export const RESAVED_IDS = 100;

/**
 * Event IDs seen lately, oldest first: a Map keeps insertion order, so the oldest entry is the
 * first one, and recording an ID costs the same with ten IDs as with ten thousand. Every ID,
 * `__proto__` and `constructor` included, is an ordinary key.
 */
export class EventMemory {
	private readonly seen = new Map<string, number>();

	constructor(
		private readonly windowMs = REPEAT_WINDOW_MS,
		private readonly capacity = MAX_REMEMBERED_IDS,
	) {}

	get size(): number {
		return this.seen.size;
	}

	/**
	 * A memory holding what `stored` returned: the IDs and their times, oldest first, as two lists
	 * (n8n wraps every object in static data in a proxy when it loads it, so no list of pairs).
	 * Anything of another shape is skipped.
	 */
	static restore(stored: unknown, windowMs?: number, capacity?: number): EventMemory {
		const memory = new EventMemory(windowMs, capacity);
		if (!isJsonObject(stored) || !Array.isArray(stored.ids) || !Array.isArray(stored.times)) {
			return memory;
		}
		const { ids, times } = stored as { ids: unknown[]; times: unknown[] };
		const count = Math.min(ids.length, times.length);
		for (let i = Math.max(0, count - memory.capacity); i < count; i++) {
			const [id, at] = [ids[i], times[i]];
			if (typeof id === 'string' && typeof at === 'number' && Number.isFinite(at)) {
				memory.seen.set(id, at);
			}
		}
		return memory;
	}

	/** The IDs and their times, oldest first, as `restore` reads them. */
	stored(): { ids: string[]; times: number[] } {
		return { ids: [...this.seen.keys()], times: [...this.seen.values()] };
	}

	/** The latest `count` IDs and their times, oldest first. */
	latest(count: number): Array<[string, number]> {
		return [...this.seen].slice(-count);
	}

	/** Adds IDs it lacks, keeping the order by time and the capacity (the newest stay). */
	mergeIn(entries: Array<[string, number]>): void {
		const all = [...this.seen, ...entries.filter(([id]) => !this.seen.has(id))];
		all.sort((a, b) => a[1] - b[1]);
		this.seen.clear();
		for (const [id, at] of all.slice(-this.capacity)) this.seen.set(id, at);
	}

	/** Records an ID; true when it was already seen within the window. */
	remember(id: string, now: number): boolean {
		for (const [oldest, at] of this.seen) {
			if (now - at <= this.windowMs) break;
			this.seen.delete(oldest);
		}
		if (this.seen.has(id)) return true;
		this.seen.set(id, now);
		if (this.seen.size > this.capacity) {
			this.seen.delete(this.seen.keys().next().value as string);
		}
		return false;
	}
}

/**
 * The repeat memory of each trigger (workflow ID and node ID), in this n8n process: it answers a
 * repeat at once, even one that arrives while the first delivery's workflow is still starting.
 */
const memories = new Map<string, EventMemory>();

/** Where the shared part of the memory lives in the node's static data. */
const SHARED_MEMORY_KEY = 'recentEventIds';

/**
 * Whether an event ID arrived before, in this process or in any other one. The process memory
 * answers first; an ID new to it is looked up in, and added to, the node's static data, which
 * n8n loads from its database for each production webhook call and saves when the answer goes
 * out (LiveWebhooks in packages/cli), in every main or webhook process. So a repeat is caught
 * after a restart and when it reaches another webhook process in queue mode.
 *
 * n8n saves static data whole: two processes taking new events at the same moment can each save
 * a list without the other's ID. So each save also carries the process's latest IDs
 * (RESAVED_IDS), and an ID lost that way comes back with the next new event its process takes;
 * until then only its own process knows it. docs/trigger.md says so.
 */
export function isRepeat(context: IWebhookFunctions, eventId: string, now: number): boolean {
	const id = memoryKeyOf(eventId);
	const key = triggerKey(context);
	let memory = memories.get(key);
	if (!memory) {
		memory = new EventMemory();
		memories.set(key, memory);
	}
	if (memory.remember(id, now)) return true;
	const state = context.getWorkflowStaticData('node');
	const shared = EventMemory.restore(state[SHARED_MEMORY_KEY], REPEAT_WINDOW_MS, MAX_SHARED_IDS);
	if (shared.remember(id, now)) return true;
	shared.mergeIn(memory.latest(RESAVED_IDS));
	state[SHARED_MEMORY_KEY] = shared.stored();
	return false;
}

/** Event IDs are short (evt_…, a UUID); a longer one is remembered by its hash, so what n8n stores stays small. */
const MAX_KEPT_ID_LENGTH = 64;

function memoryKeyOf(eventId: string): string {
	if (eventId.length <= MAX_KEPT_ID_LENGTH) return eventId;
	return `sha256:${createHash('sha256').update(eventId).digest('base64url')}`;
}

/** The process memory of one trigger: its workflow and node, with test events kept apart. */
function triggerKey(
	context: IHookFunctions | IWebhookFunctions,
	mode = context.getMode() === 'manual' ? 'test' : 'production',
): string {
	return `${String(context.getWorkflow().id)}:${context.getNode().id}:${mode}`;
}

/** Forgets a trigger's process memory, test and production alike; the shared part stays. */
export function forgetTrigger(context: IHookFunctions): void {
	memories.delete(triggerKey(context, 'production'));
	memories.delete(triggerKey(context, 'test'));
}
