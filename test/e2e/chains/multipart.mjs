// Reads a multipart/form-data (or multipart/related) body into its parts, as a receiving API would.

/** @returns {{name?:string, filename?:string, contentType?:string, data:Buffer}[]} */
export function parseMultipart(body, contentTypeHeader) {
	const boundary = /boundary="?([^";]+)"?/i.exec(contentTypeHeader ?? '')?.[1];
	if (!boundary) throw new Error(`no multipart boundary in "${contentTypeHeader}"`);
	const delimiter = Buffer.from(`--${boundary}`);
	const parts = [];
	let start = body.indexOf(delimiter);
	while (start !== -1) {
		const after = start + delimiter.length;
		if (body.subarray(after, after + 2).toString() === '--') break; // closing delimiter
		const next = body.indexOf(delimiter, after);
		if (next === -1) throw new Error('multipart body ends without its closing delimiter');
		// Each part: CRLF, headers, CRLF CRLF, data, CRLF before the next delimiter.
		const part = body.subarray(after + 2, next - 2);
		const split = part.indexOf('\r\n\r\n');
		const headers = part.subarray(0, split).toString('utf8');
		const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
		parts.push({
			name: /\bname="([^"]*)"/i.exec(disposition)?.[1],
			filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
			contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim(),
			data: part.subarray(split + 4),
		});
		start = next;
	}
	return parts;
}
