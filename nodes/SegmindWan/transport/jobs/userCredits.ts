// Jobs layer (on the client): the account's balance, the free `GET /v1/get-user-credits`.
import { answerError, segmindApiError } from '../client/apiError';
import { getIdempotent } from '../client/segmindClient';
import type { CallScope } from '../client/session';
import { joinUrl } from '../client/session';

/** What Segmind says the key can still spend (Segmind counts credits in USD). */
export interface UserCredits {
	credits: number;
	freeCredits: number;
	/** credits + freeCredits */
	remaining: number;
	/** Segmind answered 404 "No credits found": a key without a balance record (nothing to spend). */
	noRecord: boolean;
}

/** A number, or a numeric string (`"12.5"`); anything else is not a balance. */
function amount(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/**
 * Reads the balance. Documented: `{"credits": 0.0, "free-credits": 0.0184}`; a valid key
 * without a balance record may get 404 "No credits found" (read as 0). A missing half counts as
 * 0; an answer with neither figure is an error, never a guess.
 */
export async function readUserCredits(scope: CallScope): Promise<UserCredits> {
	const answer = await getIdempotent(
		scope,
		joinUrl(scope.endpoints.apiUrl, '/v1/get-user-credits'),
	);
	const errorText = typeof answer.json.error === 'string' ? answer.json.error : '';
	if (answer.statusCode === 404 && /no credits/i.test(errorText)) {
		return { credits: 0, freeCredits: 0, remaining: 0, noRecord: true };
	}
	if (!answer.ok) throw answerError(scope, answer, { message: 'Could not read your credits' });
	const credits = amount(answer.json.credits);
	const freeCredits = amount(answer.json['free-credits'] ?? answer.json.free_credits);
	if (credits === undefined && freeCredits === undefined) {
		throw segmindApiError(scope.ctx.getNode(), {
			statusCode: answer.statusCode,
			message: 'The credits answer holds no balance (no "credits" or "free-credits" number)',
			hint: 'Turn off "Check Credits First" to run without the check.',
			itemIndex: scope.itemIndex,
		});
	}
	const paid = credits ?? 0;
	const free = freeCredits ?? 0;
	return { credits: paid, freeCredits: free, remaining: paid + free, noRecord: false };
}
