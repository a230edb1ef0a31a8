/**
 * An async iterable of chunks as a pull-driven web stream: the next chunk is read (from the database) only when
 * the client has taken the last one, so a slow client holds one chunk, not the file. Closing the connection
 * early ends the iterable, which stops the reads.
 */
export function toReadableStream(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
