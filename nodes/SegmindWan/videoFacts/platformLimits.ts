/**
 * The upload limits each platform publishes for videos sent through its API: the one source of
 * truth behind the items' `platforms` facts and the README's "Fits this platform" table (a test
 * keeps the two equal). A limit the page leaves unclear, or that needs a fact we do not read, is
 * listed with `unclear` and never judged.
 *
 * Sizes read "MB"/"GB" as powers of ten (50 MB = 50,000,000 bytes): the stricter reading, so a
 * file we call fitting fits under either.
 */

/** The platforms judged, in output order, with the name the `why` texts use. */
export const PLATFORM_NAMES = {
	youtubeShorts: 'YouTube Shorts',
	instagramReels: 'Instagram Reels',
	tiktok: 'TikTok',
	x: 'X',
	telegramBot: 'Telegram Bot API',
} as const;

export type Platform = keyof typeof PLATFORM_NAMES;

/** `aspectRatio` is width / height, computed from the exact width and height. */
export type NumericFact =
	'durationSeconds' | 'frameRate' | 'width' | 'height' | 'aspectRatio' | 'fileSizeBytes';

export type LimitRule =
	| { fact: NumericFact; min?: number; max?: number }
	| { fact: 'videoCodec'; oneOf: string[] }
	| { fact: null; unclear: string };

export type PlatformLimit = {
	platform: Platform;
	/** what the platform's page says, in short */
	published: string;
	rule: LimitRule;
	source: string;
	/** the day the source was read, YYYY-MM-DD */
	read: string;
};

const READ = '2026-12-07';
const YOUTUBE_SHORTS = 'https://support.google.com/youtube/answer/15424877';
const YOUTUBE_INSERT = 'https://developers.google.com/youtube/v3/docs/videos/insert';
const INSTAGRAM_REELS =
	'https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media';
const TIKTOK = 'https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide';
const X_MEDIA = 'https://docs.x.com/x-api/media/quickstart/best-practices';
const TELEGRAM = 'https://core.telegram.org/bots/api#sendvideo';

// Sample entry codes of the codecs the pages name (H.264, H.265/HEVC, VP8, VP9).
const H264 = ['avc1', 'avc3'];
const H265 = ['hvc1', 'hev1'];

export const PLATFORM_LIMITS: PlatformLimit[] = [
	{
		platform: 'youtubeShorts',
		published: 'up to 3 minutes',
		rule: { fact: 'durationSeconds', max: 180 },
		source: YOUTUBE_SHORTS,
		read: READ,
	},
	{
		platform: 'youtubeShorts',
		published: 'square or vertical aspect ratio',
		rule: { fact: 'aspectRatio', max: 1 },
		source: YOUTUBE_SHORTS,
		read: READ,
	},
	{
		platform: 'youtubeShorts',
		published: 'maximum file size 256GB (videos.insert)',
		rule: { fact: 'fileSizeBytes', max: 256e9 },
		source: YOUTUBE_INSERT,
		read: READ,
	},
	{
		platform: 'youtubeShorts',
		published: 'frame rate, resolution, codec',
		rule: { fact: null, unclear: 'no Shorts limit published; videos.insert takes any video/*' },
		source: YOUTUBE_INSERT,
		read: READ,
	},
	{
		platform: 'instagramReels',
		published: 'duration 3 seconds to 15 minutes',
		rule: { fact: 'durationSeconds', min: 3, max: 900 },
		source: INSTAGRAM_REELS,
		read: READ,
	},
	{
		platform: 'instagramReels',
		published: 'frame rate 23-60 FPS',
		rule: { fact: 'frameRate', min: 23, max: 60 },
		source: INSTAGRAM_REELS,
		read: READ,
	},
	{
		platform: 'instagramReels',
		published: 'at most 1920 horizontal pixels',
		rule: { fact: 'width', max: 1920 },
		source: INSTAGRAM_REELS,
		read: READ,
	},
	{
		platform: 'instagramReels',
		published: 'aspect ratio 0.01:1 to 10:1 (9:16 recommended)',
		rule: { fact: 'aspectRatio', min: 0.01, max: 10 },
		source: INSTAGRAM_REELS,
		read: READ,
	},
	{
		platform: 'instagramReels',
		published: 'video codec HEVC or H264',
		rule: { fact: 'videoCodec', oneOf: [...H264, ...H265] },
		source: INSTAGRAM_REELS,
		read: READ,
	},
	{
		platform: 'instagramReels',
		published: 'file size',
		rule: { fact: null, unclear: 'copies of the page say 1 GB and 300 MB' },
		source: INSTAGRAM_REELS,
		read: READ,
	},
	{
		platform: 'instagramReels',
		published: 'moov atom first, no edit lists, closed GOP, AAC audio at most 48 kHz',
		rule: { fact: null, unclear: 'not among the facts this node reads' },
		source: INSTAGRAM_REELS,
		read: READ,
	},
	{
		platform: 'tiktok',
		published: 'at most 10 minutes from a developer (an account may allow less; TikTok trims)',
		rule: { fact: 'durationSeconds', max: 600 },
		source: TIKTOK,
		read: READ,
	},
	{
		platform: 'tiktok',
		published: 'frame rate 23 to 60 FPS',
		rule: { fact: 'frameRate', min: 23, max: 60 },
		source: TIKTOK,
		read: READ,
	},
	{
		platform: 'tiktok',
		published: 'width 360 to 4096 pixels',
		rule: { fact: 'width', min: 360, max: 4096 },
		source: TIKTOK,
		read: READ,
	},
	{
		platform: 'tiktok',
		published: 'height 360 to 4096 pixels',
		rule: { fact: 'height', min: 360, max: 4096 },
		source: TIKTOK,
		read: READ,
	},
	{
		platform: 'tiktok',
		published: 'codec H.264, H.265, VP8 or VP9',
		rule: { fact: 'videoCodec', oneOf: [...H264, ...H265, 'vp08', 'vp09'] },
		source: TIKTOK,
		read: READ,
	},
	{
		platform: 'tiktok',
		published: 'maximum of 4GB',
		rule: { fact: 'fileSizeBytes', max: 4e9 },
		source: TIKTOK,
		read: READ,
	},
	{
		platform: 'x',
		published: 'duration 0.5 seconds to 20 minutes (Post video, account without Premium)',
		rule: { fact: 'durationSeconds', min: 0.5, max: 1200 },
		source: X_MEDIA,
		read: READ,
	},
	{
		platform: 'x',
		published: 'frame rate 60 FPS or less',
		rule: { fact: 'frameRate', max: 60 },
		source: X_MEDIA,
		read: READ,
	},
	{
		platform: 'x',
		published: 'aspect ratio between 1:3 and 3:1',
		rule: { fact: 'aspectRatio', min: 1 / 3, max: 3 },
		source: X_MEDIA,
		read: READ,
	},
	{
		platform: 'x',
		published: '8 GB (Post video, account without Premium)',
		rule: { fact: 'fileSizeBytes', max: 8e9 },
		source: X_MEDIA,
		read: READ,
	},
	{
		platform: 'x',
		published: 'dimensions between 32x32 and 1280x1024',
		rule: { fact: null, unclear: 'the same page recommends 720x1280 portrait and 1080p uploads' },
		source: X_MEDIA,
		read: READ,
	},
	{
		platform: 'x',
		published: 'video codec H264 High Profile',
		rule: { fact: null, unclear: 'recommended, not stated as required' },
		source: X_MEDIA,
		read: READ,
	},
	{
		platform: 'telegramBot',
		published: 'bots can send video files of up to 50 MB',
		rule: { fact: 'fileSizeBytes', max: 50e6 },
		source: TELEGRAM,
		read: READ,
	},
	{
		platform: 'telegramBot',
		published: 'MPEG4 videos (other formats may be sent as Document)',
		rule: { fact: null, unclear: 'no duration, size, frame rate or codec rule published' },
		source: TELEGRAM,
		read: READ,
	},
];
