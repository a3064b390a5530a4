import type { ModelDeclaration } from './types';
import { wan27ImageToVideo } from './wan2.7-i2v';
import { wan26ImageToVideo } from './wan-2.6-i2v';
import { wan27ReferenceToVideo } from './wan2.7-r2v';
import { wan22ImageToVideoFlash } from './wan-2.2-i2v-flash';
import { wan21ImageToVideo720p } from './wan2.1-i2v-720p';
import { wan27TextToVideo } from './wan2.7-t2v';
import { wan22TextToVideoFast } from './wan-2.2-t2v-fast';
import { wan30Video } from './wan3.0-video';
import { wanAnimate } from './wan-animate';

/** The registry: adding a Segmind model is one declaration file plus one line here. */
export const MODELS: readonly ModelDeclaration[] = [
	wan27ImageToVideo,
	wan26ImageToVideo,
	wan27ReferenceToVideo,
	wan22ImageToVideoFlash,
	wan21ImageToVideo720p,
	wan27TextToVideo,
	wan22TextToVideoFast,
	wan30Video,
	wanAnimate,
];

export function findModel(slug: string): ModelDeclaration | undefined {
	return MODELS.find((model) => model.slug === slug);
}

export type { InputKind, ModelDeclaration, ModelField } from './types';
