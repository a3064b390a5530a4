// Issue 21 in real n8n queue mode (binary data in the database, its size limit set between the
// simulator's two videos): Video Output "URL Only" passes a video the store would refuse,
// Largest Video to Download refuses a video from its stated size, and n8n's store refusing a
// video (FileTooLargeError) is reported as such, with n8n's message and the request ID.
import { check } from '../suiteReport.mjs';
import { simRequests } from '../restart/n8nRest.mjs';
import { BIG_VIDEO } from './webhookWorkflows.mjs';
import { postWebhook } from './executionChecks.mjs';

/** Runs one case through the webhook: the Segmind node's first item (or error item) and the sim's log. */
async function runCase(main, sim, body) {
	const from = sim.output().stderr.length;
	const res = await postWebhook(`${main.baseUrl}/webhook/${BIG_VIDEO.webhookPath}`, {
		prompt: 'A lighthouse at dusk, waves below',
		...body,
	});
	const text = await res.text();
	let json = null;
	try {
		json = JSON.parse(text);
	} catch {
		// reported by the checks
	}
	return { status: res.status, json, text: text.slice(0, 2000), sim: simRequests(sim, from) };
}

const files = (lines) => lines.filter((line) => line.startsWith('files GET '));

/**
 * @param sizes {{ small: number, large: number, storeLimitMb: number }} the simulator's 16:9
 *   (small) and 9:16 (large) videos, and N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE between them
 */
export async function runBigVideoCases({ main, sim }, sizes) {
	const t = Date.now();
	const tag = '[big video]';

	// 1. URL only: the video the store would refuse reaches the item as its URL and facts.
	const url = await runCase(main, sim, { ratio: '9:16', videoOutput: 'url', maxVideoMb: 0 });
	const item = url.json ?? {};
	check(
		`${tag} URL Only: webhook 200, item with videoUrl, fileSizeBytes ${sizes.large}, portrait 9:16 facts, videoOutput "url", no error`,
		url.status === 200 &&
			item.videoOutput === 'url' &&
			typeof item.videoUrl === 'string' &&
			item.fileSizeBytes === sizes.large &&
			item.video?.aspectRatio === '9:16' &&
			item.video?.orientation === 'portrait' &&
			item.error === undefined,
		url,
	);
	check(
		`${tag} URL Only: the files host saw only range reads (206), ${files(url.sim).length} of them; nothing downloaded`,
		files(url.sim).length >= 1 && files(url.sim).every((line) => / → 206$/.test(line)),
		url.sim,
	);

	// 2. Largest Video to Download below the 16:9 video's stated size: refused, request ID kept.
	const guard = await runCase(main, sim, {
		ratio: '16:9',
		videoOutput: 'binary',
		maxVideoMb: 0.01,
	});
	const guarded = guard.json ?? {};
	check(
		`${tag} Largest Video to Download 0.01 MB: error item "${String(guarded.error).slice(0, 110)}…" with the size, the limit, requestId and the choices`,
		guard.status === 200 &&
			new RegExp(
				`^The video is [0-9.]+ MB \\(${sizes.small} bytes\\), above Largest Video to Download \\(0\\.01 MB\\) \\(request ${guarded.requestId}\\)$`,
			).test(String(guarded.error)) &&
			/^[0-9a-f]{32}$/.test(String(guarded.requestId)) &&
			['"URL Only"', '`filesystem`', 'N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE'].every((choice) =>
				String(guarded.description).includes(choice),
			),
		guard,
	);
	check(
		`${tag} Largest Video to Download: one video request, not retried`,
		files(guard.sim).length === 1,
		guard.sim,
	);

	// 3. Binary, no limit of ours: n8n's database store refuses the 9:16 video over its limit.
	const store = await runCase(main, sim, { ratio: '9:16', videoOutput: 'binary', maxVideoMb: 0 });
	const refused = store.json ?? {};
	const words = `${refused.error} ${refused.description}`;
	check(
		`${tag} store refusal: "${String(refused.error).slice(0, 140)}…" names n8n's store, quotes its FileTooLargeError (${sizes.storeLimitMb} MB, \`database\` mode) and the request ID`,
		store.status === 200 &&
			String(refused.error).startsWith(
				"n8n's binary data store refused the video: FileTooLargeError: Failed to write binary file",
			) &&
			String(refused.error).includes(
				`exceeds the max size limit of ${sizes.storeLimitMb} MB set for \`database\` mode`,
			) &&
			String(refused.error).endsWith(`(request ${refused.requestId})`) &&
			/^[0-9a-f]{32}$/.test(String(refused.requestId)),
		store,
	);
	check(
		`${tag} store refusal: says the job finished and how to fetch it again; never "UNKNOWN", "Request to" or "may still finish"`,
		String(refused.description).includes(
			`Request ID: ${refused.requestId}. The job finished at Segmind`,
		) && !/UNKNOWN|Request to|may still finish/.test(words),
		refused,
	);
	check(
		`${tag} store refusal: the download itself succeeded once and was not retried`,
		files(store.sim).length === 1 && / → 200$/.test(files(store.sim)[0] ?? ''),
		store.sim,
	);
	return Date.now() - t;
}
