export function breakStorageFolder(storagePath: string): void;
export function filesUnder(dir: string): string[];
