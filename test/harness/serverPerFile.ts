/**
 * The lifecycle every simulator-backed jest file shares: one server for the whole file, started
 * before its first test, reset after each test (so no test sees another's routes, faults or
 * recorded requests) and closed after the last. `assign` hands the started server to the file's
 * own `let`, so the tests keep using it by name.
 */
import { startSimulator } from '../simulator/segmindSimulator';
import type { Simulator, SimulatorOptions } from '../simulator/segmindSimulator';
import { startEchoServer } from './echoServer';
import type { EchoServer } from './echoServer';
import { API_KEY } from './nodeRun';

interface TestServer {
	reset(): void;
	close(): Promise<void>;
}

export function useServerPerFile<T extends TestServer>(
	start: () => Promise<T>,
	assign: (server: T) => void,
): void {
	let server: T | undefined;
	beforeAll(async () => {
		server = await start();
		assign(server);
	});
	afterEach(() => server?.reset());
	afterAll(async () => await server?.close());
}

/** The Segmind simulator, accepting the recognisable test key (nodeRun.ts). */
export function useSimulator(
	assign: (sim: Simulator) => void,
	options: SimulatorOptions = {},
): void {
	useServerPerFile(() => startSimulator({ apiKey: API_KEY, ...options }), assign);
}

/** A plain echo server, e.g. the foreign host that redirects point to. */
export function useEchoServer(assign: (server: EchoServer) => void): void {
	useServerPerFile(() => startEchoServer(), assign);
}
