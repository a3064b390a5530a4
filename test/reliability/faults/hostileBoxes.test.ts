/**
 * Hostile answers, round 2 (issue 20): MP4s whose boxes lie. A track of 1/65536 px must not
 * become width 0, aspect "0:0" and NaN; a moov of a million and a half empty tracks must not
 * hold the event loop for seconds. The video is still delivered; its facts are sound numbers
 * or `video: null` with the reason.
 */
import type { IDataObject } from 'n8n-workflow';

import { degenerateSizeMp4, manyTrakMp4 } from '../../fixtures/hostileMedia';
import { useSimulator } from '../../harness/serverPerFile';
import type { Simulator } from '../../simulator/segmindSimulator';
import { MAX_MOOV_BOXES } from '../../../nodes/SegmindWan/videoFacts/mp4/parseMoov';
import { caseTest } from '../cases';
import { simulatorChecks } from '../simulatorChecks';
import { flash } from './faultCases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = caseTest('faults', () => sim);

const { expectVideo } = simulatorChecks(() => sim);

describe('MP4 boxes that lie give sound facts or none', () => {
	test('a video track of 1/65536 px (coded size 0x0): delivered, video null with the reason', async ({
		run,
	}) => {
		sim.configure({ video: degenerateSizeMp4() });
		const { result } = await run(flash);
		expectVideo(result);
		const json = result.items[0].json as IDataObject;
		expect(json.video).toBeNull();
		expect(String(json.videoFactsError)).toContain('width or height');
	});

	test('a moov of 1.5 million empty trak boxes: delivered, video null, the parse stopped at the box budget', async ({
		run,
	}) => {
		sim.configure({ video: manyTrakMp4(1_500_000) });
		const { result } = await run(flash);
		expectVideo(result);
		const json = result.items[0].json as IDataObject;
		expect(json.video).toBeNull();
		expect(String(json.videoFactsError)).toContain(`more than ${MAX_MOOV_BOXES} boxes`);
	});
});
