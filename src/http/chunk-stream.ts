/**
 * An async iterable of chunks as a pull-driven web stream: the next chunk is read (from the database) only when
 * the client has taken the last one, so a slow client holds one chunk, not the file. Closing the connection
 * early ends the iterable, which stops the reads.
 *
 * No chunk is read ahead (a high-water mark of 0): the Node adapter asks for the next chunk only once the socket
 * took the last one without pushing back, or drained, so a download waiting for a slow client holds the one chunk
 * in its socket and nothing more, and does not ask the shared turn budget for a place (see `readChunks`).
 */
export function toReadableStream(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
