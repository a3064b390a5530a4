// Types for the simulator (plain JS because it needs node:http), as the TypeScript tests use it.
export type Route =
	| 'credits'
	| 'v1'
	| 'submit'
	| 'status'
	| 'result'
	| 'poll'
	| 'download'
	| 'asset'
	| 'upload'
	| 'history'
	| 'historyRecord';

export type Fault =
	| {
			status: number;
			body?: unknown;
			headers?: Record<string, string>;
			contentType?: string;
			afterAccept?: boolean;
			delayMs?: number;
			/** Send headers and body (chunked), never end the response. */
			holdOpen?: boolean;
			/** let this many requests on the route through first */
			skip?: number;
	  }
	| {
			kind: 'reset' | 'reset-midway' | 'truncate' | 'cut-close-delimited';
			afterAccept?: boolean;
			delayMs?: number;
			skip?: number;
	  }
	| { kind: 'hang'; ms: number }
	| {
			/**
			 * Headers at once, then `bytesPerTick` bytes (default 1) every `tickMs` (default 500),
			 * never the end. With `status`: that answer (body/headers/contentType as a status
			 * fault) before the handler runs; without: the handler's real answer (a submit's job is
			 * created). `contentLength`: a stated length (e.g. far more than is ever sent); default
			 * none (chunked). Ends when the client hangs up, and on reset()/close().
			 */
			kind: 'drip';
			bytesPerTick?: number;
			tickMs?: number;
			contentLength?: number;
			status?: number;
			body?: unknown;
			headers?: Record<string, string>;
			contentType?: string;
			skip?: number;
	  };

export interface SimulatorOptions {
	apiKey?: string;
	generationMs?: number;
	queueMs?: number;
	v1Response?: 'raw' | 'json-url' | 'json-video-object' | 'json-base64' | 'json-data-uri';
	outputShape?:
		'string' | 'array' | 'video-object' | 'media-url' | 'image-url' | 'with-thumbnail' | 'missing';
	uploadResponse?: 'urls' | 'file_urls';
	requestIds?: 'hex' | 'uuid';
	failedBodyRequestId?: boolean;
	videoEncoding?: 'gzip' | 'gzip-always' | null;
	/** the files host honours Range on generated videos (default true) */
	videoRanges?: boolean;
	/** generated videos carry Content-Length (default true; false: chunked) */
	videoLength?: boolean;
	uploadReadBytesPerSecond?: number | null;
	uploadBodyLimitBytes?: number;
	outOfCredits?: boolean;
	/** GET /v1/get-user-credits body (served as is); null → 404 "No credits found for the user". */
	credits?: unknown;
	video?: Buffer | string | null;
	rateLimit?: { perMinute: number; windowMs?: number } | null;
	resultTtlMs?: number;
	validateParams?: boolean;
	historyEnvelope?: 'data' | 'rows' | 'items' | 'results' | 'array';
	historyRecordEnvelope?: 'bare' | 'data' | 'list';
	historySparseRows?: boolean;
	historyMultiOutput?: boolean;
}

export interface RecordedRequest {
	server: 'api' | 'upload' | 'files' | 'history';
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	/** Parsed JSON, or `{ length }` for other bodies. */
	body: unknown;
	at: number;
	route: Route | null;
	status: number | null;
	/** holdOpen and drip faults: whether the client hung up before the (never ending) body ended. */
	clientClosedEarly?: boolean;
	/** drip faults: bytes written after the headers so far. */
	bytesDripped?: number;
}

export interface SimulatedJob {
	slug: string;
	body: Record<string, unknown>;
	status: string;
	submittedAt: number;
	completedAt?: number;
}

export interface Simulator {
	readonly apiUrl: string;
	readonly uploadUrl: string;
	readonly filesUrl: string;
	/** The account history host (like https://api.spotprod.segmind.com). */
	readonly historyUrl: string;
	/** The default generated video (options.video, else sample.mp4). */
	readonly video: Buffer;
	/** The video a generation with this body returns: portrait/landscape by the input image's shape (videoShapes.js). */
	videoFor(body: Record<string, unknown>): Buffer;
	readonly requests: RecordedRequest[];
	readonly submits: number;
	/** scripted faults not yet consumed, per route */
	readonly pendingFaults: Partial<Record<Route, number>>;
	readonly jobs: Map<string, SimulatedJob>;
	readonly maxConcurrentJobs: number;
	readonly maxConcurrentV1: number;
	readonly keyLeaks: RecordedRequest[];
	readonly assets: Map<string, { mime: string; bytes: Buffer }>;
	readonly outputs: Map<string, Buffer>;
	/** The files-host URL a generation of `id` is served under. */
	outputUrl(id: string): string;
	configure(partial: SimulatorOptions): void;
	failNext(route: Route, fault: Fault, count?: number): void;
	failJob(options?: { error?: string }, count?: number): void;
	expire(id: string): void;
	completeJob(id: string): void;
	/** Make a request `ms` older in the account history only. */
	backdate(id: string, ms: number): void;
	addModel(slug: string, schema?: unknown): void;
	reset(): void;
	close(): Promise<void>;
}

export function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
export const FIXTURE_VIDEO_PATH: string;
/** 720x1280 (9:16) with audio, served for portrait input images. */
export const PORTRAIT_VIDEO_PATH: string;
/** 1280x720 (16:9) with audio, moov at the end, served for landscape input images. */
export const LANDSCAPE_VIDEO_PATH: string;
