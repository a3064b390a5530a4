#!/usr/bin/env node
// Browser e2e with the throwaway probe package: real `n8n start` on
// 127.0.0.1, owner created via REST, sign-in through the real form, editor
// screenshot, node panel search finds the community node, the node's panel
// renders and "Execute step" runs it inside the server.
//
// Run:  node test/e2e/browser.e2e.mjs
//   (re-executes itself under the cache's Node 24: puppeteer-core 25 needs >= 22.12)
// Needs: apt-get install -y chromium   (Debian's /usr/bin/chromium)
// Screenshots: test/e2e/artifacts/ (gitignored)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureToolchain, rerunUnderNode24 } from '../../scripts/e2e/toolchain.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage, packPackage } from '../../scripts/e2e/communityPackage.mjs';
import { importWorkflow } from '../../scripts/e2e/n8nCli.mjs';
import { DEFAULT_OWNER, setupOwner, startN8n } from '../../scripts/e2e/n8nServer.mjs';
import { createReporter, runSuite } from '../../scripts/e2e/reporter.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(HERE, 'fixtures', 'probe-package');

await rerunUnderNode24(import.meta.url);

const B = await import('../../scripts/e2e/browser.mjs');

const R = createReporter();
const check = R.check;

const WORKFLOW = {
	id: 'e2eProbeBrowser01',
	name: 'E2E probe (browser)',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: { 'Manual Trigger': { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
	nodes: [
		{
			id: '0f5e7b43-0000-4000-8000-0000000000b1',
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '0f5e7b43-0000-4000-8000-0000000000b2',
			name: 'Probe',
			type: 'n8n-nodes-e2e-probe.e2eProbe',
			typeVersion: 1,
			position: [220, 0],
			parameters: { label: 'from-browser' },
		},
	],
	pinData: {},
};

async function main() {
	const toolchain = await ensureToolchain();
	if (
		!check(
			'chromium installed',
			existsSync(toolchain.chromium),
			`${toolchain.chromium} missing: apt-get install -y chromium`,
		)
	) {
		return;
	}
	const ctx = await createN8nContext({ toolchain });
	let server;
	let browser;
	try {
		await installCommunityPackage(
			ctx,
			await packPackage(FIXTURE, path.join(ctx.root, 'pack'), { toolchain }),
		);
		// CLI import before start: the workflow lands in the (shell) owner's project.
		await importWorkflow(ctx, WORKFLOW);

		const ts = Date.now();
		server = await startN8n(ctx);
		check(`n8n start ready on ${server.baseUrl} (${Date.now() - ts} ms)`, true);

		const owner = await setupOwner(server.baseUrl, DEFAULT_OWNER);
		check('owner created via POST /rest/owner/setup', owner?.email === DEFAULT_OWNER.email, owner);

		browser = await B.launchBrowser(toolchain);
		check(
			`chromium launched (pid ${browser.pid}, ${await browser.browser.version()})`,
			!!browser.pid,
		);
		const { page } = browser;

		await B.signIn(page, server.baseUrl, DEFAULT_OWNER);
		check(
			'signed in through /signin form',
			!new URL(page.url()).pathname.startsWith('/signin'),
			page.url(),
		);

		await B.openNewWorkflow(page, server.baseUrl);
		const editorShot = await B.screenshot(page, 'probe-editor');
		check(`editor opened (screenshot ${path.relative(process.cwd(), editorShot)})`, true);

		const results = await B.searchNodePanel(page, 'E2E Probe');
		const searchShot = await B.screenshot(page, 'probe-node-search');
		check(
			`node panel search finds "E2E Probe" (${path.relative(process.cwd(), searchShot)})`,
			results.includes('E2E Probe'),
			results,
		);

		await B.openWorkflow(page, server.baseUrl, WORKFLOW.id);
		const nodes = await B.canvasNodes(page);
		check(
			'imported workflow renders the community node type',
			nodes.some((n) => n.name === 'Probe' && n.type === 'n8n-nodes-e2e-probe.e2eProbe'),
			nodes,
		);

		await B.openNode(page, 'Probe');
		const params = await B.ndvParameterNames(page);
		check(
			'node panel renders its parameters',
			params.includes('label') || params.includes('emitBinary'),
			params,
		);

		const output = await B.executeStepInNdv(page, { waitForText: 'from-browser' });
		const ndvShot = await B.screenshot(page, 'probe-ndv-executed');
		check(
			`"Execute step" runs the node in the server (${path.relative(process.cwd(), ndvShot)})`,
			output.includes('from-browser') && /3\.25\.\d+/.test(output),
			output.slice(0, 400),
		);
	} finally {
		if (browser) await browser.close();
		if (server) await server.stop();
		await ctx.dispose();
	}
	await R.portsFree([ctx.ports.main, ctx.ports.broker]);
}

await runSuite('browser e2e', R, main);
