import type { HighlightSegment } from '../../search/index.js';

/** Text with the matched words wrapped in <mark>; every segment is escaped by JSX. */
export function HighlightedText(props: { segments: HighlightSegment[] }) {
  return <>{props.segments.map((segment) => (segment.isMatch ? <mark>{segment.text}</mark> : segment.text))}</>;
}
