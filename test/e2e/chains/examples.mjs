// The example workflows no other e2e suite runs whole, run end to end in the chains suite's n8n
// with its fakes: as shipped, but for the credentials and the folder the MP4 is saved to. The
// Form Triggers stay (the suite submits their forms over HTTP, as a browser would); the Manual
// Triggers are run as the editor's button does; the Wait form is answered "Yes" likewise.
// Elsewhere: quick-start (npm run demo -- --smoke), submit-wait-get-result (restart.e2e.mjs),
// data-table-submit and data-table-collect (dataTable.e2e.mjs).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../../../scripts/e2e/toolchain.mjs';
import { NODE_TYPE } from '../../../scripts/e2e/segmind.mjs';
import { readBinary } from '../../../scripts/e2e/n8nCli.mjs';
import { activate, executionsOf, until } from '../restart/n8nRest.mjs';
import { check, secs } from '../suiteReport.mjs';
import { getExecution } from '../../../scripts/e2e/queueMode.mjs';
import { FINAL, executionWhen, runManually, uploadProblems } from './run.mjs';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const FORM_EXAMPLES = ['form-to-youtube', 'route-by-orientation', 'idea-to-vertical-video'];
const MANUAL_EXAMPLES = ['drive-first-last-frame', 'draft-then-render'];
export const EXAMPLES_RUN_HERE = [...FORM_EXAMPLES, ...MANUAL_EXAMPLES];

/** The images the forms and the Drive fake hand over, and the videos the simulator answers. */
export async function exampleFixtures() {
	const read = (name) => readFile(path.join(FIXTURES, name));
	const portraitPng = await read('portrait.png');
	return {
		portraitPng,
		landscapePng: await read('landscape.png'),
		// Which video the simulator serves for which input: test/simulator/videoShapes.js.
		portraitMp4: await read('portrait-faststart-audio.mp4'),
		landscapeMp4: await read('landscape-moov-end-audio.mp4'),
		driveFiles: {
			FIRST_FRAME_FILE_ID: { name: 'first.png', mimeType: 'image/png', data: portraitPng },
			LAST_FRAME_FILE_ID: { name: 'last.png', mimeType: 'image/png', data: portraitPng },
		},
	};
}

/** The examples with this n8n's credentials, and the MP4 saved in its own ~/.n8n-files. */
export async function examplesToRun(ctx, segmindCredential, credentials) {
	const byType = {
		[NODE_TYPE]: segmindCredential,
		'n8n-nodes-base.youTube': credentials.youTube,
		'n8n-nodes-base.googleDrive': credentials.drive,
	};
	const workflows = [];
	for (const name of EXAMPLES_RUN_HERE) {
		const wf = JSON.parse(await readFile(path.join(REPO_ROOT, 'examples', `${name}.json`), 'utf8'));
		for (const node of wf.nodes) {
			const credential = byType[node.type];
			if (credential)
				node.credentials = { [credential.type]: { id: credential.id, name: credential.name } };
			if (node.type === 'n8n-nodes-base.readWriteFile')
				node.parameters.fileName = node.parameters.fileName.replace('/home/node', ctx.userFolder);
		}
		workflows.push({ ...wf, active: false, example: name });
	}
	return workflows.map(({ example, ...wf }) => Object.assign(wf, { meta: { example } }));
}

const exampleOf = (examples, name) => examples.find((wf) => wf.meta.example === name);

/** Submits a Form Trigger's form like a browser: multipart, fields field-0, field-1, …. */
async function submitForm(url, fields) {
	const form = new FormData();
	fields.forEach((value, i) =>
		form.append(`field-${i}`, ...(value instanceof Blob ? [value, 'image.png'] : [value])),
	);
	const res = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
	if (!res.ok)
		throw new Error(`POST ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
}

const png = (bytes) => new Blob([bytes], { type: 'image/png' });

async function succeeded(ctx, session, workflowId, count) {
	return await until(
		`${count} successful execution(s) of ${workflowId}`,
		async () => {
			const list = await executionsOf(session, workflowId);
			const bad = list.find((e) => FINAL.includes(e.status) && e.status !== 'success');
			if (bad) {
				const detail = failure(await getExecution(ctx, session, bad.id));
				throw new Error(`${workflowId} execution ${bad.id}: ${JSON.stringify(detail)}`);
			}
			return list.filter((e) => e.status === 'success').length === count ? list : null;
		},
		60_000,
	);
}

function checkYouTube(tag, fakes, title, bytes, label) {
	const got = fakes.uploads.filter((u) => u.service === 'youtube' && u.tag === title);
	const problems =
		got.length === 1
			? uploadProblems(got[0], { bytes }, { fileName: false })
			: [`${got.length} uploads`];
	check(
		`${tag} ${label}: YouTube got "${title}", the simulator's ${bytes.length}-byte MP4`,
		problems.length === 0,
		problems,
	);
}

/** One example's run: a failure is reported and the next example still runs. */
async function attempt(tag, name, fn) {
	await fn().catch((error) =>
		check(`${tag} ${name} ran whole`, false, error.stack ?? String(error)),
	);
}

/** Why an execution failed: the node and its message. */
export const failure = (execution) => ({
	status: execution?.status,
	node: execution?.data?.resultData?.lastNodeExecuted,
	error: execution?.data?.resultData?.error?.message,
	description: execution?.data?.resultData?.error?.description,
});

export async function runExamples(tag, { ctx, session, n8n, fakes, fixtures, examples }) {
	const forms = FORM_EXAMPLES.map((name) => exampleOf(examples, name));
	for (const wf of forms)
		if (!(await activate(session, wf.id))) throw new Error(`${wf.id} not published`);
	const formUrl = (wf) =>
		`${n8n.baseUrl}/form/${wf.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger').webhookId}`;
	const [toYouTube, route, idea] = forms;
	const done = (wf, count) => succeeded(ctx, session, wf.id, count);

	await attempt(tag, 'form-to-youtube.json', async () => {
		const t = Date.now();
		await submitForm(formUrl(toYouTube), [
			png(fixtures.portraitPng),
			'a cat turns',
			'form-to-youtube',
		]);
		await done(toYouTube, 1);
		checkYouTube(
			tag,
			fakes,
			'form-to-youtube',
			fixtures.portraitMp4,
			`form-to-youtube.json whole (${secs(t)})`,
		);
	});

	await attempt(tag, 'route-by-orientation.json', async () => {
		const t = Date.now();
		await submitForm(formUrl(route), [png(fixtures.portraitPng), 'a cat turns', 'route portrait']);
		await submitForm(formUrl(route), [
			png(fixtures.landscapePng),
			'a cat turns',
			'route landscape',
		]);
		await done(route, 2);
		checkYouTube(
			tag,
			fakes,
			'route portrait #Shorts',
			fixtures.portraitMp4,
			`route-by-orientation.json whole, portrait image → YouTube Short (${secs(t)})`,
		);
		checkYouTube(
			tag,
			fakes,
			'route landscape',
			fixtures.landscapeMp4,
			'route-by-orientation.json whole, landscape image → YouTube (landscape)',
		);
	});

	await attempt(tag, 'idea-to-vertical-video.json', async () => {
		const t = Date.now();
		await submitForm(formUrl(idea), ['a paper boat in the rain', 'idea']);
		await done(idea, 1);
		checkYouTube(
			tag,
			fakes,
			'idea #Shorts',
			fixtures.portraitMp4,
			`idea-to-vertical-video.json whole, 9:16 → YouTube Short (${secs(t)})`,
		);
	});

	await attempt(tag, 'drive-first-last-frame.json', async () => {
		const t = Date.now();
		// The folder n8n 2.x lets nodes write to; Read/Write Files does not create it.
		await mkdir(path.join(ctx.userFolder, '.n8n-files'), { recursive: true });
		const drive = await runManually(ctx, session, exampleOf(examples, 'drive-first-last-frame').id);
		const saved =
			drive.data?.resultData?.runData?.['Save MP4']?.[0]?.data?.main?.[0]?.[0]?.json?.fileName;
		const written = saved ? await readFile(saved).catch(() => null) : null;
		check(
			`${tag} drive-first-last-frame.json whole: two Drive downloads → Merge → Segmind Wan → ${saved} holds the simulator's MP4 (${secs(t)})`,
			drive.status === 'success' && written?.equals(fixtures.portraitMp4),
			{ ...failure(drive), saved, size: written?.length },
		);
	});

	await attempt(tag, 'draft-then-render.json', async () => {
		const t = Date.now();
		const id = exampleOf(examples, 'draft-then-render').id;
		const waiting = await runManually(ctx, session, id, { until: ['waiting', ...FINAL] });
		// The form's link as the Wait node shows it: the execution and its resume token.
		const link = `${n8n.baseUrl}/form-waiting/${waiting.id}?signature=${waiting.data?.resumeToken}`;
		if (waiting.status === 'waiting') await submitForm(link, ['Yes']);
		const rendered = await executionWhen(ctx, session, waiting.id, FINAL, 60_000);
		const runData = rendered.data?.resultData?.runData ?? {};
		const output = (node, property) => runData[node]?.[0]?.data?.main?.[0]?.[0]?.binary?.[property];
		const draft = output('Draft (Wan 2.2 T2V Fast)', 'draft');
		const final = output('Final (Wan 2.7 1080P)', 'video');
		const finalBytes = final ? await readBinary(ctx, final) : null;
		check(
			`${tag} draft-then-render.json whole: the draft, the Wait form answered "Yes", the Wan 2.7 re-render's MP4 (the simulator's 9:16 clip) (${secs(t)})`,
			waiting.status === 'waiting' &&
				rendered.status === 'success' &&
				draft?.mimeType === 'video/mp4' &&
				finalBytes?.equals(fixtures.portraitMp4),
			{ first: waiting.status, ...failure(rendered), draft, final },
		);
	});
}
