'use strict';

/**
 * cli.js: the simulator as its own process.
 * Tests for the Segmind simulator itself (test/simulator/), over real HTTP with the global fetch,
 * the way the node under test talks to it.
 */

const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { MP4, post, get, bytesOf } = require('./simulatorHttp');

describe('cli.js', () => {
	const CLI = path.join(__dirname, '..', 'cli.js');
	const children = [];

	// If a test fails before killing its child, do not leave a simulator process behind.
	afterAll(() => {
		for (const child of children)
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	});

	function startCli(args) {
		const child = spawn(process.execPath, [CLI, ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.push(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => {
			stdout += d;
		});
		child.stderr.on('data', (d) => {
			stderr += d;
		});
		const exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve({ code, signal })),
		);
		const ready = new Promise((resolve, reject) => {
			const check = () => {
				const nl = stdout.indexOf('\n');
				if (nl !== -1) {
					child.stdout.off('data', check);
					resolve(JSON.parse(stdout.slice(0, nl)));
				}
			};
			child.stdout.on('data', check);
			child.on('exit', () => reject(new Error(`cli exited early: ${stderr}`)));
		});
		return { child, ready, exited, output: () => ({ stdout, stderr }) };
	}

	function isAlive(pid) {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	}

	/** Four consecutive free ports (best effort). */
	async function freePortBase() {
		for (let attempt = 0; attempt < 20; attempt += 1) {
			const base = await new Promise((resolve) => {
				const srv = net.createServer().listen(0, '127.0.0.1', () => {
					const { port } = srv.address();
					srv.close(() => resolve(port));
				});
			});
			if (base > 65000) continue;
			const free = await Promise.all(
				[1, 2, 3].map(
					(d) =>
						new Promise((resolve) => {
							const srv = net.createServer();
							srv.once('error', () => resolve(false));
							srv.listen(base + d, '127.0.0.1', () => srv.close(() => resolve(true)));
						}),
				),
			);
			if (free.every(Boolean)) return base;
		}
		throw new Error('no free port range');
	}

	test('prints one JSON line, serves requests, exits on SIGTERM', async () => {
		const cli = startCli(['--api-key', 'cli-key', '--generation-ms', '5', '--v1-response', 'raw']);
		const info = await cli.ready;
		expect(Object.keys(info)).toEqual(['apiUrl', 'uploadUrl', 'filesUrl', 'historyUrl', 'pid']);
		expect(info.pid).toBe(cli.child.pid);

		let res = await get(`${info.apiUrl}/v1/get-user-credits`, {
			key: 'cli-key',
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ credits: 12.5, 'free-credits': 0.0184 });
		res = await post(`${info.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' }, { key: 'cli-key' });
		expect(res.headers.get('content-type')).toBe('video/mp4');
		expect((await bytesOf(res)).equals(MP4)).toBe(true);

		process.kill(info.pid, 'SIGTERM');
		expect(await cli.exited).toEqual({ code: 0, signal: null });
		expect(isAlive(info.pid)).toBe(false);
		const { stdout, stderr } = cli.output();
		expect(stdout.trim().split('\n')).toHaveLength(1); // nothing else on stdout
		expect(stderr).toBe(''); // not --verbose
	});

	test('--fail-jobs N fails the first N jobs; --result-ttl-ms forgets /v2/requests, not the history', async () => {
		const cli = startCli(['--generation-ms', '0', '--fail-jobs', '1', '--result-ttl-ms', '100']);
		const info = await cli.ready;
		const body = { prompt: 'x' };
		const ids = [];
		for (let i = 0; i < 2; i++) {
			const res = await post(`${info.apiUrl}/v2/wan2.7-i2v`, body);
			ids.push((await res.json()).request_id);
		}
		const record = async (id) =>
			(await get(`${info.historyUrl}/inference-request/request-history/${id}`)).json();
		expect((await record(ids[0])).model_status).toBe('FAILED');
		expect((await record(ids[1])).model_status).toBe('COMPLETED');
		await new Promise((resolve) => setTimeout(resolve, 150));
		const forgotten = await get(`${info.apiUrl}/v2/requests/${ids[1]}`);
		expect(forgotten.status).toBe(404);
		await forgotten.json();
		expect((await record(ids[1])).model_status).toBe('COMPLETED');
		process.kill(info.pid, 'SIGTERM');
		expect(await cli.exited).toEqual({ code: 0, signal: null });
	});

	test('--port N uses N, N+1, N+2, N+3; --verbose logs to stderr; SIGINT exits', async () => {
		const base = await freePortBase();
		const cli = startCli(['--port', String(base), '--verbose']);
		const info = await cli.ready;
		expect(info).toMatchObject({
			apiUrl: `http://127.0.0.1:${base}`,
			uploadUrl: `http://127.0.0.1:${base + 1}`,
			filesUrl: `http://127.0.0.1:${base + 2}`,
			historyUrl: `http://127.0.0.1:${base + 3}`,
		});
		const res = await get(`${info.apiUrl}/v1/get-user-credits`);
		expect(res.status).toBe(200);
		await res.json();
		process.kill(info.pid, 'SIGINT');
		expect(await cli.exited).toEqual({ code: 0, signal: null });
		const { stdout, stderr } = cli.output();
		expect(stdout.trim().split('\n')).toHaveLength(1);
		expect(stderr).toContain('api GET /v1/get-user-credits → 200');
	});

	test('--credits sets the GET /v1/get-user-credits body; null is a 404 "No credits found"', async () => {
		for (const [arg, status, body] of [
			['{"credits":0.3,"free-credits":0}', 200, { credits: 0.3, 'free-credits': 0 }],
			['null', 404, { error: 'No credits found for the user' }],
		]) {
			const cli = startCli(['--api-key', 'cli-key', '--credits', arg]);
			const info = await cli.ready;
			const res = await get(`${info.apiUrl}/v1/get-user-credits`, { key: 'cli-key' });
			expect(res.status).toBe(status);
			expect(await res.json()).toEqual(body);
			process.kill(info.pid, 'SIGTERM');
			expect(await cli.exited).toEqual({ code: 0, signal: null });
		}
	});

	test('bad arguments exit 2 with usage', async () => {
		const cli = startCli(['--v1-respons', 'raw']);
		cli.ready.catch(() => {});
		expect((await cli.exited).code).toBe(2);
		expect(cli.output().stderr).toContain('usage:');
	});
});
