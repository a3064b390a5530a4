import type { UriField } from '../models/types';
import { binaryFieldLabel, LIST_BINARY_LABEL } from '../parameters/mediaParameters';
import { isHttpUrl } from './requestSchema';

/** "Reference Images" → "Reference image": how one entry of a list is named in messages. */
function entryName(field: UriField): string {
	const singular = field.displayName.replace(/s$/, '');
	return singular.charAt(0) + singular.slice(1).toLowerCase();
}

/** "Reference image 2" for a list entry (index from 0), else the field's own name. */
export function mediaEntryLabel(field: UriField, index: number): string {
	return field.maxItems ? `${entryName(field)} ${index + 1}` : field.displayName;
}

/** The binary field name's input as the editor labels it, e.g. "Image Binary Field" (image). */
export function binaryInputLabel(field: UriField, index: number): string {
	return field.maxItems
		? `${mediaEntryLabel(field, index)}, "${LIST_BINARY_LABEL}" (${field.apiName})`
		: `"${binaryFieldLabel(field)}" (${field.apiName})`;
}

const quoted = (value: string) => `\`${value.length > 60 ? `${value.slice(0, 57)}…` : value}\``;

function urlProblem(field: UriField, index: number, value: unknown): string | undefined {
	const label = mediaEntryLabel(field, index);
	if (typeof value !== 'string') return undefined; // a wrong type is the schema's message
	const url = value.trim();
	if (url === '') return `${label}: the URL is empty`;
	if (!isHttpUrl(url)) return `${label}: ${quoted(url)} is not an http(s) URL`;
	return undefined;
}

/**
 * The first problem of a media value, naming the entry the user has to fix ("Reference image
 * 2: the URL is empty"); undefined when every entry is a usable URL. Lists: empty entries
 * count, so an empty second entry is not silently dropped.
 */
export function mediaProblem(field: UriField, value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) {
		return value === '' && !field.required ? undefined : urlProblem(field, 0, value);
	}
	for (const [index, entry] of value.entries()) {
		const problem = urlProblem(field, index, entry);
		if (problem) return problem;
	}
	if (field.maxItems && value.length > field.maxItems) {
		return `${field.displayName}: at most ${field.maxItems} entries, got ${value.length}`;
	}
	return undefined;
}
