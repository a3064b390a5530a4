export interface TallyEntry {
	suite: string;
	name: string;
	/** The case's test body finished without a failed assertion. */
	passed: boolean;
	/** Accepted generation requests beyond the jobs the case's items were meant to start. */
	duplicateSubmits: number;
	/** Requests to the public files host carrying the key, plus the key found in outputs, errors or logs. */
	keyLeaks: number;
	/** Runs that the harness had to cancel at their timeout, or that overran their time budget. */
	hangs: number;
	/** Node runs the case made. */
	runs: number;
}

export interface TallyTotals {
	tried: number;
	passed: number;
	duplicateSubmits: number;
	keyLeaks: number;
	hangs: number;
}

export const DIR_ENV: string;
export function record(entry: TallyEntry): void;
export function readAll(dir: string | undefined): TallyEntry[];
export function summarize(entries: TallyEntry[]): TallyTotals;
export function summaryLine(totals: TallyTotals): string;
export function tallyDir(): string | undefined;
