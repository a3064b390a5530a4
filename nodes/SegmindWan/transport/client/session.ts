// Client layer: who calls Segmind and where (one run's session, one item's call scope).
import type { IExecuteFunctions } from 'n8n-workflow';

import type { Redact } from '../http/redactApiKey';
import type { RateGate } from './rateGate';

/** Where to reach Segmind, from the credential (never the key itself: n8n injects that). */
export interface SegmindEndpoints {
	apiUrl: string;
	uploadUrl: string;
	/** Segmind's account request history host (Find Jobs, Get Result after the hour). */
	historyUrl: string;
}

/** What all items of one execution share: where Segmind is, the 429 gate, the key's redactor. */
export interface SegmindSession {
	endpoints: SegmindEndpoints;
	/** Cuts the API key out of Segmind's answers (see httpCall). */
	redact: Redact;
	/** Shared by the items of one execution, so a 429 slows them all (a lone call may go without). */
	gate?: RateGate;
	/** True once another item's error has stopped the run: no paid request may go out then. */
	runStopped?: () => boolean;
	/** When this node's run began (ms since epoch): the earliest start the node itself knows. */
	startedAt?: number;
}

/** What becomes of a finished video (the options Video Output and Largest Video to Download). */
export interface VideoDelivery {
	/** 'binary': downloaded into n8n's binary store; 'url': the item carries Segmind's URL only. */
	output: 'binary' | 'url';
	/** Most bytes downloaded; null: no limit. */
	maxBytes: number | null;
}

/** One item's calls: the session plus what lets every error name the right item and job. */
export interface CallScope extends SegmindSession {
	ctx: IExecuteFunctions;
	itemIndex: number;
	/** Known once a job is submitted; from then on every error carries it. */
	requestId?: string;
	/** The id is a synchronous request's: Get Result cannot fetch it (only v2 jobs can). */
	synchronous?: boolean;
	/** When this item's "Max Wait" runs out (ms since epoch): no wait Segmind asks for goes past it. */
	deadline?: number;
	/** Set once Segmind said the job is COMPLETED: errors then say so, not "it may still finish". */
	jobFinished?: boolean;
	/** Absent: download into binary, no limit. */
	video?: VideoDelivery;
}

/** One item's scope in this session; its waits end `maxWaitMs` from now (its "Max Wait"). */
export function itemScope(
	ctx: IExecuteFunctions,
	session: SegmindSession,
	itemIndex: number,
	maxWaitMs: number,
	requestId?: string,
): CallScope {
	return { ctx, itemIndex, ...session, requestId, deadline: Date.now() + maxWaitMs };
}

export function joinUrl(base: string, path: string): string {
	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
