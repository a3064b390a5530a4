// Local fakes of the services n8n's own upload nodes talk to, each recording what it received
// (bytes, file name, MIME type) for chains.e2e.mjs: Google's upload APIs (YouTube, Drive; HTTPS
// with the run's own CA, reached through offlineHosts.cjs), an S3-compatible server, Telegram's
// Bot API and an upload API (multipart/form-data and raw binary bodies). Anything they do not
// know is answered 404 and recorded in `unexpected`, which the suite requires to stay empty.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { parseMultipart } from './multipart.mjs';

export const GOOGLE_API = 'www.googleapis.com';
export const GOOGLE_OAUTH = 'oauth2.googleapis.com';
export const GOOGLE_HOSTS = [GOOGLE_API, GOOGLE_OAUTH];
export const ACCESS_TOKEN = `fake-google-token-${randomUUID()}`;
export const TELEGRAM_TOKEN = '123456:fake-telegram-token';
export const S3_BUCKET = 'segmind.videos'; // a dot: S3 V2 then sends path-style to s3Endpoint

const readBody = (req) =>
	new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});

const json = (res, status, body, headers = {}) => {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
};
const xml = (res, body, headers = {}) => {
	res.writeHead(200, { 'content-type': 'application/xml', ...headers });
	res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
};

/**
 * @param {{key:Buffer, cert:Buffer, driveFiles?:Record<string,{name:string,mimeType:string,data:Buffer}>}} opts
 */
export async function startFakes({ key, cert, driveFiles = {} }) {
	/** @type {{service:string, tag:string, bytes:Buffer, fileName?:string, mimeType?:string, meta?:object}[]} */
	const uploads = [];
	const unexpected = [];
	const sessions = new Map(); // resumable and multipart uploads in progress

	const record = (entry) => uploads.push(entry);
	const notFound = (req, res, why = 'unknown route') => {
		unexpected.push(`${req.headers.host} ${req.method} ${req.url} (${why})`);
		json(res, 404, { error: why });
	};

	/** A resumable upload session (Google): chunks by Content-Range, 308 until the last byte. */
	function resumablePut(req, res, body, done) {
		const id = new URL(req.url, 'https://x').searchParams.get('upload_id');
		const session = sessions.get(id);
		const range = /bytes (\d+)-(\d+)\/(\d+)/.exec(req.headers['content-range'] ?? '');
		if (!session || !range) return notFound(req, res, 'no upload session or Content-Range');
		const [from, to, total] = range.slice(1).map(Number);
		if (from !== session.received || to - from + 1 !== body.length)
			return notFound(req, res, `chunk ${from}-${to} after ${session.received} bytes`);
		session.chunks.push(body);
		session.received = to + 1;
		if (session.received < total) {
			res.writeHead(308, { range: `bytes=0-${to}` });
			return res.end();
		}
		sessions.delete(id);
		return done(session, Buffer.concat(session.chunks));
	}

	function startSession(res, uploadPath, meta) {
		const id = randomUUID();
		sessions.set(id, { meta, chunks: [], received: 0 });
		res.writeHead(200, {
			location: `https://${GOOGLE_API}${uploadPath}?uploadType=resumable&upload_id=${id}`,
			'content-type': 'application/json',
		});
		res.end('{}');
	}

	async function google(req, res) {
		const url = new URL(req.url, `https://${req.headers.host}`);
		const body = await readBody(req);
		if (req.headers.host === GOOGLE_OAUTH && url.pathname === '/token')
			return json(res, 200, { access_token: ACCESS_TOKEN, expires_in: 3600, token_type: 'Bearer' });
		if (req.headers.host !== GOOGLE_API) return notFound(req, res, 'unknown host');
		// Google's resumable upload URL is itself the credential: the chunks carry no token.
		const chunk = req.method === 'PUT' && url.searchParams.has('upload_id');
		if (!chunk && req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`)
			return notFound(req, res, `authorization "${req.headers.authorization}"`);
		const route = `${req.method} ${url.pathname}`;
		const resumable = url.searchParams.get('uploadType') === 'resumable';
		if (
			route === 'POST /upload/youtube/v3/videos' &&
			resumable &&
			!url.searchParams.has('upload_id')
		)
			return startSession(res, url.pathname, {
				snippet: JSON.parse(body.toString('utf8')).snippet,
				mimeType: req.headers['x-upload-content-type'],
				length: Number(req.headers['x-upload-content-length']),
			});
		if (route === 'PUT /upload/youtube/v3/videos')
			return resumablePut(req, res, body, ({ meta }, bytes) => {
				const { snippet, ...rest } = meta;
				record({
					service: 'youtube',
					tag: snippet.title,
					bytes,
					mimeType: meta.mimeType,
					meta: rest,
				});
				json(res, 200, { id: `yt-${randomUUID()}`, snippet });
			});
		if (route === 'POST /upload/drive/v3/files' && resumable && !url.searchParams.has('upload_id'))
			return startSession(res, url.pathname, {
				metadata: JSON.parse(body.toString('utf8')),
				mimeType: req.headers['x-upload-content-type'],
			});
		if (route === 'PUT /upload/drive/v3/files')
			return resumablePut(req, res, body, ({ meta }, bytes) => {
				const id = `drive-${randomUUID()}`;
				sessions.set(id, { drive: { bytes, ...meta } });
				json(res, 200, { id });
			});
		const fileId = /^\/drive\/v3\/files\/([^/]+)$/.exec(url.pathname)?.[1];
		if (req.method === 'PATCH' && sessions.get(fileId)?.drive) {
			// The node's last step names the uploaded file and sets its MIME type.
			const { bytes, metadata, mimeType } = sessions.get(fileId).drive;
			sessions.delete(fileId);
			const patch = JSON.parse(body.toString('utf8') || '{}');
			record({
				service: 'drive',
				tag: metadata.parents?.join() ?? '',
				bytes,
				fileName: patch.name ?? metadata.name,
				mimeType: patch.mimeType ?? mimeType,
				meta: { uploadMimeType: mimeType, metadataName: metadata.name },
			});
			return json(res, 200, { id: fileId, name: patch.name, mimeType: patch.mimeType });
		}
		const stored = driveFiles[fileId];
		if (req.method === 'GET' && stored) {
			if (url.searchParams.get('alt') === 'media') {
				res.writeHead(200, { 'content-type': stored.mimeType });
				return res.end(stored.data);
			}
			return json(res, 200, { id: fileId, name: stored.name, mimeType: stored.mimeType });
		}
		return notFound(req, res);
	}

	async function s3(req, res, url, body) {
		const objectKey = decodeURIComponent(url.pathname.slice(`/${S3_BUCKET}/`.length));
		const q = url.searchParams;
		if (req.method === 'GET' && url.pathname === `/${S3_BUCKET}` && q.has('location'))
			// The xmlns attribute matters: the node reads the region as LocationConstraint._.
			return xml(
				res,
				'<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">us-east-1</LocationConstraint>',
			);
		if (!/^AWS4-HMAC-SHA256 Credential=AKIAFAKECHAINS\//.test(req.headers.authorization ?? ''))
			return notFound(req, res, 'unsigned S3 request');
		if (req.method === 'POST' && q.has('uploads')) {
			const id = randomUUID();
			sessions.set(id, { parts: new Map(), mimeType: req.headers['content-type'] });
			return xml(
				res,
				`<InitiateMultipartUploadResult><Bucket>${S3_BUCKET}</Bucket><Key>${objectKey}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
			);
		}
		const session = sessions.get(q.get('uploadId'));
		if (!session) return notFound(req, res, 'no such S3 upload');
		if (req.method === 'PUT' && q.has('partNumber')) {
			session.parts.set(Number(q.get('partNumber')), body);
			res.writeHead(200, { etag: `"etag-${q.get('partNumber')}"` });
			return res.end();
		}
		const numbers = [...session.parts.keys()].sort((a, b) => a - b);
		if (req.method === 'GET')
			return xml(
				res,
				`<ListPartsResult>${numbers.map((n) => `<Part><PartNumber>${n}</PartNumber><ETag>"etag-${n}"</ETag><Size>${session.parts.get(n).length}</Size></Part>`).join('')}</ListPartsResult>`,
			);
		if (req.method === 'POST') {
			sessions.delete(q.get('uploadId'));
			record({
				service: 's3',
				tag: S3_BUCKET,
				bytes: Buffer.concat(numbers.map((n) => session.parts.get(n))),
				fileName: objectKey,
				mimeType: session.mimeType,
				meta: { parts: numbers.length },
			});
			return xml(
				res,
				`<CompleteMultipartUploadResult><Bucket>${S3_BUCKET}</Bucket><Key>${objectKey}</Key><ETag>"done"</ETag></CompleteMultipartUploadResult>`,
			);
		}
		return notFound(req, res);
	}

	function fileFromMultipart(req, res, body, service, field, tagField) {
		const parts = parseMultipart(body, req.headers['content-type']);
		const file = parts.find((p) => p.name === field);
		const tag = parts.find((p) => p.name === tagField)?.data.toString('utf8') ?? '';
		record({
			service,
			tag,
			bytes: file?.data ?? Buffer.alloc(0),
			fileName: file?.filename,
			mimeType: file?.contentType,
			meta: { fields: parts.map((p) => p.name) },
		});
	}

	async function plain(req, res) {
		const url = new URL(req.url, 'http://127.0.0.1');
		const body = await readBody(req);
		if (url.pathname === `/${S3_BUCKET}` || url.pathname.startsWith(`/${S3_BUCKET}/`))
			return s3(req, res, url, body);
		if (req.method === 'POST' && url.pathname === `/bot${TELEGRAM_TOKEN}/sendVideo`) {
			fileFromMultipart(req, res, body, 'telegram', 'video', 'chat_id');
			return json(res, 200, { ok: true, result: { message_id: uploads.length, video: {} } });
		}
		const multipartTag = /^\/api\/multipart\/([\w-]+)$/.exec(url.pathname)?.[1];
		if (req.method === 'POST' && multipartTag) {
			fileFromMultipart(req, res, body, 'multipart', 'video', 'tag');
			uploads.at(-1).tag = multipartTag;
			return json(res, 200, { ok: true });
		}
		const rawTag = /^\/api\/raw\/([\w-]+)$/.exec(url.pathname)?.[1];
		if (req.method === 'PUT' && rawTag) {
			record({ service: 'raw', tag: rawTag, bytes: body, mimeType: req.headers['content-type'] });
			return json(res, 200, { ok: true });
		}
		return notFound(req, res);
	}

	const guard = (handler) => (req, res) =>
		handler(req, res).catch((error) => {
			unexpected.push(`${req.method} ${req.url}: ${error.message}`);
			if (!res.headersSent) json(res, 500, { error: error.message });
		});
	const plainServer = http.createServer(guard(plain));
	const tlsServer = https.createServer({ key, cert }, guard(google));
	const listen = (server) =>
		new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
	const httpPort = await listen(plainServer);
	const tlsPort = await listen(tlsServer);
	return {
		httpUrl: `http://127.0.0.1:${httpPort}`,
		tlsPort,
		ports: [httpPort, tlsPort],
		uploads,
		unexpected,
		reset() {
			uploads.length = 0;
			unexpected.length = 0;
		},
		async stop() {
			for (const server of [plainServer, tlsServer]) {
				server.closeAllConnections();
				await new Promise((resolve) => server.close(resolve));
			}
		},
	};
}
