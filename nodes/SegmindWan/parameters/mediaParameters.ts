import type { UriField } from '../models/types';
import { toParameterName } from './fieldNames';

/** Where a media input comes from. `none` exists only for optional fields without a default. */
export type UriSource = 'none' | 'url' | 'binary';

export const sourceParameter = (field: UriField) => `${toParameterName(field.apiName)}Source`;
export const binaryParameter = (field: UriField) =>
	`${toParameterName(field.apiName)}BinaryProperty`;
/** Entries of a multi-input field live under this key of its fixedCollection. */
export const LIST_KEY = 'items';

/** The label n8n shows for a single media field's binary field name, e.g. "Image Binary Field". */
export const binaryFieldLabel = (field: UriField) => `${field.displayName} Binary Field`;
/** The label of a list entry's binary field name. */
export const LIST_BINARY_LABEL = 'Input Binary Field';

export function defaultSource(field: UriField): UriSource {
	return field.default === null && !field.required ? 'none' : 'url';
}
