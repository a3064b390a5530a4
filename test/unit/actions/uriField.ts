import type { UriField } from '../../../nodes/SegmindWan/models/types';

/** A media (URI) field as a model declares it; tests name only what they are about. */
export function uriField(
	field: Pick<UriField, 'apiName' | 'displayName'> & Partial<UriField>,
): UriField {
	return { type: 'uri', media: 'image', required: false, default: null, description: '', ...field };
}
