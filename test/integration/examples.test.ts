import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import dataTableCollect from '../../examples/data-table-collect.json';
import dataTableSubmit from '../../examples/data-table-submit.json';
import draftThenRender from '../../examples/draft-then-render.json';
import driveFirstLastFrame from '../../examples/drive-first-last-frame.json';
import formToYoutube from '../../examples/form-to-youtube.json';
import ideaToVerticalVideo from '../../examples/idea-to-vertical-video.json';
import quickStart from '../../examples/quick-start.json';
import routeByOrientation from '../../examples/route-by-orientation.json';
import submitWaitGetResult from '../../examples/submit-wait-get-result.json';
import { propertiesOfVersion } from '../../nodes/SegmindWan/description/nodeProperties';
import { LATEST_VERSION } from '../../nodes/SegmindWan/parameters/fieldNames';
import type { VideoFacts } from '../../nodes/SegmindWan/videoFacts/mp4/videoFacts';
import { platformFits } from '../../nodes/SegmindWan/videoFacts/platformFit';
import { landscapePng, portraitPng, samplePng, videoFactsKnown } from '../fixtures';
import { runNode } from '../harness';
import type { Simulator } from '../simulator/segmindSimulator';
import { generationBodies, runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';
import { testNodeDescription } from '../harness/testNodeDescription';

interface ExampleWorkflow {
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		typeVersion: number;
		parameters: Record<string, unknown>;
	}>;
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const EXAMPLES: Array<[string, ExampleWorkflow]> = [
	['quick-start', quickStart as ExampleWorkflow],
	['form-to-youtube', formToYoutube as ExampleWorkflow],
	['drive-first-last-frame', driveFirstLastFrame as ExampleWorkflow],
	['submit-wait-get-result', submitWaitGetResult as ExampleWorkflow],
	['route-by-orientation', routeByOrientation as ExampleWorkflow],
	['idea-to-vertical-video', ideaToVerticalVideo as ExampleWorkflow],
	['draft-then-render', draftThenRender as ExampleWorkflow],
	['data-table-submit', dataTableSubmit as ExampleWorkflow],
	['data-table-collect', dataTableCollect as ExampleWorkflow],
];

const NODE_TYPE = 'n8n-nodes-segmind-wan.segmindWan';

/** Parameters the current node version has for this node's operation and model. */
function knownParameters(parameters: Record<string, unknown>): string[] {
	const operation = (parameters.operation as string | undefined) ?? 'generate';
	const model = (parameters.model as string | undefined) ?? 'wan-2.2-i2v-flash';
	return propertiesOfVersion(LATEST_VERSION)
		.filter((property) => {
			const show = property.displayOptions?.show ?? {};
			return (
				(!show.operation || (show.operation as string[]).includes(operation)) &&
				(!show.model || (show.model as string[]).includes(model))
			);
		})
		.map((property) => property.name);
}

function segmindNode(workflow: ExampleWorkflow, name: string): INodeParameters {
	const node = workflow.nodes.find(
		(candidate) => candidate.name === name && candidate.type === NODE_TYPE,
	);
	if (!node) throw new Error(`${workflow.name} has no Segmind Wan node "${name}"`);
	return node.parameters as INodeParameters;
}

let sim: Simulator;
useSimulator((started) => (sim = started));

describe.each(EXAMPLES)('example %s', (_file, workflow) => {
	it('uses the current version of our node with parameters its model shows, and consistent connections', () => {
		const ours = workflow.nodes.filter((node) => node.type === NODE_TYPE);
		expect(ours.length).toBeGreaterThan(0);
		for (const node of ours) {
			expect(node.typeVersion).toBe(LATEST_VERSION);
			const known = knownParameters(node.parameters);
			for (const name of Object.keys(node.parameters)) expect(known).toContain(name);
		}
		const names = new Set(workflow.nodes.map((node) => node.name));
		for (const [from, { main }] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const target of main.flat()) expect(names).toContain(target.node);
		}
	});
});

it('quick-start: the demo workflow produces the MP4', async () => {
	const result = await runSegmind(sim, segmindNode(quickStart as ExampleWorkflow, 'Segmind Wan'));
	expect(result.error).toBeUndefined();
	expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
});

it('form-to-youtube: the uploaded form image becomes the video in "video" for the YouTube node', async () => {
	const result = await runSegmind(
		sim,
		segmindNode(formToYoutube as ExampleWorkflow, 'Segmind Wan'),
		{
			input: [
				{
					json: { Prompt: 'the cat yawns', Title: 'Cat' },
					binary: { Image: { data: samplePng, mimeType: 'image/png', fileName: 'cat.png' } },
				},
			],
		},
	);
	expect(result.error).toBeUndefined();
	expect(result.items[0].binary!.video.buffer.equals(sim.video)).toBe(true);
	expect(generationBodies(sim)[0]).toMatchObject({ prompt: 'the cat yawns' });
});

it('drive-first-last-frame: both Drive images are uploaded as first and last frame', async () => {
	const result = await runSegmind(
		sim,
		segmindNode(driveFirstLastFrame as ExampleWorkflow, 'Segmind Wan'),
		{
			input: [
				{
					json: {},
					binary: {
						first: { data: samplePng, mimeType: 'image/png', fileName: 'a.png' },
						last: { data: samplePng, mimeType: 'image/png', fileName: 'b.png' },
					},
				},
			],
		},
	);
	expect(result.error).toBeUndefined();
	const [body] = generationBodies(sim);
	expect(String(body.image)).toContain('/assets/');
	expect(String(body.last_frame)).toContain('/assets/');
	expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
});

it('submit-wait-get-result: Submit, then Get Result by the id it returned', async () => {
	const workflow = submitWaitGetResult as ExampleWorkflow;
	const submitted = await runSegmind(sim, segmindNode(workflow, 'Submit'));
	expect(submitted.error).toBeUndefined();
	const requestId = String(submitted.items[0].json.requestId);
	sim.completeJob(requestId);
	const result = await runSegmind(sim, segmindNode(workflow, 'Get Result'), {
		input: [{ json: submitted.items[0].json }],
	});
	expect(result.items[0].json).toMatchObject({ requestId, done: true });
	expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
});

it("data-table: Submit records the ID; the collect workflow's Get Result reads the row's requestId", async () => {
	const submitted = await runSegmind(
		sim,
		segmindNode(dataTableSubmit as ExampleWorkflow, 'Submit'),
	);
	expect(submitted.error).toBeUndefined();
	const requestId = String(submitted.items[0].json.requestId);
	sim.completeJob(requestId);
	// A Data Table row as "Pending jobs" outputs it (n8n adds id, createdAt, updatedAt).
	const row = { id: 1, requestId, state: 'pending', createdAt: '', updatedAt: '' };
	const result = await runSegmind(
		sim,
		segmindNode(dataTableCollect as ExampleWorkflow, 'Get Result'),
		{
			input: [{ json: row }],
		},
	);
	expect(result.items[0].json).toMatchObject({ requestId, done: true });
	expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
	const workflow = dataTableCollect as ExampleWorkflow;
	const node = (name: string) => workflow.nodes.find((candidate) => candidate.name === name)!;
	expect((node('Get Result') as { onError?: string }).onError).toBe('continueRegularOutput');
	const [done, notDone] = workflow.connections['Done?'].main;
	expect(done.map((target) => target.node)).toEqual(['Video ready', 'Mark done']);
	expect(notDone.map((target) => target.node)).toEqual(['Failed?']);
	expect(workflow.connections['Failed?'].main[0].map((target) => target.node)).toEqual([
		'Mark failed',
	]);
});

it('submit-wait-get-result: the loop back to Wait is bounded and ends in an error naming the request ID', () => {
	const workflow = submitWaitGetResult as ExampleWorkflow;
	const node = (name: string) => workflow.nodes.find((candidate) => candidate.name === name)!;
	const [whenDone, whenNot] = workflow.connections['Done?'].main;
	expect(whenDone.map((target) => target.node)).toEqual(['Video ready']);
	expect(whenNot.map((target) => target.node)).toEqual(['Rounds left?']);
	const [again, giveUp] = workflow.connections['Rounds left?'].main;
	expect(again.map((target) => target.node)).toEqual(['Wait']);
	expect(giveUp.map((target) => target.node)).toEqual(['Give up']);
	expect(JSON.stringify(node('Rounds left?').parameters)).toContain('$runIndex');
	expect(node('Give up').type).toBe('n8n-nodes-base.stopAndError');
	expect(String(node('Give up').parameters.errorMessage)).toContain('{{ $json.requestId }}');
	// Shorter waits stay in n8n's memory and are lost on a restart (see README "Long jobs and
	// restarts").
	expect(node('Wait').parameters).toEqual({ amount: 3, unit: 'minutes' });
});

/**
 * Evaluates an IF node's `conditions` with n8n's own filter engine: a node with IF v2.2's
 * filter parameter, read the way IfV2 reads it (getNodeParameter … extractValue: true).
 */
class FilterProbe implements INodeType {
	description: INodeTypeDescription = testNodeDescription(
		'Filter Probe',
		'filterProbe',
		'Evaluates IF conditions',
		{
			usableAsTool: true,
			properties: [
				{
					displayName: 'Conditions',
					name: 'conditions',
					type: 'filter',
					default: {},
					typeOptions: { filter: { version: 2 } },
				},
			],
		},
	);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((_item, itemIndex) => ({
				json: {
					pass: this.getNodeParameter('conditions', itemIndex, false, {
						extractValue: true,
					}) as boolean,
				},
			})),
		];
	}
}

/** A 5 s 720x1280 clip: the shape the portrait fixture has, long enough to matter. */
const PORTRAIT_CLIP: VideoFacts = {
	durationSeconds: 5,
	width: 720,
	height: 1280,
	aspectRatio: '9:16',
	aspectRatioValue: 0.5625,
	orientation: 'portrait',
	rotation: 0,
	frameRate: 16,
	videoCodec: 'avc1',
	hasAudio: false,
	audioCodec: null,
	fileSizeBytes: 1_000_000,
};

describe('route-by-orientation: the IF sends clips that fit YouTube Shorts to the Short branch, the rest to landscape', () => {
	const workflow = routeByOrientation as ExampleWorkflow;
	const branch = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.if')!;
	const [shortBranch, landscapeBranch] = workflow.connections[branch.name].main.map(
		(targets) => targets[0].node,
	);

	async function route(json: IDataObject): Promise<string> {
		const probe = await runNode({
			nodeType: new FilterProbe(),
			parameters: branch.parameters as INodeParameters,
			input: [{ json }],
		});
		expect(probe.error).toBeUndefined();
		return probe.items[0].json.pass === true ? shortBranch : landscapeBranch;
	}

	it('is an IF v2.2 whose true output is the Short and whose false output is landscape', () => {
		expect(branch.typeVersion).toBe(2.2);
		expect(shortBranch).toBe('YouTube Short');
		expect(landscapeBranch).toBe('YouTube (landscape)');
	});

	it.each([
		['portrait', portraitPng, 'portrait-faststart-audio.mp4', 'YouTube Short'],
		['landscape', landscapePng, 'landscape-moov-end-audio.mp4', 'YouTube (landscape)'],
	])(
		'a %s image: the video facts say so and the IF routes by them',
		async (_shape, image, fixture, expected) => {
			const result = await runSegmind(sim, segmindNode(workflow, 'Segmind Wan'), {
				input: [
					{
						json: { Prompt: 'the cat yawns', Title: 'Cat' },
						binary: { Image: { data: image, mimeType: 'image/png', fileName: 'cat.png' } },
					},
				],
			});
			expect(result.error).toBeUndefined();
			const { json } = result.items[0];
			const known = videoFactsKnown[fixture];
			expect(json.video).toMatchObject({
				width: known.width,
				height: known.height,
				durationSeconds: known.durationSeconds,
			});
			expect((json.platforms as IDataObject).youtubeShorts).toMatchObject({
				fits: expected === 'YouTube Short',
			});
			expect(await route(json)).toBe(expected);
		},
	);

	const clip = (facts: Partial<VideoFacts>): IDataObject => {
		const video = { ...PORTRAIT_CLIP, ...facts };
		return { video, platforms: platformFits({ facts: video, reason: null }, video.fileSizeBytes) };
	};

	it.each([
		[
			'a portrait clip longer than 3 minutes',
			clip({ durationSeconds: 180.5 }),
			'YouTube (landscape)',
		],
		['a portrait clip of exactly 3 minutes', clip({ durationSeconds: 180 }), 'YouTube Short'],
		[
			'a square clip',
			clip({
				width: 720,
				height: 720,
				aspectRatio: '1:1',
				aspectRatioValue: 1,
				orientation: 'square',
			}),
			'YouTube Short',
		],
		[
			'a landscape clip',
			clip({
				width: 1280,
				height: 720,
				aspectRatio: '16:9',
				aspectRatioValue: 1.7778,
				orientation: 'landscape',
			}),
			'YouTube (landscape)',
		],
	])('%s', async (_what, json, expected) => {
		expect(await route(json)).toBe(expected);
	});

	it('a video whose facts could not be read (fits: null) goes to the landscape branch', async () => {
		const unread = { facts: null, reason: 'the MP4 has no moov box' };
		const json = {
			video: null,
			videoFactsError: unread.reason,
			platforms: platformFits(unread, 10),
		};
		expect((json.platforms.youtubeShorts as { fits: unknown }).fits).toBeNull();
		expect(await route(json)).toBe('YouTube (landscape)');
		expect(await route({})).toBe('YouTube (landscape)');
	});
});

describe('idea-to-vertical-video: the written prompt becomes a 9:16 Wan 2.7 text-to-video clip that passes the platform check', () => {
	const workflow = ideaToVerticalVideo as ExampleWorkflow;
	const check = workflow.nodes.find((node) => node.name === 'Fits a Short?')!;
	const [shortBranch, otherBranch] = workflow.connections[check.name].main.map(
		(targets) => targets[0].node,
	);

	it('the clip is vertical (the simulator answers 9:16 with its portrait MP4) and goes to the Short', async () => {
		const prompt = 'Vertical social video, one continuous shot: a fox in the snow.';
		const result = await runSegmind(sim, segmindNode(workflow, 'Segmind Wan'), {
			input: [{ json: { Idea: 'a fox in the snow', Title: 'Fox', prompt } }],
		});
		expect(result.error).toBeUndefined();
		expect(generationBodies(sim)).toEqual([
			{ prompt, ratio: '9:16', resolution: '720P', duration: 5 },
		]);
		const { json } = result.items[0];
		expect(json.video).toMatchObject({ orientation: 'portrait', aspectRatio: '9:16' });
		expect(result.items[0].binary!.video.mimeType).toBe('video/mp4');
		const probe = await runNode({
			nodeType: new FilterProbe(),
			parameters: check.parameters as INodeParameters,
			input: [{ json }],
		});
		expect(probe.items[0].json.pass === true ? shortBranch : otherBranch).toBe('YouTube Short');
	});
});

describe('draft-then-render: a cheap Wan 2.2 T2V Fast draft, then the chosen one again with Wan 2.7 at 1080P', () => {
	const workflow = draftThenRender as ExampleWorkflow;
	const prompt = 'A paper boat drifts down a rain-filled gutter';

	it('the draft is the fast model at its cheap default (480p), vertical', async () => {
		const result = await runSegmind(sim, segmindNode(workflow, 'Draft (Wan 2.2 T2V Fast)'), {
			input: [{ json: { prompt } }],
		});
		expect(result.error).toBeUndefined();
		expect(generationBodies(sim)).toEqual([
			{
				prompt,
				go_fast: true,
				num_frames: 81,
				resolution: '480p',
				aspect_ratio: '9:16',
				sample_shift: 12,
				frames_per_second: 16,
			},
		]);
		expect(result.items[0].binary!.draft.mimeType).toBe('video/mp4');
	});

	it('only a chosen draft reaches the Wan 2.7 re-render, which takes the same prompt', async () => {
		const [chosen, dropped] = workflow.connections['Chosen?'].main;
		expect(chosen.map((target) => target.node)).toEqual(['Final (Wan 2.7 1080P)']);
		expect(dropped).toEqual([]);
		const final = segmindNode(workflow, 'Final (Wan 2.7 1080P)');
		expect(final.prompt).toBe("={{ $('Idea').item.json.prompt }}");
		// The harness has no "Idea" node: give the final node the prompt that expression yields.
		const result = await runSegmind(sim, { ...final, prompt }, { input: [{ json: {} }] });
		expect(result.error).toBeUndefined();
		expect(generationBodies(sim)).toEqual([
			{ prompt, resolution: '1080P', ratio: '9:16', duration: 5 },
		]);
	});
});
