import type { VideoFactsResult } from './mp4/videoFacts';
import type { LimitRule, NumericFact, Platform } from './platformLimits';
import { PLATFORM_LIMITS, PLATFORM_NAMES } from './platformLimits';

/**
 * Whether the video meets one platform's published API upload limits: true when every judged
 * limit holds, false when one fails, null when none fails but a fact is unknown (never a guess).
 * `why` names each failed or unknown check.
 */
export type PlatformFit = { fits: boolean | null; why: string[] };

export type PlatformFits = Record<Platform, PlatformFit>;

/** The facts the limits are judged on; null where the MP4 did not tell. */
type JudgedFacts = Record<NumericFact, number | null> & { videoCodec: string | null };

const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));

const FACT_TEXT: Record<NumericFact, { label: string; show: (value: number) => string }> = {
	durationSeconds: { label: 'duration', show: (value) => `${value} s` },
	frameRate: { label: 'frame rate', show: (value) => `${value} fps` },
	width: { label: 'width', show: (value) => `${value} px` },
	height: { label: 'height', show: (value) => `${value} px` },
	aspectRatio: { label: 'aspect ratio (width / height)', show: (value) => `${round(value, 4)}` },
	fileSizeBytes: { label: 'file size', show: (value) => `${value} bytes` },
};

function judgedFacts(result: VideoFactsResult, fileSizeBytes: number | null): JudgedFacts {
	const facts = result.facts;
	return {
		durationSeconds: facts?.durationSeconds ?? null,
		frameRate: facts?.frameRate ?? null,
		width: facts?.width ?? null,
		height: facts?.height ?? null,
		// from the exact sizes: the 4-decimal aspectRatioValue would miss limits such as 1:3
		aspectRatio: facts ? facts.width / facts.height : null,
		fileSizeBytes: facts?.fileSizeBytes ?? fileSizeBytes,
		videoCodec: facts?.videoCodec ?? null,
	};
}

const possessive = (name: string): string => (name.endsWith('s') ? `${name}'` : `${name}'s`);

function limitText(rule: LimitRule): string {
	if (rule.fact === null) return rule.unclear;
	if (rule.fact === 'videoCodec') return rule.oneOf.join(', ');
	const { show } = FACT_TEXT[rule.fact];
	if (rule.min !== undefined && rule.max !== undefined)
		return `${show(rule.min)} to ${show(rule.max)}`;
	return rule.max !== undefined ? `maximum ${show(rule.max)}` : `minimum ${show(rule.min ?? 0)}`;
}

type Verdict = { kind: 'ok' } | { kind: 'failed' | 'unknown'; text: string };

function judge(rule: LimitRule, facts: JudgedFacts, name: string, reason: string | null): Verdict {
	if (rule.fact === null) return { kind: 'ok' };
	const value = facts[rule.fact];
	const label = rule.fact === 'videoCodec' ? 'video codec' : FACT_TEXT[rule.fact].label;
	if (value === null) {
		const because = reason ? ` (${reason})` : '';
		const text = `${label} unknown: cannot check ${possessive(name)} ${limitText(rule)}${because}`;
		return { kind: 'unknown', text };
	}
	if (rule.fact === 'videoCodec') {
		return rule.oneOf.includes(String(value))
			? { kind: 'ok' }
			: {
					kind: 'failed',
					text: `${label} ${value} is not one of ${possessive(name)} ${limitText(rule)}`,
				};
	}
	const { show } = FACT_TEXT[rule.fact];
	const number = value as number;
	if (rule.max !== undefined && number > rule.max) {
		return {
			kind: 'failed',
			text: `${label} ${show(number)} is over ${possessive(name)} maximum ${show(rule.max)}`,
		};
	}
	if (rule.min !== undefined && number < rule.min) {
		return {
			kind: 'failed',
			text: `${label} ${show(number)} is under ${possessive(name)} minimum ${show(rule.min)}`,
		};
	}
	return { kind: 'ok' };
}

function platformFit(platform: Platform, facts: JudgedFacts, reason: string | null): PlatformFit {
	const name = PLATFORM_NAMES[platform];
	const verdicts = PLATFORM_LIMITS.filter((limit) => limit.platform === platform).map((limit) =>
		judge(limit.rule, facts, name, reason),
	);
	const failed = verdicts.some((verdict) => verdict.kind === 'failed');
	const unknown = verdicts.some((verdict) => verdict.kind === 'unknown');
	return {
		fits: failed ? false : unknown ? null : true,
		why: verdicts.flatMap((verdict) => (verdict.kind === 'ok' ? [] : [verdict.text])),
	};
}

/**
 * The item's `platforms`: each platform's fit, from the video facts (or, when the MP4 could not
 * be read, from the file size alone, every other check unknown with the reason). A null size
 * (a URL-only item whose host stated none) is unknown too.
 */
export function platformFits(result: VideoFactsResult, fileSizeBytes: number | null): PlatformFits {
	const facts = judgedFacts(result, fileSizeBytes);
	const platforms = Object.keys(PLATFORM_NAMES) as Platform[];
	return Object.fromEntries(
		platforms.map((platform) => [platform, platformFit(platform, facts, result.reason)]),
	) as PlatformFits;
}
