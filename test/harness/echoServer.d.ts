/// <reference types="node" />
// Types for echoServer.js (kept free of node:* imports so the community-nodes lint rules pass).

export type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

/** the underlying node:http ServerResponse, for handlers that stream or delay their answer */
export interface RawServerResponse {
	writeHead(status: number, headers?: Record<string, string | number>): unknown;
	write(chunk: Buffer | string): boolean;
	end(chunk?: Buffer | string): unknown;
	readonly writableEnded: boolean;
	readonly headersSent: boolean;
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	body: Buffer;
	receivedAt: number;
}

export interface EchoReply {
	/** JSON (objects) / text (strings) / bytes (Buffers) response */
	json(status: number, body: unknown, headers?: Record<string, string>): void;
	raw(status: number, body: Buffer | string, headers?: Record<string, string>): void;
	/** respond with a JSON description of the request: { method, path, query, headers, bodyText, bodyLength } */
	echo(status?: number): void;
	res: RawServerResponse;
}

export type RouteHandler = (req: RecordedRequest, reply: EchoReply) => void | Promise<void>;

export interface EchoServer {
	/** e.g. http://127.0.0.1:40123 */
	url: string;
	port: number;
	/** every request received, in order */
	requests: RecordedRequest[];
	/** method '*' matches any method; unmatched requests are echoed with status 200 */
	route(method: string, path: string, handler: RouteHandler): EchoServer;
	requestsTo(path: string): RecordedRequest[];
	/** forget recorded requests and routes */
	reset(): void;
	close(): Promise<void>;
}

export function startEchoServer(options?: {
	/** keys: 'METHOD /path' or '/path' (any method) */
	routes?: Record<string, RouteHandler>;
}): Promise<EchoServer>;

export function delay(ms: number): Promise<void>;
