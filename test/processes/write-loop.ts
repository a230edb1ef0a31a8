// Test helper process: replaces the content again and again and prints each revision only after
// its transaction committed, so the parent knows which writes were acknowledged.
import { createContainer, prepareDatabase } from '../../src/container.js';
import { EXAMPLE_CONTENT } from '../create-test-app.js';

const url = process.argv[2];
if (!url) throw new Error('usage: write-loop <database-url>');
const container = createContainer({ databaseUrl: url, listenForChanges: false });
await prepareDatabase(container, EXAMPLE_CONTENT);
const content = await container.content.getContent();
for (let round = 1; ; round++) {
  const first = content.entries[0];
  if (first) first.question = `Round ${round}: ${first.question.replace(/^Round \d+: /, '')}`;
  const summary = await container.content.replaceContent(content);
  process.stdout.write(`ack ${summary.revision}\n`);
}
