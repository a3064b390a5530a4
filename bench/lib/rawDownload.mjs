// Plain Node (no n8n) download of one URL into a file under os.tmpdir(), to show where the
// transfer time goes. Prints `BENCH_RESULT {"ms":…,"bytes":…,"cpuMs":…}`.
//
//   node bench/lib/rawDownload.mjs '{"url":"…","mode":"writeFile"|"writeStream1m"|"discard"}'
//
// writeFile:     fs.promises.writeFile(file, response), what n8n-core's FsByteStore.write does
// writeStream1m: pipeline(response, fs.createWriteStream(file, { highWaterMark: 1 MiB }))
// discard:       read the body and drop it (the HTTP side alone)
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

const { url, mode } = JSON.parse(process.argv[2]);
const file = path.join(os.tmpdir(), `segmind-wan-bench-raw-${process.pid}.mp4`);

async function main() {
	const started = Date.now();
	const cpuBefore = process.cpuUsage();
	const response = await new Promise((resolve, reject) =>
		http.get(url, resolve).on('error', reject),
	);
	if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
	let bytes = 0;
	if (mode === 'writeFile') await fs.promises.writeFile(file, response);
	else if (mode === 'writeStream1m')
		await pipeline(response, fs.createWriteStream(file, { highWaterMark: 1024 * 1024 }));
	else if (mode === 'discard') for await (const chunk of response) bytes += chunk.length;
	else throw new Error(`unknown mode ${mode}`);
	const ms = Date.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	if (mode !== 'discard') bytes = fs.statSync(file).size;
	process.stdout.write(
		`BENCH_RESULT ${JSON.stringify({ ms, bytes, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
	);
}

main()
	.catch((error) =>
		process.stdout.write(
			`BENCH_RESULT ${JSON.stringify({ error: String(error?.stack ?? error) })}\n`,
		),
	)
	.finally(() => fs.rmSync(file, { force: true }));
