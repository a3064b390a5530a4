#!/usr/bin/env node
// Segmind Wan in the real n8n 2.41.1 editor: `n8n start` on 127.0.0.1 with our
// packed package installed as a community package, the Segmind simulator as a
// child process, Debian's headless Chromium driven by puppeteer-core.
//
//   1. node panel: searching "Segmind" finds "Segmind Wan", its icon (our svg)
//      is loaded (naturalWidth > 0); the canvas shows the same icon
//   2. credential dialog: a new "Segmind API" credential (key, base URL and
//      upload URL of the simulator) tests OK on save (GET /v1/get-user-credits
//      -> 200); with a wrong key the test fails (-> 401)
//   3. "Execute workflow" on the canvas, then the node's output panel: binary
//      "data" video/mp4, "View" plays it in a <video> whose bytes are
//      sample.mp4
//   4. choosing each model in the Model dropdown shows exactly the parameters
//      its declaration says (names + labels, from
//      dist/nodes/SegmindWan/description/nodeProperties.js evaluated with
//      operation=generate), nothing that is not on its seed page and all its
//      required fields; "Execute step" with that model returns its video
//   5. every examples/*.json opens on the canvas with all its nodes and our icon
//      (the screenshots are the README's canvas pictures, docs/images/)
//   6. a newcomer's view (issue 15): a node added from the node panel starts on
//      Wan 2.2 Flash with an empty prompt (Wan 2.7's sample prompt only a
//      placeholder); Get Result's Request ID starts as
//      {{ $json.requestId ?? $json.details?.requestId }};
//      for every ordered pair of models, non-default values set in the fields
//      both show, then the model switched: each shown value is one the new
//      model accepts; ranges show as hint text under the field, once; empty or
//      non-URL reference-image entries and a literal "{{" Request ID fail with
//      messages naming the entry / "switch this field to Expression", and
//      nothing reaches the simulator
//
// Run:  node test/e2e/editor.e2e.mjs   (re-executes itself under the cache's Node 24)
// Needs: Debian chromium (bash scripts/e2e/install-n8n.sh --with-chromium)
// Env:  SEGMIND_E2E_TARBALL / SEGMIND_E2E_SKIP_BUILD as in segmind.e2e.mjs
// Screenshots: test/e2e/artifacts/editor-*.png (gitignored)
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as B from '../../scripts/e2e/browser.mjs';
import * as S from '../../scripts/e2e/segmind.mjs';
import { ensureToolchain, rerunUnderNode24 } from '../../scripts/e2e/toolchain.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { DEFAULT_OWNER, setupOwner, startN8n } from '../../scripts/e2e/n8nServer.mjs';
import { runSuite } from '../../scripts/e2e/reporter.mjs';
import { R, check } from './suiteReport.mjs';
import {
	CRED_ID,
	loadExamples,
	rel,
	VERSION,
	WF_ERRORS,
	WF_MODELS,
	WF_RUN,
	WF_SWITCH,
} from './editor/editorSetup.mjs';
import {
	credentialChecks,
	exampleChecks,
	executionChecks,
	modelFieldChecks,
	nodePanelChecks,
} from './editor/canvasChecks.mjs';
import {
	inputErrorChecks,
	modelSwitchChecks,
	newNodeChecks,
	rangeChecks,
} from './editor/newcomerChecks.mjs';

// browser.mjs loads puppeteer-core only when a browser is launched, so importing it under an
// older Node is fine; the run itself needs Node 24.
await rerunUnderNode24(import.meta.url);

async function main() {
	const toolchain = await ensureToolchain();
	if (
		!check(
			'chromium installed',
			existsSync(toolchain.chromium),
			`${toolchain.chromium} missing: bash scripts/e2e/install-n8n.sh --with-chromium`,
		)
	) {
		return;
	}
	const ctx = await createN8nContext({ toolchain });
	let sim;
	let server;
	let browser;
	try {
		const tarball = await S.ourTarball(path.join(ctx.root, 'pack'), { toolchain });
		await installCommunityPackage(ctx, tarball);
		check(`installed ${path.basename(tarball)} as a community package`, true);
		const properties = S.loadNodeProperties();

		sim = await S.startSimulator({ args: ['--verbose'] });
		check(`simulator started (pid ${sim.pid}, ${sim.apiUrl})`, true);
		const credential = S.segmindCredential({
			id: CRED_ID,
			name: 'Segmind (simulator)',
			apiKey: sim.apiKey,
			baseUrl: sim.apiUrl,
			uploadUrl: sim.uploadUrl,
		});
		const examples = loadExamples();
		// The examples share one credential id (as the demo imports them); point it at the simulator.
		const exampleRef = examples
			.flatMap(({ workflow }) => workflow.nodes)
			.find((n) => n.credentials?.segmindApi)?.credentials.segmindApi;
		await S.importCredentials(ctx, [
			credential,
			S.segmindCredential({
				id: exampleRef.id,
				name: exampleRef.name,
				apiKey: sim.apiKey,
				baseUrl: sim.apiUrl,
				uploadUrl: sim.uploadUrl,
			}),
		]);
		await S.importWorkflows(
			ctx,
			examples.map(({ workflow }) => workflow),
		);
		const flash = {
			name: 'Segmind Wan',
			model: 'wan-2.2-i2v-flash',
			mode: 'wait',
			typeVersion: VERSION,
		};
		const r2v = (name, urls) => ({
			name,
			model: 'wan2.7-r2v',
			typeVersion: VERSION,
			extra: { referenceImages: { items: urls.map((url) => ({ source: 'url', url })) } },
		});
		await S.importWorkflows(ctx, [
			S.fanOutWorkflow({
				id: WF_RUN,
				name: 'Segmind Wan: run in the editor',
				credential,
				nodes: [flash],
			}),
			S.fanOutWorkflow({
				id: WF_MODELS,
				name: 'Segmind Wan: model fields',
				credential,
				nodes: [flash],
			}),
			S.fanOutWorkflow({
				id: WF_SWITCH,
				name: 'Segmind Wan: model switch',
				credential,
				nodes: [flash],
			}),
			S.fanOutWorkflow({
				id: WF_ERRORS,
				name: 'Segmind Wan: input errors',
				credential,
				nodes: [
					r2v('Empty entry', [S.EXAMPLE_IMAGE_URL, '']),
					r2v('File name entry', ['my cat photo.jpg']),
					// Typed (or pasted) into the field in Fixed mode: no leading "=".
					{
						name: 'Literal braces',
						model: 'wan-2.2-i2v-flash',
						typeVersion: VERSION,
						extra: { operation: 'getResult', requestId: '{{ $json.requestId }}' },
					},
				],
			}),
		]);

		let t = Date.now();
		server = await startN8n(ctx);
		check(`n8n start ready on ${server.baseUrl} (${Date.now() - t} ms)`, true);
		await setupOwner(server.baseUrl, DEFAULT_OWNER);

		browser = await B.launchBrowser(toolchain);
		const { page } = browser;
		// A full navigation away from an edited workflow asks "leave?": yes.
		page.on('dialog', (d) => d.accept().catch(() => {}));
		await B.signIn(page, server.baseUrl, DEFAULT_OWNER);
		check(`chromium ${await browser.browser.version()} signed in`, true);

		const parts = [
			['node panel', () => nodePanelChecks(page, server.baseUrl)],
			['credential dialog', () => credentialChecks(page, server.baseUrl, sim)],
			[
				'execution',
				async () =>
					executionChecks(
						page,
						server.baseUrl,
						createHash('sha256')
							.update(await S.readSampleMp4())
							.digest('hex'),
					),
			],
			['model fields', () => modelFieldChecks(page, server.baseUrl, properties)],
			['example workflows', () => exampleChecks(page, server.baseUrl, examples)],
			['new node defaults', () => newNodeChecks(page, server.baseUrl, properties)],
			['model switch, all pairs', () => modelSwitchChecks(page, server.baseUrl, properties)],
			['visible ranges', () => rangeChecks(page, server.baseUrl)],
			['input errors', () => inputErrorChecks(page, server.baseUrl, sim)],
		];
		// SEGMIND_E2E_ONLY="model switch,input errors" runs only the parts whose label contains one of
		// them.
		const only = (process.env.SEGMIND_E2E_ONLY ?? '')
			.split(',')
			.map((x) => x.trim())
			.filter(Boolean);
		for (const [label, part] of parts) {
			if (only.length && !only.some((x) => label.includes(x))) continue;
			t = Date.now();
			try {
				await part();
			} catch (error) {
				const shot = await B.screenshot(page, `editor-error-${label.replace(/\W+/g, '-')}`).catch(
					() => null,
				);
				check(
					`${label} checks ran${shot ? ` (${rel(shot)})` : ''}`,
					false,
					error.stack ?? String(error),
				);
			}
			console.log(`  (${label}: ${((Date.now() - t) / 1000).toFixed(1)} s)`);
		}
	} finally {
		if (browser) await browser.close();
		if (server) await server.stop();
		if (sim) await sim.stop();
		await ctx.dispose();
	}
	await R.portsFree(
		[ctx.ports.main, ctx.ports.broker, ...(sim?.ports ?? [])],
		'no process left (n8n, chromium, simulator), ports free',
	);
}

await runSuite('editor e2e', R, main);
