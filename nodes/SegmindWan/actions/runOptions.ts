import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_WAIT_MINUTES,
	MAX_CONCURRENCY,
	MAX_WAIT_MINUTES,
	MIN_WAIT_MINUTES,
} from '../constants';
import type { VideoDelivery } from '../transport/client/session';
import { MB } from '../transport/media/videoLimits';
import { fieldLabel, invalidInput } from './inputErrors';

export type ExecutionMode = 'wait' | 'sync';

/** An item's Execution Mode and Options, checked. */
export interface RunOptions {
	mode: ExecutionMode;
	binaryPropertyName: string;
	maxWaitMs: number;
	/** Items in flight at once (the first item's setting applies to the whole run). */
	concurrency: number;
	/** "Reuse an Identical Job": the same job within Segmind's hour is resumed, not paid again. */
	reuseIdenticalJob: boolean;
	/** Video Output and Largest Video to Download. */
	video: VideoDelivery;
}

/** Video Output and Largest Video to Download (MB as n8n's database limit: 1,048,576 bytes). */
function readVideoDelivery(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject) {
	const output = options.videoOutput ?? 'binary';
	if (output !== 'binary' && output !== 'url') {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			fieldLabel('Video Output', 'videoOutput'),
			`must be "binary" or "url", got ${String(output)}`,
		);
	}
	const raw = options.maxVideoMb;
	const megabytes = raw === undefined || raw === null || raw === '' ? 0 : Number(raw);
	if (!Number.isFinite(megabytes) || megabytes < 0) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			fieldLabel('Largest Video to Download (MB)', 'maxVideoMb'),
			`must be a number of MB, 0 or more (0: no limit), got ${String(raw)}`,
		);
	}
	return { output, maxBytes: megabytes > 0 ? Math.floor(megabytes * MB) : null } as VideoDelivery;
}

/** Reads the item's Execution Mode and Options; a value out of range stops the run before anything is sent. */
export function readRunOptions(ctx: IExecuteFunctions, itemIndex: number): RunOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const minutes = Number(options.maxWaitMinutes ?? DEFAULT_MAX_WAIT_MINUTES);
	if (!Number.isFinite(minutes) || minutes < MIN_WAIT_MINUTES || minutes > MAX_WAIT_MINUTES) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			fieldLabel('Max Wait (Minutes)', 'maxWaitMinutes'),
			`must be a number of at least ${MIN_WAIT_MINUTES} and at most ${MAX_WAIT_MINUTES}, got ${String(options.maxWaitMinutes)}`,
			"The node keeps its record of a paid job (what stops Retry On Fail from paying again) for Segmind's hour after submission, and a wait must end within it. For longer jobs use Submit, then Get Result later.",
		);
	}
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (!binaryPropertyName) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			fieldLabel('Put Output in Field', 'binaryPropertyName'),
			'must not be empty',
		);
	}
	const concurrency = Number(options.concurrency ?? DEFAULT_CONCURRENCY);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			fieldLabel('Concurrency', 'concurrency'),
			`must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(options.concurrency)}`,
		);
	}
	return {
		mode: ctx.getNodeParameter('executionMode', itemIndex, 'wait') as ExecutionMode,
		binaryPropertyName,
		maxWaitMs: minutes * 60_000,
		concurrency,
		reuseIdenticalJob: options.reuseIdenticalJob === true,
		video: readVideoDelivery(ctx, itemIndex, options),
	};
}
