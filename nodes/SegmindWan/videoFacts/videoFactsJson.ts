import type { IDataObject } from 'n8n-workflow';

import type { VideoFactsResult } from './mp4/videoFacts';

export type { VideoFacts, VideoFactsResult } from './mp4/videoFacts';

/** The item JSON fields: `video` holds the facts, or is null with `videoFactsError` saying why. */
export function videoFactsJson(result: VideoFactsResult): IDataObject {
	return result.facts ? { video: result.facts } : { video: null, videoFactsError: result.reason };
}
