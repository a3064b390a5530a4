import type { IDataObject } from 'n8n-workflow';

import type { HttpResult } from './httpCall';
import { tryParseJson } from './errorMessages';
import { readAll } from './segmindCalls';

/** The body as a JSON object when it is one; strings (HTML, text) come back as `{}` plus raw text. */
export async function jsonBody(result: HttpResult): Promise<{ json: IDataObject; raw: unknown }> {
	let raw = result.body;
	if (raw !== null && typeof raw === 'object' && !Buffer.isBuffer(raw) && !(Symbol.asyncIterator in raw)) {
		return { json: raw as IDataObject, raw };
	}
	if (raw !== undefined && raw !== null && typeof raw !== 'string') {
		raw = (await readAll(raw)).toString('utf8');
	}
	const parsed = typeof raw === 'string' ? tryParseJson(raw) : undefined;
	const redact = result.redact ?? ((value) => value);
	const json = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? redact(parsed as IDataObject) : {};
	return { json, raw: redact(parsed ?? raw) };
}
