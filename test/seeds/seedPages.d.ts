export interface SeedParameter {
	name: string;
	required: boolean;
	/** "string", "string (uri)", "integer" or "boolean", as the page prints it. */
	type: string;
	description: string;
	/** Absent when the page shows no default. */
	default?: string | number | boolean | null;
	/** The page prints allowed values run together, e.g. `"720P""1080P"` or `51015`. */
	allowedRaw?: string;
	range?: { min: number; max: number };
}

export interface SeedPage {
	file: string;
	slug: string;
	title: string;
	typicalSeconds?: number;
	price?: string;
	parameters: SeedParameter[];
}

export function loadSeedPages(): SeedPage[];
export const SEEDS_DIR: string;
export const SHARED_SEEDS_DIR: string;
export const COPY_SEEDS_DIR: string;
