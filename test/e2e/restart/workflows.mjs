// The restart suite's workflows: the shipped submit-wait-get-result example with its trigger,
// credential and wait swapped, and the Generate, Get Result and Find Jobs → Get Result workflows
// behind webhooks.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { REPO_ROOT } from '../../../scripts/e2e/toolchain.mjs';
import { NODE_TYPE, segmindNode, webhookTrigger } from '../../../scripts/e2e/segmind.mjs';

export const EXAMPLE_FILE = path.join(REPO_ROOT, 'examples', 'submit-wait-get-result.json');

/**
 * examples/submit-wait-get-result.json with only what a test must swap: the Manual Trigger
 * "Start" becomes a Webhook of the same name, the credential, the Wait length, and (for the
 * bound test) the number of checks.
 */
export function exampleWorkflow(example, { id, credential, webhookPath, waitSeconds, maxChecks }) {
	const wf = structuredClone(example);
	const byName = (name) => {
		const node = wf.nodes.find((n) => n.name === name);
		if (!node) throw new Error(`${path.basename(EXAMPLE_FILE)} has no node "${name}"`);
		return node;
	};
	const start = byName('Start');
	Object.assign(start, webhookTrigger({ name: 'Start', webhookPath }), {
		position: start.position,
	});
	for (const node of wf.nodes.filter((n) => n.type === NODE_TYPE)) {
		node.credentials = { segmindApi: { id: credential.id, name: credential.name } };
	}
	byName('Wait').parameters = { amount: waitSeconds, unit: 'seconds' };
	if (maxChecks !== undefined) {
		byName('Rounds left?').parameters.conditions.conditions[0].rightValue = maxChecks;
	}
	return { ...wf, id, name: `${wf.name} [${id}]`, active: false };
}

/** Webhook (answers at once) -> Segmind Wan, Generate Video, Wait for Result. */
export function generateWorkflow({ id, credential, webhookPath }) {
	const webhook = webhookTrigger({ webhookPath });
	const generate = segmindNode({
		name: 'Generate Video',
		model: 'wan-2.2-i2v-flash',
		mode: 'wait',
		credential,
	});
	return {
		id,
		name: `Generate Video [${id}]`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [webhook, generate],
		connections: { Webhook: { main: [[{ node: generate.name, type: 'main', index: 0 }]] } },
		pinData: {},
	};
}

/** Webhook (answers with the last node's JSON) -> Segmind Wan, Get Result of body.requestId. */
export function getResultWorkflow({ id, credential, webhookPath }) {
	const webhook = webhookTrigger({ webhookPath, responseMode: 'lastNode' });
	const getResult = {
		id: randomUUID(),
		name: 'Get Result',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [260, 0],
		parameters: { operation: 'getResult', requestId: '={{ $json.body.requestId }}', options: {} },
		credentials: { segmindApi: { id: credential.id, name: credential.name } },
	};
	return {
		id,
		name: `Get Result [${id}]`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [webhook, getResult],
		connections: { Webhook: { main: [[{ node: 'Get Result', type: 'main', index: 0 }]] } },
		pinData: {},
	};
}

/** Webhook (answers with the last node) → Find Jobs → Get Result (Request ID at its default). */
export function findThenGetWorkflow({ id, credential, webhookPath }) {
	const webhook = webhookTrigger({ webhookPath, responseMode: 'lastNode' });
	const segmind = (name, parameters, x) => ({
		id: randomUUID(),
		name,
		type: NODE_TYPE,
		typeVersion: 2,
		position: [x, 0],
		parameters: { ...parameters, options: {} },
		credentials: { segmindApi: { id: credential.id, name: credential.name } },
	});
	const find = segmind('Find Jobs', { operation: 'findJobs', findModel: 'wan-2.2' }, 240);
	const get = segmind('Get Result', { operation: 'getResult' }, 480);
	const to = (node) => ({ main: [[{ node: node.name, type: 'main', index: 0 }]] });
	return {
		id,
		name: `Find Jobs → Get Result [${id}]`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [webhook, find, get],
		connections: { [webhook.name]: to(find), [find.name]: to(get) },
		pinData: {},
	};
}
