/**
 * Hostile answers, round 2 (issue 20): the API key echoed back where the first redaction did
 * not look. Response headers reach items and errors through an axios headers object (not a
 * plain object), and an answer may quote the key in another letter case or base64-encoded
 * (e.g. inside a Basic credential). Every form the README names must be cut out.
 */
import type { RunNodeResult } from '../../harness';
import { API_KEY } from '../../harness/nodeRun';
import { useSimulator } from '../../harness/serverPerFile';
import type { Simulator } from '../../simulator/segmindSimulator';
import { keyHits, reliabilityCase } from '../cases';
import { flash } from './faultCases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const secretsTest = (name: string, body: Parameters<typeof reliabilityCase>[3]) =>
	reliabilityCase('secrets', () => sim, name, body);

const sync = { ...flash, executionMode: 'sync' };

/** Every form of the key the README says is redacted, searched in everything the run left. */
function keyForms(): string[] {
	const base64 = (text: string) => Buffer.from(text).toString('base64');
	return [
		API_KEY,
		API_KEY.toUpperCase(),
		base64(API_KEY).replace(/=+$/, ''),
		// The key inside a Basic credential: `user:<key>` shifts the base64 alignment.
		base64(`u:${API_KEY}`).slice(4, -4),
		base64(`us:${API_KEY}`).slice(4, -4),
	];
}

function expectNoKeyForm(result: RunNodeResult, noteKeyLeaks: (count: number) => void) {
	const hits = keyForms().flatMap((form) => keyHits(result, form));
	noteKeyLeaks(hits.length);
	expect(hits).toEqual([]);
}

describe('the key echoed in response headers is redacted', () => {
	secretsTest(
		'a raw sync video whose x-request-id holds the key: requestId, file names and binary metadata hold no key',
		async ({ run, noteKeyLeaks }) => {
			sim.failNext('v1', {
				status: 200,
				body: sim.video,
				contentType: 'video/mp4',
				headers: { 'x-request-id': `req-${API_KEY}` },
			});
			const { result } = await run(sync, {}, { jobs: 0 });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(String(result.items[0].json.requestId)).toContain('req-');
			expectNoKeyForm(result, noteKeyLeaks);
		},
	);

	secretsTest(
		'a failed sync answer whose x-request-id holds the key: the error holds no key',
		async ({ run, noteKeyLeaks }) => {
			sim.failNext('v1', {
				status: 500,
				body: { error: 'generation crashed' },
				headers: { 'x-request-id': API_KEY },
			});
			const { result } = await run(sync, {}, { jobs: 0 });
			expect(result.error).toBeDefined();
			expectNoKeyForm(result, noteKeyLeaks);
		},
	);

	secretsTest(
		'a raw sync answer (a web page labelled video/mp4) with the key in x-request-id: the error holds no key',
		async ({ run, noteKeyLeaks }) => {
			sim.failNext('v1', {
				status: 200,
				body: '<html>Access denied</html>',
				contentType: 'video/mp4',
				headers: { 'x-request-id': `req-${API_KEY}` },
			});
			const { result } = await run(sync, {}, { jobs: 0 });
			expect(result.error).toBeDefined();
			expectNoKeyForm(result, noteKeyLeaks);
		},
	);
});

describe('the key quoted back in another form is redacted', () => {
	secretsTest(
		'a 401 quoting the key in upper case and base64 (alone and inside a Basic credential)',
		async ({ run, noteKeyLeaks }) => {
			const base64 = (text: string) => Buffer.from(text).toString('base64');
			sim.failNext('submit', {
				status: 401,
				body: {
					error: `Invalid key ${API_KEY.toUpperCase()} (${base64(API_KEY)}; Basic ${base64(`u:${API_KEY}`)}; Basic ${base64(`us:${API_KEY}`)})`,
				},
			});
			const { result } = await run(flash, {}, { jobs: 0 });
			expect(result.error).toBeDefined();
			expectNoKeyForm(result, noteKeyLeaks);
		},
	);
});
