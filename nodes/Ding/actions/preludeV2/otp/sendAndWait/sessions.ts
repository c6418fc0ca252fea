/**
 * What Send and Wait for Code counts while an execution waits for its code: checks made, new codes
 * sent, and the check in flight. n8n keeps a waiting execution in its database but saves nothing a
 * waiting webhook changes unless the execution resumes, so these counts live in the n8n process
 * that serves the code page (see docs/send-and-wait.md, "Limits": a restart, or a second webhook
 * process in queue mode, starts the count again; Prelude's own limits still apply).
 */

/** How a verification ended, once the execution resumed. */
export interface FinalOutcome {
	verified: boolean;
	reason?: 'wrong_code_limit' | 'expired' | 'blocked';
	/** Prelude's answer status that decided it. */
	status: string;
}

export interface CodeSession {
	/** Codes checked with Prelude. */
	attempts: number;
	/** New codes sent from the page. */
	resends: number;
	/** When the last code was sent (ms since epoch). */
	lastSentAt: number;
	/** The verification's ID now: a resend after Prelude closed the first window starts another. */
	verificationId: string;
	/** The request being handled, which a second submission waits for instead of its own. */
	inFlight?: Promise<unknown>;
	/** The outcome that resumed the execution: every later request gets the same answer. */
	final?: FinalOutcome;
}

const MAX_SESSIONS = 10_000;
/** A session unused this long belongs to an execution that has long stopped waiting. */
const IDLE_MS = 8 * 24 * 60 * 60 * 1000;

export class CodeSessions {
	private readonly sessions = new Map<string, { session: CodeSession; usedAt: number }>();

	constructor(private readonly capacity = MAX_SESSIONS) {}

	get size(): number {
		return this.sessions.size;
	}

	/** The session of a waiting execution, started with `initial` on first use. */
	open(key: string, now: number, initial: () => CodeSession): CodeSession {
		const known = this.sessions.get(key);
		if (known) {
			// Most recently used last, so the oldest are the first to go.
			this.sessions.delete(key);
			this.sessions.set(key, { session: known.session, usedAt: now });
			return known.session;
		}
		for (const [oldest, { usedAt }] of this.sessions) {
			if (now - usedAt <= IDLE_MS && this.sessions.size < this.capacity) break;
			this.sessions.delete(oldest);
		}
		const session = initial();
		this.sessions.set(key, { session, usedAt: now });
		return session;
	}
}

/** The sessions of this n8n process. */
export const codeSessions = new CodeSessions();
