/**
 * A Segmind model is declared once, as data. The node's fields (modelProperties.ts) and the
 * request validation (requestSchema.ts) are both derived from these declarations, so a model
 * page's contract lives in exactly one place.
 */

/** What a URI field points at; decides upload checks and the binary input's accepted types. */
export type MediaKind = 'image' | 'audio' | 'video';

interface FieldBase {
	/** Exact parameter name on the Segmind model page (the n8n name is its camelCase). */
	apiName: string;
	displayName: string;
	description: string;
	required: boolean;
	/**
	 * n8n parameter name (node version 2+) when it is not the camelCase of `apiName`: a field
	 * whose allowed values differ from another model's field of the same Segmind name gets its
	 * own name, so switching models never carries over a value the new model refuses.
	 */
	parameterName?: string;
}

export interface TextField extends FieldBase {
	type: 'string';
	/** `null` = the page documents no default: the field is omitted unless the user sets it. */
	default: string | null;
	multiline?: boolean;
	/** Allowed values, exactly as the page spells them (case matters: 720P vs 720p). */
	options?: readonly string[];
}

export interface IntegerField extends FieldBase {
	type: 'integer';
	default: number | null;
	min?: number;
	max?: number;
	options?: readonly number[];
}

/** A decimal number (e.g. `sample_shift`); integers use IntegerField. */
export interface NumberField extends FieldBase {
	type: 'number';
	default: number | null;
	min?: number;
	max?: number;
}

export interface BooleanField extends FieldBase {
	type: 'boolean';
	/** `null` = no documented default: under Additional Fields, sent only when set. */
	default: boolean | null;
	/** Changes only how Segmind transfers the result, not the video: kept under Additional Fields. */
	transportOnly?: boolean;
}

export interface UriField extends FieldBase {
	type: 'uri';
	default: string | null;
	media: MediaKind;
	/** More than one may be given, in order (sent as an array when there are several). */
	maxItems?: number;
	/** Accepted file types for a binary input, when the page narrows them (else any of `media`). */
	mimeTypes?: readonly string[];
	/** Largest binary input the page allows. */
	maxBytes?: number;
}

export type ModelField = TextField | IntegerField | NumberField | BooleanField | UriField;

/** What goes in: the model selector groups and names models by it. */
export type InputKind = 'text' | 'image' | 'reference' | 'video';

/** Where a declaration's facts come from, and when they were read. */
export interface DeclarationSource {
	url: string;
	/** YYYY-MM-DD */
	read: string;
	/** What was taken from it. */
	gives: string;
}

export interface ModelDeclaration {
	/** Segmind slug: `POST /v1/{slug}` and `POST /v2/{slug}`. */
	slug: string;
	displayName: string;
	/** One line on what the model is good for. */
	summary: string;
	/** Typical generation time from the model page; drives the polling schedule. */
	typicalSeconds: number;
	/** Price per generation as the model page states it, when it states one. */
	price?: string;
	/**
	 * The most one generation can cost in USD, from the model page's price (the worst case the
	 * declaration's fields allow); undefined when the page states none. The budget guard
	 * (actions/budget/) counts it before each paid request.
	 */
	maxCostUsd?: number;
	/** What the model takes in (text only, an image, references, a video). */
	inputKind: InputKind;
	/** Sources other than the model page in ../shared/seeds (newer models). */
	sources?: readonly DeclarationSource[];
	/** What could not be sourced and is therefore left out; the README says the declaration is partial. */
	partial?: string;
	/**
	 * Groups of Segmind fields of which at most one may be given in a request (e.g. reference
	 * images vs a first frame): refused before anything is sent.
	 */
	exclusiveFields?: readonly (readonly string[])[];
	fields: readonly ModelField[];
}
