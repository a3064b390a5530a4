import { readPrefix, REFUSED_BODY_BYTES } from '../../../nodes/SegmindWan/transport/http/readAll';

/**
 * A refused body that never ends (a gzip bomb's output): counts the bytes the reader pulled
 * and whether it was told to stop (the generator's finally runs when the reader breaks off).
 */
function endlessBody(chunkBytes: number) {
	const seen = { pulledBytes: 0, stopped: false };
	async function* body() {
		try {
			for (;;) {
				seen.pulledBytes += chunkBytes;
				yield Buffer.alloc(chunkBytes, 'a');
			}
		} finally {
			seen.stopped = true;
		}
	}
	return { body: body(), seen };
}

describe('readPrefix (refused bodies)', () => {
	it.each([1024, 64 * 1024])(
		'reads at most a few KiB of an endless body in %p-byte chunks, then stops it',
		async (chunkBytes) => {
			const { body, seen } = endlessBody(chunkBytes);
			const prefix = await readPrefix(body);
			expect(prefix.length).toBe(REFUSED_BODY_BYTES);
			// Decoded bytes pulled are bounded by the cap plus one chunk, whatever the body's size.
			expect(seen.pulledBytes).toBeLessThanOrEqual(REFUSED_BODY_BYTES + chunkBytes);
			expect(seen.stopped).toBe(true);
		},
	);

	it('returns a short body whole, and the start of a Buffer or string', async () => {
		async function* short() {
			yield Buffer.from('not found');
		}
		expect((await readPrefix(short())).toString()).toBe('not found');
		expect((await readPrefix(Buffer.alloc(10_000, 'b'))).length).toBe(REFUSED_BODY_BYTES);
		expect((await readPrefix('oops', 2)).toString()).toBe('oo');
	});

	it('a body that breaks mid-way gives what arrived, without throwing', async () => {
		async function* broken() {
			yield Buffer.from('half');
			throw new Error('ECONNRESET');
		}
		expect((await readPrefix(broken())).toString()).toBe('half');
	});
});
