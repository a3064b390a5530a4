export function breakStorageFolder(storagePath: string): void;
export function filesUnder(dir: string): string[];
export function removeFolder(dir: string): void;
export function storageOf(root: string): string;
