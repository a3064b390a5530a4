import type { VideoFacts } from '../../../nodes/SegmindWan/videoFacts/mp4/videoFacts';
import { platformFits } from '../../../nodes/SegmindWan/videoFacts/platformFit';
import type { NumericFact } from '../../../nodes/SegmindWan/videoFacts/platformLimits';
import {
	PLATFORM_LIMITS,
	PLATFORM_NAMES,
} from '../../../nodes/SegmindWan/videoFacts/platformLimits';

/** A 10 s 720x1280 H.264 clip at 30 fps, 1 MB: within every platform's limits. */
const FITS_ALL: VideoFacts = {
	durationSeconds: 10,
	width: 720,
	height: 1280,
	aspectRatio: '9:16',
	aspectRatioValue: 0.5625,
	orientation: 'portrait',
	rotation: 0,
	frameRate: 30,
	videoCodec: 'avc1',
	hasAudio: true,
	audioCodec: 'mp4a',
	fileSizeBytes: 1_000_000,
};

const known = (facts: VideoFacts) => platformFits({ facts, reason: null }, facts.fileSizeBytes);

/** The smallest step of each fact as this node reports it (3 decimals, pixels, bytes). */
const STEP: Record<Exclude<NumericFact, 'aspectRatio'>, number> = {
	durationSeconds: 0.001,
	frameRate: 0.001,
	width: 1,
	height: 1,
	fileSizeBytes: 1,
};

/** How the `why` texts name each fact. */
const LABEL: Record<NumericFact, string> = {
	durationSeconds: 'duration',
	frameRate: 'frame rate',
	width: 'width',
	height: 'height',
	aspectRatio: 'aspect ratio (width / height)',
	fileSizeBytes: 'file size',
};

/** FITS_ALL with one fact set; an aspect ratio as width / 3000 px of height, `nudge` px wider. */
function withFact(fact: NumericFact, value: number, nudge: number): VideoFacts {
	if (fact === 'aspectRatio') return { ...FITS_ALL, width: value * 3000 + nudge, height: 3000 };
	return { ...FITS_ALL, [fact]: value + nudge * STEP[fact] };
}

it('a clip within every limit fits every platform, with nothing to explain', () => {
	const platforms = known(FITS_ALL);
	expect(Object.keys(platforms)).toEqual(Object.keys(PLATFORM_NAMES));
	for (const fit of Object.values(platforms)) expect(fit).toEqual({ fits: true, why: [] });
});

const BOUNDS = PLATFORM_LIMITS.flatMap(({ platform, rule }) => {
	if (rule.fact === null || rule.fact === 'videoCodec') return [];
	const fact = rule.fact;
	return [
		...(rule.max === undefined ? [] : [[platform, fact, 'max', rule.max] as const]),
		...(rule.min === undefined ? [] : [[platform, fact, 'min', rule.min] as const]),
	];
});

describe.each(BOUNDS)('%s %s %s %d', (platform, fact, side, bound) => {
	const outward = side === 'max' ? 1 : -1;
	const name = PLATFORM_NAMES[platform];
	const mentions = (why: string[]) =>
		why.filter((text) => text.startsWith(`${LABEL[fact]} `) && text.includes(`${side}imum`));

	it('passes just inside and exactly at the limit', () => {
		for (const nudge of [-outward, 0]) {
			const fit = known(withFact(fact, bound, nudge))[platform];
			expect(mentions(fit.why)).toEqual([]);
		}
	});

	it('fails just outside, saying which limit and by what value', () => {
		const fit = known(withFact(fact, bound, outward))[platform];
		expect(fit.fits).toBe(false);
		const [text] = mentions(fit.why);
		const rangeWord = side === 'max' ? 'over' : 'under';
		expect(text).toContain(`is ${rangeWord} ${name}`);
		if (fact !== 'aspectRatio') expect(text).toContain(String(bound));
	});
});

it('names the value and the limit in plain words', () => {
	const long = known({ ...FITS_ALL, durationSeconds: 180.001 }).youtubeShorts;
	expect(long).toEqual({
		fits: false,
		why: ["duration 180.001 s is over YouTube Shorts' maximum 180 s"],
	});
	const wide = known({ ...FITS_ALL, width: 1280, height: 720 }).youtubeShorts;
	expect(wide.why).toEqual([
		"aspect ratio (width / height) 1.7778 is over YouTube Shorts' maximum 1",
	]);
	const slow = known({ ...FITS_ALL, frameRate: 16 });
	expect(slow.tiktok.why).toEqual(["frame rate 16 fps is under TikTok's minimum 23 fps"]);
	expect(slow.instagramReels.fits).toBe(false);
	expect(slow.x.fits).toBe(true);
	const big = known({ ...FITS_ALL, fileSizeBytes: 50_000_001 }).telegramBot;
	expect(big.why).toEqual([
		"file size 50000001 bytes is over Telegram Bot API's maximum 50000000 bytes",
	]);
});

it('a square clip is a Short, exactly 3 minutes included', () => {
	const square = known({ ...FITS_ALL, width: 1080, height: 1080, durationSeconds: 180 });
	expect(square.youtubeShorts).toEqual({ fits: true, why: [] });
});

it('lists every failed check, not just the first', () => {
	const fit = known({ ...FITS_ALL, durationSeconds: 200, width: 1920, height: 1080 });
	expect(fit.youtubeShorts.fits).toBe(false);
	expect(fit.youtubeShorts.why).toHaveLength(2);
});

it('checks the codec against the names each platform accepts', () => {
	const vp9 = known({ ...FITS_ALL, videoCodec: 'vp09' });
	expect(vp9.instagramReels).toEqual({
		fits: false,
		why: ["video codec vp09 is not one of Instagram Reels' avc1, avc3, hvc1, hev1"],
	});
	expect(vp9.tiktok.fits).toBe(true);
	expect(known({ ...FITS_ALL, videoCodec: 'hev1' }).instagramReels.fits).toBe(true);
	// X and Telegram publish no required codec: not judged
	expect(vp9.x.fits).toBe(true);
	expect(vp9.telegramBot.fits).toBe(true);
});

it('an unknown fact gives null, with what could not be checked, never a guess', () => {
	const noRate = known({ ...FITS_ALL, frameRate: null, videoCodec: null });
	expect(noRate.instagramReels.fits).toBeNull();
	expect(noRate.instagramReels.why).toEqual([
		"frame rate unknown: cannot check Instagram Reels' 23 fps to 60 fps",
		"video codec unknown: cannot check Instagram Reels' avc1, avc3, hvc1, hev1",
	]);
	expect(noRate.tiktok.fits).toBeNull();
	expect(noRate.x.fits).toBeNull();
	// the checks that need neither still judge
	expect(noRate.youtubeShorts).toEqual({ fits: true, why: [] });
	const noLength = known({ ...FITS_ALL, durationSeconds: null });
	expect(noLength.youtubeShorts.fits).toBeNull();
	expect(noLength.youtubeShorts.why).toEqual([
		"duration unknown: cannot check YouTube Shorts' maximum 180 s",
	]);
});

it('a known failure wins over an unknown fact', () => {
	const fit = known({ ...FITS_ALL, frameRate: null, durationSeconds: 1000 }).tiktok;
	expect(fit.fits).toBe(false);
	expect(fit.why).toHaveLength(2);
});

it('an unreadable MP4 is judged on its file size alone, each unknown check with the reason', () => {
	const small = platformFits({ facts: null, reason: 'no moov box' }, 1000);
	const { telegramBot, ...needFacts } = small;
	for (const fit of Object.values(needFacts)) expect(fit.fits).toBeNull();
	expect(telegramBot).toEqual({ fits: true, why: [] });
	expect(small.youtubeShorts.why).toEqual([
		"duration unknown: cannot check YouTube Shorts' maximum 180 s (no moov box)",
		"aspect ratio (width / height) unknown: cannot check YouTube Shorts' maximum 1 (no moov box)",
	]);
	const big = platformFits({ facts: null, reason: 'no moov box' }, 60_000_000);
	expect(big.telegramBot.fits).toBe(false);
});
