import { readRequestId } from '../../../nodes/SegmindWan/actions/requestIdInput';
import { fakeContext, thrownBy } from './fakeContext';

const read = (requestId: string) =>
	readRequestId(fakeContext({ items: [{}, { parameters: { requestId } }] }), 1);
const errorOf = (requestId: string) =>
	thrownBy(() => read(requestId)) as Error & { description?: string };

describe('readRequestId', () => {
	it('returns the request ID trimmed', () => {
		expect(read('  0b3c-77 \n')).toBe('0b3c-77');
	});

	it.each(['', '   '])('refuses an empty request ID %p and says where to get one', (requestId) => {
		const error = errorOf(requestId);
		expect(error.message).toBe('Invalid "Request ID" for item 1: must not be empty');
		expect(error.description).toBe(
			'Use the request ID that the Submit operation (or an error) returned, e.g. the expression {{ $json.requestId }}.',
		);
	});

	it('refuses an expression typed in Fixed mode, showing at most 60 characters of it', () => {
		const literal = `{{ $json.requestId }}${'x'.repeat(80)}`;
		const error = errorOf(literal);
		expect(error.message).toBe(
			`"Request ID" for item 1 is the literal text ${literal.slice(0, 60)}: switch this field to Expression`,
		);
		expect(error.description).toBe(
			'The field is in Fixed mode, so {{ … }} was not evaluated. Hover the field and choose "Expression" (or start the value with =). Nothing was sent to Segmind.',
		);
	});
});
