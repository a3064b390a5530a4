// A throwaway CA and a server certificate for the Google hosts, made with openssl for one run of
// chains.e2e.mjs: the n8n under test trusts the CA through NODE_EXTRA_CA_CERTS, nothing else does.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** @returns {Promise<{caFile:string, key:Buffer, cert:Buffer}>} */
export async function makeCertificates(dir, hosts) {
	const f = (name) => path.join(dir, name);
	const subj = ['-subj'];
	await run('openssl', [
		'req',
		'-x509',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-days',
		'2',
		'-keyout',
		f('ca.key'),
		'-out',
		f('ca.pem'),
		...subj,
		'/CN=chains e2e test CA',
	]);
	await run('openssl', [
		'req',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-keyout',
		f('server.key'),
		'-out',
		f('server.csr'),
		...subj,
		`/CN=${hosts[0]}`,
	]);
	const ext = f('server.ext');
	await writeFile(ext, `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}\n`);
	await run('openssl', [
		'x509',
		'-req',
		'-in',
		f('server.csr'),
		'-CA',
		f('ca.pem'),
		'-CAkey',
		f('ca.key'),
		'-CAcreateserial',
		'-days',
		'2',
		'-out',
		f('server.pem'),
		'-extfile',
		ext,
	]);
	return {
		caFile: f('ca.pem'),
		key: await readFile(f('server.key')),
		cert: await readFile(f('server.pem')),
	};
}
