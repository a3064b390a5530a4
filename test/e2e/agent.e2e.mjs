#!/usr/bin/env node
// An n8n AI Agent calls Segmind Wan as a tool, in a real n8n 2.41.1 (CLI):
//
//   Manual Trigger -> AI Agent (v3.1, prompt defined below)
//                       <- ai_languageModel: OpenAI Chat Model v1.2 (Chat Completions API)
//                          whose openAiApi credential points at scripts/e2e/fakeOpenAi.mjs
//                       <- ai_tool: "Segmind Wan" as n8n-nodes-segmind-wan.segmindWanTool
//                          (n8n derives the Tool variant from usableAsTool: true), prompt
//                          = $fromAI('prompt', …), credential pointing at the Segmind simulator
//
// The fake model first calls the first tool it is offered (every string argument
// = MARKER), then answers "Here is your video: <tool result>". Both servers run in
// this process (real HTTP on 127.0.0.1) so every request body they received can be
// read back; the simulator CLI logs only method, path and status.
//
// Checks: n8n execute exits 0; the agent's answer holds the simulator's request id
// and video URL (the tool's JSON crossed the tool boundary); the tool node ran once, its
// ai_tool output carrying the MP4 as n8n binary; the model was offered the
// tool with a name, a description and a schema with `prompt`; the tool message it got
// back holds request id + URL and no base64 video; the simulator saw one v2 submit with
// prompt = MARKER and one download; the Segmind API key is in none of n8n's output nor
// in anything the model received; nothing is left running.
//
// Run:  node test/e2e/agent.e2e.mjs   (npm run test:e2e runs it with the others)
// Env:  SEGMIND_E2E_TARBALL / SEGMIND_E2E_SKIP_BUILD / N8N_E2E_KEEP as in segmind.e2e.mjs
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ensureToolchain } from '../../scripts/e2e/toolchain.mjs';
import { stopAll } from '../../scripts/e2e/processes.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { executeWorkflow, nodeItems } from '../../scripts/e2e/n8nCli.mjs';
import { createReporter, runSuite } from '../../scripts/e2e/reporter.mjs';
import {
	EXAMPLE_IMAGE_URL,
	PACKAGE_NAME,
	importCredentials,
	importWorkflows,
	manualTrigger,
	modelParameters,
	ourTarball,
	randomApiKey,
	readSampleMp4,
	segmindCredential,
} from '../../scripts/e2e/segmind.mjs';
import { FAKE_MODEL, startFakeOpenAi } from '../../scripts/e2e/fakeOpenAi.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require('../simulator/segmindSimulator.js');

const R = createReporter();
const check = R.check;

const TOOL_TYPE = `${PACKAGE_NAME}.segmindWanTool`;
const TOOL_NODE = 'Segmind Wan';
const TOOL_NAME = 'Segmind_Wan'; // n8n's nodeNameToToolName(TOOL_NODE)
const AGENT_NODE = 'AI Agent';
const MODEL = 'wan-2.2-i2v-flash';
const MARKER = `agent-marker: a cat turns its head ${randomUUID().slice(0, 8)}`;
const PROMPT = `Make a short video of the cat in ${EXAMPLE_IMAGE_URL} turning its head`;
const SEGMIND_CRED = { id: 'agentE2eSegmind1', name: 'Segmind (simulator)' };
const OPENAI_CRED = { id: 'agentE2eOpenAi01', name: 'OpenAI (fake)' };
const WF_ID = 'agentE2eWanTool1';

const tail = (s, n = 3000) => (s.length > n ? `…${s.slice(-n)}` : s);

function agentWorkflow() {
	const trigger = manualTrigger();
	const agent = {
		id: randomUUID(),
		name: AGENT_NODE,
		type: '@n8n/n8n-nodes-langchain.agent',
		typeVersion: 3.1,
		position: [240, 0],
		parameters: { promptType: 'define', text: PROMPT, hasOutputParser: false, options: {} },
	};
	const chatModel = {
		id: randomUUID(),
		name: 'OpenAI Chat Model',
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		// 1.3 defaults to the Responses API; 1.2 calls /chat/completions.
		typeVersion: 1.2,
		position: [160, 220],
		parameters: { model: { __rl: true, mode: 'id', value: FAKE_MODEL }, options: {} },
		credentials: { openAiApi: OPENAI_CRED },
	};
	const tool = {
		id: randomUUID(),
		name: TOOL_NODE,
		type: TOOL_TYPE,
		typeVersion: 1,
		position: [360, 220],
		parameters: modelParameters(MODEL, {
			mode: 'wait',
			prompt: "={{ $fromAI('prompt', 'what the video should show', 'string') }}",
		}),
		credentials: { segmindApi: SEGMIND_CRED },
	};
	return {
		id: WF_ID,
		name: 'Segmind Wan e2e: AI Agent tool',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [trigger, agent, chatModel, tool],
		connections: {
			[trigger.name]: { main: [[{ node: AGENT_NODE, type: 'main', index: 0 }]] },
			[chatModel.name]: {
				ai_languageModel: [[{ node: AGENT_NODE, type: 'ai_languageModel', index: 0 }]],
			},
			[tool.name]: { ai_tool: [[{ node: AGENT_NODE, type: 'ai_tool', index: 0 }]] },
		},
		pinData: {},
	};
}

/** Text of a chat message's content (string or content parts). */
const contentText = (c) =>
	typeof c === 'string' ? c : Array.isArray(c) ? c.map((p) => p?.text ?? '').join('') : '';

function checkRun(run, { sim, llm, apiKey, sampleBase64 }) {
	// A run repeated after an n8n CLI crash (see runN8n) talks to both servers again.
	const exactly = (n, expected) => (run.segfaults ? n >= expected : n === expected);
	const again = run.segfaults ? ' (at least: the run was repeated)' : '';

	const submits = sim.requests.filter((r) => r.route === 'submit');
	const downloads = sim.requests.filter((r) => r.route === 'download');
	const jobId = [...sim.jobs.keys()].at(-1);
	const videoUrl = jobId ? sim.outputUrl(jobId) : undefined;

	const answer = nodeItems(run.json, AGENT_NODE)?.[0]?.json?.output;
	check(
		`agent answer holds the simulator's request id and video URL ("${String(answer ?? '').slice(0, 160)}…")`,
		typeof answer === 'string' && !!jobId && answer.includes(jobId) && answer.includes(videoUrl),
		{ answer, jobId, videoUrl, agentItems: nodeItems(run.json, AGENT_NODE) },
	);

	// Agent v3 hands tool calls back to the workflow engine, so the tool is a run of its own.
	const toolRuns = run.json?.data?.resultData?.runData?.[TOOL_NODE] ?? [];
	const toolItem = toolRuns[0]?.data?.ai_tool?.[0]?.[0];
	check(
		`"${TOOL_NODE}" ran ${toolRuns.length} time(s) for the agent: ai_tool output with request id and the MP4 as n8n binary${again}`,
		exactly(toolRuns.length, 1) &&
			toolRuns[0].source?.[0]?.previousNode === AGENT_NODE &&
			toolItem?.json?.requestId === jobId &&
			toolItem?.binary?.data?.mimeType === 'video/mp4',
		toolRuns.map((r) => ({
			source: r.source,
			error: r.error,
			json: r.data?.ai_tool?.[0]?.[0]?.json,
			binary: r.data?.ai_tool?.[0]?.[0]?.binary,
		})),
	);

	const chats = llm.requests.filter((r) => r.path === '/v1/chat/completions');
	const first = chats[0]?.body;
	const offered = first?.tools?.find((t) => t?.function?.name === TOOL_NAME)?.function;
	const promptProp = offered?.parameters?.properties?.prompt;
	check(
		`model was offered tool "${TOOL_NAME}" with a description and a parameters schema with a string "prompt"`,
		typeof offered?.description === 'string' &&
			offered.description.length > 0 &&
			promptProp?.type === 'string' &&
			(offered.parameters.required ?? []).includes('prompt'),
		{ tools: first?.tools },
	);
	check(
		`model was asked ${chats.length} times: the tool call, then the final answer${again}`,
		exactly(chats.length, 2) &&
			chats[0].reply?.kind === 'tool_call' &&
			chats.at(-1).reply?.kind === 'final' &&
			chats.every((r) => r.status === 200) &&
			String(contentText(first?.messages?.find((m) => m.role === 'user')?.content)).includes(
				PROMPT,
			),
		chats.map((r) => ({
			status: r.status,
			reply: r.reply?.kind,
			stream: r.body?.stream,
			roles: r.body?.messages?.map((m) => m.role),
		})),
	);

	const toolMessage = chats.at(-1)?.body?.messages?.find((m) => m.role === 'tool');
	const toolText = contentText(toolMessage?.content);
	check(
		`tool message to the model holds request id + video URL, no base64 video (${toolText.length} chars)`,
		!!jobId &&
			toolText.includes(jobId) &&
			toolText.includes(videoUrl) &&
			!toolText.includes(sampleBase64.slice(0, 64)) &&
			!/[A-Za-z0-9+/]{400,}/.test(toolText),
		{ toolMessage: tail(toolText, 1500) },
	);

	check(
		`simulator saw ${submits.length} v2 submit(s) of ${MODEL} with prompt = the model's marker and the image URL${again}`,
		exactly(submits.length, 1) &&
			submits.every(
				(r) =>
					r.path === `/v2/${MODEL}` &&
					r.status === 200 &&
					r.body?.prompt === MARKER &&
					r.body?.image === EXAMPLE_IMAGE_URL &&
					r.headers['x-api-key'] === apiKey,
			),
		submits.map((r) => ({
			path: r.path,
			status: r.status,
			body: r.body,
			key: r.headers['x-api-key'] === apiKey,
		})),
	);
	check(
		`simulator served the video once: GET /outputs/${jobId}.mp4 → 200${again}`,
		exactly(downloads.length, 1) &&
			downloads.every((r) => r.status === 200 && r.path === `/outputs/${jobId}.mp4`),
		downloads.map((r) => ({ method: r.method, path: r.path, status: r.status })),
	);

	const llmSeen = llm.requests.map((r) => `${JSON.stringify(r.headers)}\n${r.raw}`).join('\n');
	const leaks = [
		['n8n stdout', run.stdout],
		['n8n stderr', run.stderr],
		['fake model requests', llmSeen],
	].filter(([, text]) => text.includes(apiKey));
	check(
		'Segmind API key appears in neither n8n output nor anything the model received',
		leaks.length === 0 && llm.requests.length > 0,
		leaks.map(([where]) => where),
	);
}

async function main() {
	const toolchain = await ensureToolchain();
	const ctx = await createN8nContext({ toolchain });
	let sim;
	let llm;
	const ports = [ctx.ports.main, ctx.ports.broker];
	try {
		let t = Date.now();
		const tarball = await ourTarball(path.join(ctx.root, 'pack'), { toolchain });
		const installed = await installCommunityPackage(ctx, tarball);
		check(
			`${path.basename(tarball)} installed as a community package (${Date.now() - t} ms)`,
			installed.name === PACKAGE_NAME,
			installed,
		);

		const apiKey = randomApiKey();
		sim = await startSimulator({ apiKey });
		// The fake answers 401 to any other bearer token: proves n8n used this credential.
		const openAiKey = `sk-fake-${randomUUID()}`;
		llm = await startFakeOpenAi({ apiKey: openAiKey, marker: MARKER });
		ports.push(
			...[sim.apiUrl, sim.uploadUrl, sim.filesUrl].map((u) => Number(new URL(u).port)),
			llm.port,
		);
		check(`Segmind simulator (${sim.apiUrl}) and fake OpenAI (${llm.url}) listening`, true);

		t = Date.now();
		await importCredentials(ctx, [
			segmindCredential({ ...SEGMIND_CRED, apiKey, baseUrl: sim.apiUrl, uploadUrl: sim.uploadUrl }),
			{
				...OPENAI_CRED,
				type: 'openAiApi',
				data: { apiKey: openAiKey, url: llm.url, header: false },
			},
		]);
		await importWorkflows(ctx, [agentWorkflow()]);
		check(
			`imported segmindApi + openAiApi credentials and the agent workflow (${Date.now() - t} ms)`,
			true,
		);

		t = Date.now();
		const run = await executeWorkflow(ctx, WF_ID);
		const ok = check(
			`n8n execute of Agent -> ${TOOL_TYPE} exits 0 (${((Date.now() - t) / 1000).toFixed(1)} s)`,
			run.exitCode === 0 && !run.error && !!run.json,
			{
				exitCode: run.exitCode,
				error: run.error,
				stdout: tail(run.stdout),
				stderr: tail(run.stderr),
			},
		);
		if (ok) {
			const sampleBase64 = (await readSampleMp4()).toString('base64');
			checkRun(run, { sim, llm, apiKey, sampleBase64 });
		}
		if (run.segfaults)
			console.log(
				`note: n8n execute died with SIGSEGV ${run.segfaults} time(s) (an n8n 2.41.1 CLI crash) and was run again`,
			);
	} finally {
		await stopAll();
		if (llm) await llm.close();
		if (sim) await sim.close();
		await ctx.dispose();
	}
	await R.portsFree(ports, 'no process left (n8n), n8n / simulator / fake OpenAI ports free');
}

await runSuite('agent e2e', R, main);
