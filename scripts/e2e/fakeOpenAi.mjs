// A tiny OpenAI-compatible chat server for the AI Agent e2e test
// (test/e2e/agent.e2e.mjs): the machine cannot reach OpenAI, and a scripted
// model makes the agent's behaviour deterministic.
//
// POST /v1/chat/completions (plain JSON; "stream": true is refused with 400):
//   no message with role "tool" yet -> one tool_call to the first tool in `tools`,
//                                      every string argument set to `marker`
//   a tool message exists           -> final text "Here is your video: <tool content>"
// GET /v1/models -> one model. Anything else -> 404.
// Every request is recorded (method, path, headers, raw body, parsed body) so
// the test can assert on what n8n sent.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export const FAKE_MODEL = 'fake-gpt-e2e';

/** Arguments for a JSON schema object: strings get the marker, so the test can find them downstream. */
function argumentsFor(schema, marker) {
	const args = {};
	for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
		const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
		if (type === 'string') args[key] = marker;
		else if (type === 'number' || type === 'integer') args[key] = 1;
		else if (type === 'boolean') args[key] = true;
		else args[key] = null;
	}
	return args;
}

/** Tool message content may be a string or a list of content parts. */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((p) => (typeof p === 'string' ? p : (p?.text ?? ''))).join('');
	return JSON.stringify(content ?? '');
}

/** What the scripted model says next: { kind, message } (an assistant message). */
export function scriptedReply(body, marker) {
	const messages = Array.isArray(body?.messages) ? body.messages : [];
	const toolMessages = messages.filter((m) => m?.role === 'tool');
	if (toolMessages.length > 0) {
		const last = toolMessages[toolMessages.length - 1];
		return {
			kind: 'final',
			message: { role: 'assistant', content: `Here is your video: ${textOf(last.content)}` },
		};
	}
	const fn = body?.tools?.[0]?.function;
	if (!fn?.name)
		return {
			kind: 'no-tools',
			message: { role: 'assistant', content: 'No tool was offered to me.' },
		};
	const toolCall = {
		id: `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
		type: 'function',
		function: { name: fn.name, arguments: JSON.stringify(argumentsFor(fn.parameters, marker)) },
	};
	return {
		kind: 'tool_call',
		message: { role: 'assistant', content: null, tool_calls: [toolCall] },
	};
}

const USAGE = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

function completion(model, message) {
	return {
		id: `chatcmpl-${randomUUID()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [
			{
				index: 0,
				message,
				logprobs: null,
				finish_reason: message.tool_calls ? 'tool_calls' : 'stop',
			},
		],
		usage: USAGE,
	};
}

function sendJson(res, status, value) {
	const body = JSON.stringify(value);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(body),
	});
	res.end(body);
}

/**
 * Starts the server on host:0.
 * @param {{ apiKey?: string, marker: string, host?: string }} opts  apiKey: the Bearer token to
 * demand
 * @returns {Promise<{ url: string, port: number, requests: object[], close: () => Promise<void> }>}
 *   url is the OpenAI base URL (".../v1") for the openAiApi credential.
 */
export async function startFakeOpenAi({ apiKey, marker, host = '127.0.0.1' }) {
	const requests = [];
	const server = http.createServer(async (req, res) => {
		const parts = [];
		for await (const part of req) parts.push(part);
		const raw = Buffer.concat(parts).toString('utf8');
		let body = null;
		try {
			body = raw ? JSON.parse(raw) : null;
		} catch {
			// recorded as raw only
		}
		const path = new URL(req.url, 'http://fake.invalid').pathname.replace(/\/+$/, '');
		const record = {
			method: req.method,
			path,
			headers: { ...req.headers },
			raw,
			body,
			reply: null,
			status: null,
		};
		requests.push(record);
		const answer = (status, value) => {
			record.status = status;
			sendJson(res, status, value);
		};

		if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) {
			return answer(401, {
				error: {
					message: 'Incorrect API key provided',
					type: 'invalid_request_error',
					code: 'invalid_api_key',
				},
			});
		}
		if (req.method === 'GET' && path === '/v1/models') {
			return answer(200, {
				object: 'list',
				data: [{ id: FAKE_MODEL, object: 'model', created: 0, owned_by: 'e2e' }],
			});
		}
		if (req.method !== 'POST' || path !== '/v1/chat/completions') {
			return answer(404, {
				error: { message: `Unknown request ${req.method} ${path}`, type: 'invalid_request_error' },
			});
		}
		if (!body || !Array.isArray(body.messages)) {
			return answer(400, {
				error: { message: 'messages is required', type: 'invalid_request_error' },
			});
		}

		const model = body.model ?? FAKE_MODEL;
		const { kind, message } = scriptedReply(body, marker);
		record.reply = { kind, message };
		// n8n's agent streams only when the run itself does (a streaming webhook), never under
		// `n8n execute`; should that change, this says so instead of answering half-tested SSE.
		if (body.stream)
			return answer(400, {
				error: { message: 'the e2e fake model does not stream', type: 'invalid_request_error' },
			});
		return answer(200, completion(model, message));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, resolve);
	});
	const { port } = server.address();
	return {
		url: `http://${host}:${port}/v1`,
		port,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections(); // n8n's keep-alive sockets would hold close() open
			}),
	};
}
