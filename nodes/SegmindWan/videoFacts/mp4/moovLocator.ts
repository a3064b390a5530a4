import { MOOV_CAP_BYTES } from './mp4FactsReader';

/**
 * Where an MP4's moov is, found from a few byte ranges instead of the whole file: the whole
 * moov box (header included) once read, else which bytes to read next, else why there is none.
 */
export type MoovSearch =
	| { kind: 'found'; box: Uint8Array }
	| { kind: 'read'; offset: number; length: number }
	| { kind: 'none'; reason: string };

/** Top-level boxes a QuickTime/ISO file may open with (as Mp4FactsReader). */
const FIRST_BOX_TYPES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'styp']);

/**
 * Walks the top-level boxes in `bytes`, which hold the file from offset `start` (a box
 * boundary), skipping the media data by its stated size. `readAhead` is how much to ask for
 * when the next box starts past `bytes`; a moov larger than what was read is asked for whole,
 * up to Mp4FactsReader's cap.
 */
export function locateMoov(
	bytes: Uint8Array,
	start: number,
	fileSize: number | null,
	readAhead: number,
): MoovSearch {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const read = (offset: number, length: number): MoovSearch => ({
		kind: 'read',
		offset,
		length: fileSize === null ? length : Math.min(length, fileSize - offset),
	});
	for (let at = 0; ;) {
		const fileAt = start + at;
		if (fileSize !== null && fileAt >= fileSize)
			return { kind: 'none', reason: 'the MP4 has no moov box' };
		if (at + 8 > bytes.length) return read(fileAt, readAhead);
		const size32 = view.getUint32(at);
		const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
		if (fileAt === 0 && !FIRST_BOX_TYPES.has(type))
			return { kind: 'none', reason: 'not an MP4 file (it does not start with an ftyp box)' };
		if (size32 === 1 && at + 16 > bytes.length) return read(fileAt, readAhead);
		const header = size32 === 1 ? 16 : 8;
		const size = size32 === 1 ? view.getUint32(at + 8) * 2 ** 32 + view.getUint32(at + 12) : size32;
		if (size === 0)
			return {
				kind: 'none',
				reason: `the ${printable(type)} box at byte ${fileAt} runs to the end of the file, so no moov follows it`,
			};
		if (size < header)
			return {
				kind: 'none',
				reason: `box "${printable(type)}" at byte ${fileAt} has an impossible size ${size}`,
			};
		if (type === 'moov') {
			if (size - header > MOOV_CAP_BYTES)
				return {
					kind: 'none',
					reason: `the moov box is ${size} bytes, above the ${MOOV_CAP_BYTES}-byte cap`,
				};
			if (at + size <= bytes.length) return { kind: 'found', box: bytes.subarray(at, at + size) };
			return read(fileAt, size);
		}
		at += size;
	}
}

function printable(type: string): string {
	return type.replace(/[^\x20-\x7e]/g, '?');
}
