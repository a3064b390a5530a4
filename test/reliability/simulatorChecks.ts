import type { RunNodeResult } from '../harness';
import type { Route, Simulator } from '../simulator/segmindSimulator';

/** What the fault suites ask of the simulator after a run, bound to the suite's simulator. */
export function simulatorChecks(getSim: () => Simulator) {
	return {
		requestsTo: (route: Route) => getSim().requests.filter((request) => request.route === route),
		/** The one job the run created (fails unless there is exactly one). */
		onlyJobId(): string {
			const ids = [...getSim().jobs.keys()];
			expect(ids).toHaveLength(1);
			return ids[0];
		},
		/** One item holding exactly the simulator's video as an MP4. */
		expectVideo(result: RunNodeResult): void {
			const sim = getSim();
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			const video = result.items[0].binary!.data;
			expect(video.buffer.equals(sim.video)).toBe(true);
			expect(result.items[0].json.fileSizeBytes).toBe(sim.video.length);
			expect(video.mimeType).toBe('video/mp4');
		},
	};
}
