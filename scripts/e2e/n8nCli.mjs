// The n8n CLI (import, execute, publish, ...) against a context, and reading what `n8n execute`
// returned.
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { getFreePort, log, spawnTracked } from './processes.mjs';

const execFileAsync = promisify(execFile);

/**
 * Runs `n8n <args>` with Node 24 and the context's clean env.
 * cwd is the scratch dir: n8n's bin loads `.env` from cwd via dotenv.
 */
export async function runN8n(ctx, args, { timeoutMs = 180_000, env, segfaultRetries = 4 } = {}) {
	// n8n 2.41.1's CLI sometimes dies with SIGSEGV on its way out (measured:
	// `n8n execute` 8 of 35 runs with the default expression engine "vm", i.e.
	// isolated-vm, 0 of 20 with N8N_EXPRESSION_ENGINE=legacy), usually after it
	// printed a complete result. The defaults stay as users run them; such a
	// run is repeated (imports are upserts; executions against the simulator
	// are free) and counted in result.segfaults.
	let segfaults = 0;
	for (;;) {
		// Every CLI process gets its own task-broker port (n8n execute starts the
		// broker too), so it never collides with a running `n8n start` of this context.
		const { done } = spawnTracked(ctx.toolchain.node, [ctx.toolchain.n8nBin, ...args], {
			env: ctx.env({ N8N_RUNNERS_BROKER_PORT: String(await getFreePort()), ...env }),
			cwd: ctx.tmpDir,
			label: `n8n ${args[0]}`,
			timeoutMs,
		});
		const res = await done;
		if (res.signal === 'SIGSEGV' && segfaults < segfaultRetries) {
			segfaults++;
			log(`n8n ${args[0]} died with SIGSEGV (n8n CLI crash, see runN8n); running it again`);
			continue;
		}
		return { ...res, segfaults };
	}
}

function assertCliOk(what, res, successText) {
	const all = `${res.stdout}\n${res.stderr}`;
	if (res.exitCode !== 0 || (successText && !all.includes(successText))) {
		const err = new Error(
			`${what} failed (exit ${res.exitCode}${res.signal ? `, ${res.signal}` : ''})\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`,
		);
		err.result = res;
		throw err;
	}
	return res;
}

/**
 * Imports one credential. `data` is given in clear text: n8n 2.41.1's
 * import:credentials encrypts any object-valued `data` with the instance key
 * (no flag needed; an already-encrypted string is stored as is).
 * @param {{id:string,name:string,type:string,data:object}} credential
 */
export async function importCredential(ctx, credential) {
	if (
		!credential?.id ||
		!credential?.name ||
		!credential?.type ||
		typeof credential.data !== 'object'
	) {
		throw new Error('importCredential needs {id, name, type, data:{...}}');
	}
	const file = path.join(ctx.tmpDir, `credential-${credential.id}.json`);
	await writeFile(file, JSON.stringify([credential], null, 2), { mode: 0o600 });
	try {
		return assertCliOk(
			'n8n import:credentials',
			await runN8n(ctx, ['import:credentials', `--input=${file}`]),
			'Successfully imported 1 credential',
		);
	} finally {
		await rm(file, { force: true });
	}
}

/** Imports one workflow object (must carry an `id`, `nodes` and `connections`). */
export async function importWorkflow(ctx, workflow) {
	if (!workflow?.id) throw new Error('importWorkflow needs a workflow with an id');
	const file = path.join(ctx.tmpDir, `workflow-${workflow.id}.json`);
	await writeFile(file, JSON.stringify(workflow, null, 2));
	return assertCliOk(
		'n8n import:workflow',
		await runN8n(ctx, ['import:workflow', `--input=${file}`]),
		'Successfully imported 1 workflow',
	);
}

/**
 * Extracts the run data JSON from `n8n execute --rawOutput` stdout.
 * execute prints it with JSON.stringify(data, null, 2): a line that is exactly
 * "{" up to the next line that is exactly "}". Log lines come before it; on a
 * failed execution n8n logs the same JSON (after "Execution error:"), so the
 * last such block wins.
 */
export function parseRawOutput(stdout) {
	const lines = stdout.split(/\r?\n/);
	let found = null;
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{') continue;
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				found = JSON.parse(lines.slice(i, j + 1).join('\n'));
				i = j;
			} catch {
				// not a complete document yet
				continue;
			}
			break;
		}
	}
	return found;
}

/**
 * `n8n execute --id=ID --rawOutput`.
 * @returns {Promise<{exitCode:number|null, stdout:string, stderr:string, json:any, error:any}>}
 * json  = the full IRun ({ data: { resultData: { runData, error?, lastNodeExecuted } }, status, ...
 * })
 *   error = json.data.resultData.error when the execution failed
 */
export async function executeWorkflow(ctx, id, { timeoutMs = 300_000, env } = {}) {
	const res = await runN8n(ctx, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, env });
	const json = parseRawOutput(res.stdout);
	return { ...res, json, error: json?.data?.resultData?.error ?? null };
}

/** Output items (json) of a node in an execute result, first run, main output 0 by default. */
export function nodeOutput(json, nodeName, { run = 0, output = 0 } = {}) {
	const runs = json?.data?.resultData?.runData?.[nodeName];
	if (!runs?.[run]) return undefined;
	return runs[run].data?.main?.[output]?.map((item) => item.json);
}

/** Full items ({json, binary}) of a node in an execute result. */
export function nodeItems(json, nodeName, { run = 0, output = 0 } = {}) {
	return json?.data?.resultData?.runData?.[nodeName]?.[run]?.data?.main?.[output];
}

/**
 * Reads the bytes behind a binary property of an execute result
 * (item.binary.<prop>), whatever N8N_DEFAULT_BINARY_DATA_MODE was:
 *   filesystem -> id "filesystem-v2:<path>", file at $N8N_USER_FOLDER/.n8n/storage/<path>
 *                 (.n8n/binaryData/<path> on n8n 1.x)
 *   database   -> id "database:<fileId>", row in the sqlite table binary_data
 *   inline     -> base64 in .data (no id)
 * @returns {Promise<Buffer>}
 */
export async function readBinary(ctx, binary) {
	if (!binary || typeof binary !== 'object')
		throw new Error('readBinary needs item.binary.<property>');
	const id = binary.id;
	if (!id) return Buffer.from(binary.data ?? '', 'base64');
	const sep = id.indexOf(':');
	const mode = id.slice(0, sep);
	const ref = id.slice(sep + 1);
	if (mode === 'filesystem-v2' || mode === 'filesystem') {
		const storage = path.join(
			ctx.n8nFolder,
			/^1\./.test(ctx.toolchain.n8nVersion ?? '') ? 'binaryData' : 'storage',
		);
		const file = path.resolve(storage, ref);
		if (!file.startsWith(storage + path.sep)) throw new Error(`binary id escapes storage: ${id}`);
		return await readFile(file);
	}
	if (mode === 'database') {
		// n8n's own sqlite3 (built for Node 24) reads the blob; run it under Node 24.
		const script = `
			const sqlite3 = require('sqlite3');
			const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
			db.get('SELECT data FROM binary_data WHERE fileId = ?', [process.argv[2]], (err, row) => {
				if (err) { console.error(err.message); process.exit(2); }
				if (!row) { console.error('no such binary_data row'); process.exit(3); }
				process.stdout.write(Buffer.from(row.data).toString('base64'));
				db.close();
			});`;
		const { stdout } = await execFileAsync(
			ctx.toolchain.node,
			['-e', script, path.join(ctx.n8nFolder, 'database.sqlite'), ref],
			{ cwd: ctx.toolchain.n8nDir, maxBuffer: 1024 * 1024 * 1024 },
		);
		return Buffer.from(stdout, 'base64');
	}
	throw new Error(`unsupported binary data mode in id ${id}`);
}
