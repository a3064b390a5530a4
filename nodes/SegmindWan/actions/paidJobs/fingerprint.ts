import type { IBinaryData, IDataObject } from 'n8n-workflow';

/**
 * A job's fingerprint: its model, its validated parameters and the identity of each binary
 * input. Taken before the uploads (an upload makes a new URL every time, so the sent body
 * differs between two runs of the same job). Shipped code may not import `crypto`, hence the
 * small hash below: it tells jobs apart, it is not a security boundary.
 */

/** What a fingerprint needs of a prepared job (see PreparedJob in ../prepareItem.ts). */
export interface FingerprintInputs {
	model: { slug: string };
	prepared: {
		/** Binary inputs still hold their placeholders here. */
		body: IDataObject;
		uploads: Array<{ placeholder: string; binary: IBinaryData }>;
	};
}

/** JSON with object keys sorted, so equal parameters give equal text. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, entry]) => entry !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Two 32-bit FNV-1a variants side by side: 64 bits as 16 hex digits. */
export function hash64(text: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		a = Math.imul(a ^ code, 0x01000193);
		b = Math.imul(b ^ code, 0x5bd1e995);
		b ^= b >>> 15;
	}
	const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
	return hex(a) + hex(b);
}

/** A binary's identity: n8n's stored id when it has one, else a digest of what is inline. */
function binaryIdentity(binary: IBinaryData): string {
	if (binary.id) return `id:${binary.id}`;
	const meta = canonical({
		mimeType: binary.mimeType,
		fileName: binary.fileName,
		fileSize: binary.fileSize,
		bytes: binary.bytes,
	});
	return `inline:${hash64(`${meta}|${binary.data ?? ''}`)}`;
}

export function jobFingerprint(job: FingerprintInputs): string {
	const binaries = job.prepared.uploads.map(
		(upload) => `${upload.placeholder}=${binaryIdentity(upload.binary)}`,
	);
	return hash64(canonical({ model: job.model.slug, body: job.prepared.body, binaries }));
}
