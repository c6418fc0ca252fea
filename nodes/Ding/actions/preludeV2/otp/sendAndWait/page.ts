/**
 * The code-entry page of Send and Wait for Code: one self-contained HTML document in the look of
 * n8n's own form pages (Open Sans, a white card on a pale background, n8n's accent colour). It
 * works without JavaScript (a plain form that posts back to the same signed URL); a few lines of
 * script only disable the buttons after a click and count down to the next resend.
 *
 * Nothing the user typed is ever written back into the page: a wrong code empties the field.
 */

export interface CodePageTexts {
	title: string;
	message: string;
	buttonLabel: string;
	resendLabel: string;
	successMessage: string;
	failureMessage: string;
}

export interface CodePageState {
	/** The number or address the code went to, partly hidden, e.g. "••• ••• 0123". */
	maskedTarget: string;
	attemptsLeft: number;
	resendsLeft: number;
	/** Seconds until a new code may be asked for; 0 when it may be asked for now. */
	resendInSeconds: number;
	/** A line shown above the field: what happened to the last submission. */
	notice?: { kind: 'error' | 'info'; text: string };
	/** The notice already says how many tries are left (after a wrong code). */
	triesInNotice?: boolean;
}

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * What the pages may do: their own inline style and script, post the form back to where they came
 * from, nothing else (no other origin), and be framed only by n8n's own pages (`frame-ancestors`;
 * X-Frame-Options, PAGE_FRAME_OPTIONS, says the same to browsers without CSP 2).
 */
export const PAGE_CSP =
	"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";
export const PAGE_FRAME_OPTIONS = 'SAMEORIGIN';

/**
 * The last four digits only, "+14155550123" → "••• ••• 0123" (where a country code ends cannot
 * be told without a numbering plan); an address as its first letter and its domain.
 */
export function maskTarget(type: string, value: string): string {
	if (type === 'email_address') {
		const [name, domain] = value.split('@');
		if (!domain) return '•••';
		return `${name.slice(0, 1)}•••@${domain}`;
	}
	const digits = value.replace(/\D/g, '');
	if (digits.length <= 4) return '•••';
	return `••• ••• ${digits.slice(-4)}`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:'Open Sans',-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;background:#fbfcfe;color:#525356;font-size:14px;line-height:1.5}
main{max-width:448px;margin:48px auto;padding:0 16px}
.card{background:#fff;border:1px solid #dbdfe7;border-radius:8px;padding:24px 24px 28px;box-shadow:0 4px 16px rgba(99,77,255,.06)}
h1{font-size:20px;font-weight:600;color:#525356;margin:0 0 8px}
p{margin:0 0 16px}
.to{font-weight:600;color:#313235;white-space:nowrap}
label{display:block;font-weight:600;font-size:14px;margin:8px 0 6px;color:#555}
input[type=text]{width:100%;font-size:24px;letter-spacing:.3em;text-align:center;padding:10px 12px;border:1px solid #dbdfe7;border-radius:6px;color:#313235;font-family:inherit}
input[type=text]:focus{outline:none;border-color:#ff6d5a;box-shadow:0 0 0 2px rgba(255,109,90,.2)}
.hint{font-size:12px;color:#7e8186;margin:6px 0 0}
.notice{border-radius:6px;padding:10px 12px;margin:0 0 16px;font-size:14px}
.notice.error{background:#fdeaea;color:#ea1f30;border:1px solid #f6b9bf}
.notice.info{background:#eef6ff;color:#2a5a8c;border:1px solid #c7ddf5}
button{width:100%;margin-top:20px;font-size:14px;font-weight:600;font-family:inherit;padding:12px;border-radius:6px;cursor:pointer}
button.primary{background:#ff6d5a;border:1px solid #ff6d5a;color:#fff}
button.primary:hover{background:#e5513e}
button.link{background:none;border:none;color:#ff6d5a;margin-top:8px;padding:8px;font-weight:600}
button:disabled{opacity:.6;cursor:default}
a.button{display:block;text-align:center;text-decoration:none;background:#ff6d5a;color:#fff;font-weight:600;padding:12px;border-radius:6px;margin-top:20px}
.done{text-align:center}
.done .mark{font-size:40px;line-height:1;margin-bottom:12px}
.ok{color:#17a34a}.ko{color:#ea1f30}
footer{text-align:center;font-size:12px;color:#a1a3a8;margin-top:16px}
`;

function htmlDocument(title: string, body: string, script = '', head = ''): string {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
${head}<style>${STYLE}</style>
</head>
<body>
<main>
${body}
<footer>Verification by Prelude · n8n</footer>
</main>
${script}
</body>
</html>`;
}

function tries(count: number): string {
	return `${count} ${count === 1 ? 'try' : 'tries'}`;
}

/** The page that asks for the code, with the resend button when resends are left. */
export function codeEntryPage(texts: CodePageTexts, state: CodePageState): string {
	const notice = state.notice
		? `<div class="notice ${state.notice.kind}" role="alert">${escapeHtml(state.notice.text)}</div>`
		: '';
	const message = texts.message
		? `<p>${escapeHtml(texts.message)}</p>`
		: `<p>We sent a code to <span class="to">${escapeHtml(state.maskedTarget)}</span>. Type it below.</p>`;
	const resend =
		state.resendsLeft > 0
			? `<button class="link" type="submit" name="action" value="resend" formnovalidate id="resend" data-wait="${state.resendInSeconds}"${state.resendInSeconds > 0 ? ' disabled' : ''}>${escapeHtml(texts.resendLabel)}${state.resendInSeconds > 0 ? ` (in ${state.resendInSeconds} s)` : ''}</button>`
			: '';
	const body = `<div class="card">
<h1>${escapeHtml(texts.title)}</h1>
${message}
${notice}
<form method="post" id="code-form" autocomplete="off">
<label for="code">Code</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9A-Za-z -]{3,20}" maxlength="20" required autofocus>
${state.triesInNotice ? '' : `<p class="hint">${tries(state.attemptsLeft)} left</p>`}
<button class="primary" type="submit" name="action" value="check">${escapeHtml(texts.buttonLabel)}</button>
${resend}
</form>
</div>`;
	// Only comfort: the server enforces every limit whatever the browser does.
	const script = `<script>
(function(){
var form=document.getElementById('code-form');var sent=false;
form.addEventListener('submit',function(e){if(sent){e.preventDefault();return;}sent=true;
var b=form.querySelectorAll('button');setTimeout(function(){for(var i=0;i<b.length;i++)b[i].disabled=true;},0);});
var r=document.getElementById('resend');if(!r)return;var left=Number(r.getAttribute('data-wait'))||0;var label=r.textContent.replace(/ \\(in \\d+ s\\)$/,'');
if(left>0){var t=setInterval(function(){left-=1;if(left<=0){clearInterval(t);r.disabled=false;r.textContent=label;}else{r.textContent=label+' (in '+left+' s)';}},1000);}
})();
</script>`;
	return htmlDocument(texts.title, body, script);
}

/**
 * The answer to a Webhook set to respond with a "Respond to Webhook" node, for a browser: a short
 * page that moves on to the code page by itself (an n8n form is taken there without it, see
 * formHandoff.ts; only an n8n without resume tokens gets this page in the form, where its
 * link opens the code page). The code page becomes usable once n8n has stored the execution as
 * waiting, a moment after this answer (until then n8n answers 409), so the page waits two seconds.
 */
export function continuePage(title: string, maskedTarget: string, codeUrl: string): string {
	const url = escapeHtml(codeUrl);
	const body = `<div class="card">
<h1>${escapeHtml(title)}</h1>
<p>We sent a code to <span class="to">${escapeHtml(maskedTarget)}</span>.</p>
<a class="button" href="${url}" rel="noreferrer">Enter the code</a>
</div>`;
	return htmlDocument(title, body, '', `<meta http-equiv="refresh" content="2;url=${url}">`);
}

/**
 * The answer to a form whose number got no code (invalid, refused or blocked): what happened, in
 * words for the person, and a button back to the form. n8n's form page shows it in place of the
 * form, so an empty link is the form's own address: it opens the form again.
 */
export function sendFailedPage(title: string, message: string): string {
	const body = `<div class="card">
<h1>${escapeHtml(title)}</h1>
<div class="notice error" role="alert">${escapeHtml(message)}</div>
<a class="button" href="" id="back">Try again</a>
</div>`;
	return htmlDocument(title, body);
}

/** The page after the verification ended, well or not: nothing more can be submitted. */
export function codeResultPage(verified: boolean, title: string, message: string): string {
	const body = `<div class="card done">
<div class="mark ${verified ? 'ok' : 'ko'}" aria-hidden="true">${verified ? '&#10003;' : '&#10007;'}</div>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
</div>`;
	return htmlDocument(title, body);
}
