export const APPLICATION_JSON = 'application/json';
export const APPLICATION_PROTOBUF = 'application/x-protobuf';

/**
 * Whether an `Accept` header allows a media type, as libprocess decides it:
 * no header allows everything; the most specific matching range wins and
 * `q=0` refuses.
 */
export function acceptsMediaType(accept: string | undefined, mediaType: string): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  const [type, subtype] = mediaType.split('/');
  let best: { specificity: number; q: number } | undefined;
  for (const entry of accept.split(',')) {
    const [range, ...params] = entry.split(';').map((part) => part.trim());
    if (range === undefined || range === '') continue;
    const [rangeType, rangeSubtype] = range.toLowerCase().split('/');
    const specificity =
      rangeType === type && rangeSubtype === subtype ? 3
        : rangeType === type && rangeSubtype === '*' ? 2
          : rangeType === '*' && rangeSubtype === '*' ? 1
            : 0;
    if (specificity === 0) continue;
    const qParam = params.find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (best === undefined || specificity > best.specificity) best = { specificity, q: Number.isNaN(q) ? 0 : q };
  }
  return best !== undefined && best.q > 0;
}
